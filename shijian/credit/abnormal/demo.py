"""Demo data of the abnormal-operations list (a step for ``shijian demo-data``).

Wire it in ``shijian/web/demo.py`` by appending ``abnormal_demo`` to ``STEPS``
after ``registry_demo`` (it needs the demo entities and users).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from shijian.accounts.models import OrgUnit, User
from shijian.accounts.selectors import actor_for_user
from shijian.core.actor import Actor
from shijian.core.errors import DomainError
from shijian.credit.abnormal import services
from shijian.credit.abnormal.domain import Ground, report_due
from shijian.credit.abnormal.models import AbnormalListing
from shijian.registry.models import MarketEntity
from shijian.registry.reports.models import AnnualReport
from shijian.registry.reports.selectors import report_deadline
from shijian.registry.selectors import entities_represented

HOME_BUREAU = "410305-AMR"
LISTED = {"small": 6, "medium": 20, "large": 60}


def _report_year(today: dt.date) -> int:
    """The latest report year whose deadline has passed."""
    year = today.year - 1
    return year if today > report_deadline(report_year=year).deadline else year - 1


def abnormal_demo(*, actor: Actor, seed: int, size: str, out: Any) -> dict[str, Any]:
    """Put some 涧西区 entities on the list: most for missing reports, two removed after a cure,
    the demo enterprise's entity with an objection pending, and one individual business in
    abnormal status. Does nothing when listings exist already.
    """
    if AbnormalListing.objects.exists():
        return {"abnormal_listings": AbnormalListing.objects.count()}
    bureau = OrgUnit.objects.filter(code=HOME_BUREAU).first()
    if bureau is None:
        out.write("跳过经营异常名录：缺少涧西区机构 skipped the abnormal list: no 涧西区 bureau")
        return {"abnormal_listings": 0}
    rng = random.Random(seed)  # noqa: S311 - deterministic demo data, not security
    today = timezone.localdate()
    counts = {"abnormal_listed": 0, "abnormal_removed": 0, "abnormal_status": 0, "abnormal_objections": 0}
    try:
        year = _report_year(today)
        deadline = report_deadline(report_year=year).deadline
        base = MarketEntity.objects.filter(
            supervisor_path__startswith=bureau.path,
            status="active",
            established_on__lte=dt.date(year, 12, 31),
        ).exclude(annual_reports__report_year=year)
        enterprise = User.objects.filter(username="enterprise").first()
        own = None
        if enterprise is not None:
            own = entities_represented(actor=actor_for_user(enterprise), on=today).first()
        companies = list(base.exclude(entity_type="individual").order_by("id")[:200])
        rng.shuffle(companies)
        chosen = [e for e in companies if own is None or e.pk != own.pk][: LISTED.get(size, 6)]
        report_listings = []
        for entity in chosen[:-2]:
            report_listings.append(
                services.abnormal_list(
                    actor=actor,
                    entity=entity,
                    ground=Ground.ANNUAL_REPORT,
                    ground_on=deadline + dt.timedelta(days=1),
                    decided_on=today,
                    report_year=year,
                    today=today,
                )
            )
            counts["abnormal_listed"] += 1
        for entity in chosen[-2:]:
            listing = services.abnormal_list(
                actor=actor,
                entity=entity,
                ground=Ground.FALSE_DISCLOSURE,
                ground_on=today,
                decided_on=today,
                reason=f"{year}年度报告所填从业人数与社会保险缴费记录不符",
                today=today,
            )
            services.abnormal_remove(
                actor=actor,
                listing=listing,
                cured_on=today,
                cure_note="企业已更正年度报告从业人数",
                today=today,
            )
            counts["abnormal_removed"] += 1
        individual = base.filter(entity_type="individual").order_by("id").first()
        if individual is not None:
            services.abnormal_list(
                actor=actor,
                entity=individual,
                ground=Ground.ANNUAL_REPORT,
                ground_on=deadline + dt.timedelta(days=1),
                decided_on=today,
                report_year=year,
                today=today,
            )
            counts["abnormal_status"] += 1
        if (
            own is not None
            and enterprise is not None
            and report_due(established_on=own.established_on, report_year=year)
            and not AnnualReport.objects.filter(entity=own, report_year=year).exists()
        ):
            listing = services.abnormal_list(
                actor=actor,
                entity=own,
                ground=Ground.ANNUAL_REPORT,
                ground_on=deadline + dt.timedelta(days=1),
                decided_on=today,
                report_year=year,
                today=today,
            )
            services.objection_file(
                actor=actor_for_user(enterprise),
                listing=listing,
                objector_name=own.name,
                contact="0379-64000000",
                reason=f"本公司已于{deadline.year}年6月通过纸质方式报送{year}年度报告，请核实。",
                today=today,
            )
            counts["abnormal_objections"] += 1
        elif report_listings:
            # The demo enterprise filed its report: a paper objection entered at the counter instead.
            paper = report_listings[0]
            services.objection_file(
                actor=actor,
                listing=paper,
                objector_name=paper.entity.name,
                contact="0379-64000000",
                reason=f"本单位已于{deadline.year}年6月向登记机关提交{year}年度报告纸质文本，请核实。",
                today=today,
            )
            counts["abnormal_objections"] += 1
    except DomainError as exc:
        # For example a calendar year that is not loaded yet: never guess, just make fewer demo rows.
        out.write(f"经营异常名录演示数据未完成 abnormal-list demo incomplete: {exc.message_en}")
    return counts
