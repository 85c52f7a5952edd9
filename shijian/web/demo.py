"""Demo-data steps contributed by the apps, in the order they run."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from shijian.accounts.models import User
from shijian.core.actor import Actor
from shijian.core.clock import services as clock_services
from shijian.core.clock.domain import CalendarYearMissing
from shijian.core.clock.models import Clock
from shijian.credit.abnormal.demo import abnormal_demo
from shijian.credit.joint.demo import joint_demo
from shijian.credit.repair.demo import repair_demo
from shijian.credit.risk.demo import risk_demo
from shijian.credit.serious.demo import serious_demo
from shijian.inspection.results.demo import inspection_demo
from shijian.registry.demo import registry_demo
from shijian.registry.reports.demo import annual_reports_demo

#: (subject type, subject id prefix, rule id, days before today the period started)
DEMO_CLOCKS: list[tuple[str, str, str, int]] = [
    ("complaints.complaint", "TS", "complaint.accept", 5),
    ("complaints.complaint", "TS", "complaint.accept", 12),
    ("complaints.report", "JB", "report.verify", 10),
    ("complaints.report", "JB", "report.notify_reporter", 3),
    ("cases.case", "AJ", "case.legal_review", 16),
    ("cases.case", "AJ", "penalty.publish", 20),
    ("inspection.task", "CC", "inspection.publish", 8),
    ("disclosure.request", "YSQ", "foi.reply", 24),
]


def demo_clocks(*, actor: Actor, seed: int, size: str, out: Any) -> dict[str, Any]:
    """Open deadlines for the demo officers, some overdue and some due soon, relative to today."""
    if Clock.objects.exists():
        return {"clocks": Clock.objects.count()}
    rng = random.Random(seed)  # noqa: S311 - deterministic demo data, not security
    today = timezone.localdate()
    created = skipped = 0
    for username in ("officer", "jianxi"):
        user = User.objects.select_related("org_unit").filter(username=username).first()
        if user is None or user.org_unit is None:
            continue
        for index, (subject_type, prefix, rule_id, days_ago) in enumerate(DEMO_CLOCKS):
            start = today - dt.timedelta(days=days_ago + rng.randint(0, 2))
            try:
                clock_services.clock_start(
                    actor=actor,
                    subject_type=subject_type,
                    subject_id=f"{prefix}-{start.year}-{user.pk:02d}{index:04d}",
                    rule_id=rule_id,
                    start=start,
                    org_unit_path=user.org_unit.path,
                    assignee_user_id=user.pk,
                    today=today,
                )
                created += 1
            except CalendarYearMissing as exc:
                # Never guess a calendar: a year that is not loaded yet just means fewer demo clocks.
                skipped += 1
                out.write(f"跳过 skipped {rule_id}: {exc.message_en}")
    return {"clocks": created, "clocks_skipped": skipped}


#: Each step is called with actor=, seed=, size=, out= and returns summary counts.
STEPS: list[Callable[..., dict[str, Any]]] = [
    registry_demo,
    annual_reports_demo,
    abnormal_demo,
    serious_demo,
    joint_demo,
    risk_demo,
    repair_demo,
    inspection_demo,
    demo_clocks,
]
