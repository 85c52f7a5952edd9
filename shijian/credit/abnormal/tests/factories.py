"""Helpers of the abnormal-list tests."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from shijian.core.actor import system_actor
from shijian.core.roles import Role
from shijian.credit.abnormal import services
from shijian.credit.abnormal.domain import Ground
from shijian.credit.abnormal.models import AbnormalListing
from shijian.registry.domain import EntityType
from shijian.registry.models import MarketEntity
from shijian.registry.reports import services as report_services
from shijian.registry.reports.domain import ReportForm
from shijian.registry.reports.models import AnnualReport
from shijian.registry.reports.tests.factories import full_payload, represent, simplified_payload
from shijian.testing.registry import make_entity, next_uscc
from shijian.testing.world import World

D = dt.date
SYSTEM = system_actor("tests")
#: The 2025 reports are due 30 June 2026 (annual_report.deadline).
LISTED_ON = D(2026, 7, 10)
_letters = itertools.count(1)


def individual(world: World, **overrides: Any) -> MarketEntity:
    """An individual business (个体工商户) of the home county."""
    values: dict[str, Any] = {
        "uscc": next_uscc("410305", category="92"),
        "name": "洛阳市涧西区小王便利店",
        "entity_type": EntityType.INDIVIDUAL_BUSINESS,
    }
    values.update(overrides)
    return make_entity(world, **values)


def list_for_report(
    world: World,
    entity: MarketEntity,
    *,
    year: int = 2025,
    decided_on: dt.date = LISTED_ON,
    today: dt.date | None = None,
    role: Role = Role.OFFICER,
) -> AbnormalListing:
    """List ``entity`` on ground (1) for the ``year`` report, the day after the deadline established."""
    return services.abnormal_list(
        actor=world.actor(role),
        entity=entity,
        ground=Ground.ANNUAL_REPORT,
        ground_on=D(year + 1, 7, 1),
        decided_on=decided_on,
        report_year=year,
        today=today or decided_on,
    )


def file_report(world: World, entity: MarketEntity, *, year: int = 2025, today: dt.date) -> AnnualReport:
    """The entity's representative files its ``year`` report."""
    if not entity.representatives.filter(user=world.users[Role.ENTERPRISE]).exists():
        represent(entity, world.users[Role.ENTERPRISE])
    individual_business = entity.entity_type == EntityType.INDIVIDUAL_BUSINESS.value
    return report_services.annual_report_file(
        actor=world.actor(Role.ENTERPRISE),
        entity=entity,
        report_year=year,
        form=ReportForm.SIMPLIFIED if individual_business else ReportForm.FULL,
        payload=simplified_payload() if individual_business else full_payload(),
        today=today,
    )


def send_letters(
    world: World, entity: MarketEntity, *dates: dt.date, unsigned: bool = True, today: dt.date
) -> None:
    """Record registered letters sent on ``dates``, returned unsigned 5 days later."""
    for sent_on in dates:
        services.letter_record(
            actor=world.actor(Role.OFFICER),
            entity=entity,
            sent_on=sent_on,
            tracking_number=f"XA{next(_letters):09d}CN",
            returned_unsigned=unsigned,
            returned_on=sent_on + dt.timedelta(days=5) if unsigned else None,
            today=today,
        )
