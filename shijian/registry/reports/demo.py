"""Demo annual reports: most entities filed on time, some late, some not at all (as in a real register).

Written directly (bulk), not through the filing service: the demo needs
thousands of past reports in seconds, and past filings have no open clocks
or notifications to drive. Reports carry the minimal content of their form.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from shijian.core.actor import Actor
from shijian.registry.domain import EntityType
from shijian.registry.models import MarketEntity
from shijian.registry.reports.domain.catalogue import ENTERPRISE_2014, INDIVIDUAL_2014, ReportForm
from shijian.registry.reports.models import AnnualReport
from shijian.registry.reports.selectors import report_deadline

#: Shares of filings on time and late (the rest files nothing) - about the national filing rate.
ON_TIME, LATE = 0.88, 0.05


def annual_reports_demo(*, actor: Actor, seed: int, size: str, out: Any) -> dict[str, Any]:
    """Past annual reports for the demo entities (does nothing once reports exist)."""
    if AnnualReport.objects.exists():
        return {"annual_reports": AnnualReport.objects.count()}
    rng = random.Random(seed + 5)  # noqa: S311 - deterministic demo data, not security
    today = timezone.localdate()
    last_year = (
        today.year - 1 if today >= report_deadline(report_year=today.year - 1).deadline else today.year - 2
    )
    reports: list[AnnualReport] = []
    for entity in MarketEntity.objects.order_by("pk").only("id", "entity_type", "established_on"):
        individual = entity.entity_type == EntityType.INDIVIDUAL_BUSINESS.value
        for year in (last_year - 1, last_year):
            if entity.established_on.year >= year:
                continue  # registered in or after that year: nothing due for it
            draw = rng.random()
            if draw >= ON_TIME + LATE:
                continue
            deadline = report_deadline(report_year=year)
            if draw < ON_TIME:
                filed = dt.date(year + 1, rng.randint(1, 6), rng.randint(1, 28))
            else:
                filed = deadline.deadline + dt.timedelta(days=rng.randint(1, 120))
            if filed > today:
                continue
            reports.append(
                AnnualReport(
                    entity_id=entity.pk,
                    report_year=year,
                    form=(ReportForm.SIMPLIFIED if individual else ReportForm.FULL).value,
                    catalogue_version=(INDIVIDUAL_2014 if individual else ENTERPRISE_2014).version,
                    payload={},
                    filed_on=filed,
                    deadline=deadline.deadline,
                    deadline_rule_version=deadline.rule_version,
                    late=filed > deadline.deadline,
                )
            )
    AnnualReport.objects.bulk_create(reports, batch_size=1000)
    return {"annual_reports": len(reports)}
