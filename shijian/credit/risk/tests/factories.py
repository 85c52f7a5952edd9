"""Hand-made entities with credit facts, changes and reports for risk-classification tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from shijian.core.roles import Role
from shijian.credit import services as credit_services
from shijian.credit.domain import Category, CreditKind, Severity
from shijian.credit.kinds import credit_kind, register_credit_kind
from shijian.credit.models import CreditFact
from shijian.credit.signals import credit_fact_recorded
from shijian.registry.domain import EntityType
from shijian.registry.models import EntityChange, Industry, MarketEntity
from shijian.registry.reports.models import AnnualReport
from shijian.testing.registry import make_entity, next_uscc
from shijian.testing.world import World

D = dt.date
TODAY = D(2026, 11, 20)
AS_OF = D(2026, 11, 20)

# Test-only list kinds (the real abnormal/serious kinds are registered by their apps when installed).
LISTED = register_credit_kind(
    CreditKind(
        kind="risktest.listed",
        label_zh="测试名单",
        label_en="Test list",
        category=Category.LIST,
        public=False,
    )
)
REMOVED = register_credit_kind(
    CreditKind(
        kind="risktest.removed",
        label_zh="移出测试名单",
        label_en="Removed from the test list",
        category=Category.LIST,
        public=False,
        severity=Severity.NONE,
    )
)
if credit_kind("serious.listed") is None:
    register_credit_kind(
        CreditKind(
            kind="serious.listed",
            label_zh="列入严重违法失信名单",
            label_en="Listed as a serious violator",
            category=Category.LIST,
            public=False,
            severity=Severity.SERIOUS,
        )
    )


def record(world: World, entity: MarketEntity, kind: str, on: dt.date, **extra: Any) -> CreditFact:
    """Record a fact as the home officer (public kinds get a document number)."""
    values: dict[str, Any] = {
        "actor": world.actor(
            Role.OFFICER if entity.supervisor_path.startswith(world.home_bureau.path) else Role.SYSTEM_ADMIN
        ),
        "entity": entity,
        "kind": kind,
        "title": f"{kind} {on}",
        "decided_on": on,
        "source_department": "洛阳市市场监督管理局",
        "document_number": f"洛市监〔{on.year}〕{on.toordinal() % 1000}号",
        "today": TODAY,
    }
    values.update(extra)
    if isinstance(values.get("severity"), str):
        values["severity"] = Severity(values["severity"])
    return credit_services.credit_fact_record(**values)


def change(entity: MarketEntity, item: str, on: dt.date) -> None:
    EntityChange.objects.create(entity=entity, item=item, before="旧", after="新", changed_on=on)


def report(entity: MarketEntity, year: int, *, late: bool = False, filed_on: dt.date | None = None) -> None:
    AnnualReport.objects.create(
        entity=entity,
        report_year=year,
        form="full",
        catalogue_version="test",
        payload={},
        filed_on=filed_on or D(year + 1, 5, 1),
        deadline=D(year + 1, 6, 30),
        deadline_rule_version=1,
        late=late,
    )


def industries() -> None:
    """A few GB/T 4754 codes: sections A and C, divisions 01 (A), 14 and 17 (C), class 1411."""
    a = Industry.objects.get_or_create(code="A", defaults={"name": "农、林、牧、渔业", "level": "section"})[0]
    c = Industry.objects.get_or_create(code="C", defaults={"name": "制造业", "level": "section"})[0]
    Industry.objects.get_or_create(code="01", defaults={"name": "农业", "level": "division", "parent": a})
    d14 = Industry.objects.get_or_create(
        code="14", defaults={"name": "食品制造业", "level": "division", "parent": c}
    )[0]
    Industry.objects.get_or_create(code="17", defaults={"name": "纺织业", "level": "division", "parent": c})
    g = Industry.objects.get_or_create(
        code="141", defaults={"name": "焙烤食品制造", "level": "group", "parent": d14}
    )[0]
    Industry.objects.get_or_create(
        code="1411", defaults={"name": "糕点、面包制造", "level": "class", "parent": g}
    )


def varied_entities(world: World) -> list[MarketEntity]:
    """A dozen entities covering every feature, bin edge and unknown value."""
    industries()
    e: list[MarketEntity] = []
    plain = make_entity(world)  # LLC, 2020, no capital, no industry: reports missing
    e.append(plain)
    rich = make_entity(
        world, registered_capital=Decimal("5000.5"), industry_code="1411", established_on=D(2010, 1, 1)
    )
    for year in (2023, 2024, 2025):
        report(rich, year, late=year == 2024)
    e.append(rich)
    young = make_entity(
        world, registered_capital=Decimal("3"), industry_code="17", established_on=D(2026, 3, 1)
    )
    e.append(young)
    individual = make_entity(
        world,
        uscc=next_uscc("410305", "92"),
        entity_type=EntityType.INDIVIDUAL_BUSINESS,
        industry_code="01",
        established_on=D(2018, 2, 28),
    )
    e.append(individual)
    punished = make_entity(world, registered_capital=Decimal("150"))
    record(world, punished, "penalty", D(2026, 10, 1), severity="serious")
    record(world, punished, "penalty", D(2025, 1, 1))
    old = record(world, punished, "penalty", D(2024, 1, 1))
    credit_services.credit_fact_revoke(
        actor=world.actor(Role.OFFICER), fact=old, reason="复议撤销", decided_on=D(2024, 6, 1), today=TODAY
    )
    wrong = record(world, punished, "sampling.failed", D(2025, 3, 1))
    credit_services.credit_fact_correct(
        actor=world.actor(Role.OFFICER), fact=wrong, reason="更正日期", decided_on=D(2025, 4, 1), today=TODAY
    )
    e.append(punished)
    inspected = make_entity(world, registered_capital=Decimal("20000"))
    record(world, inspected, "inspection.result", D(2025, 5, 1), body={"problem_found": True})
    record(world, inspected, "inspection.result", D(2026, 5, 1), body={"problem_found": False})
    record(
        world, inspected, "inspection.result", D(2026, 6, 1), body={"problem_found": "true"}
    )  # not a boolean
    for month in range(1, 12):
        record(world, inspected, "complaint.received", D(2026, month, 3), document_number="")
    e.append(inspected)
    listed = make_entity(world)
    record(world, listed, LISTED.kind, D(2025, 9, 1), document_number="")
    record(world, listed, LISTED.kind, D(2025, 10, 1), document_number="")
    record(world, listed, REMOVED.kind, D(2025, 11, 1), document_number="")
    e.append(listed)
    # Same responsible person as the listed entity; another at its address.
    sibling = make_entity(world)
    MarketEntity.objects.filter(pk=sibling.pk).update(responsible_person=listed.responsible_person)
    e.append(sibling)
    neighbour = make_entity(world, address="河南省洛阳市涧西区中州西路1号")
    e.append(neighbour)
    serious = make_entity(world, scope="out")
    record(world, serious, "serious.listed", D(2024, 2, 1), severity="serious")
    e.append(serious)
    mover = make_entity(world)
    for on in (D(2025, 1, 5), D(2025, 6, 5), D(2026, 2, 5)):
        change(mover, "住所 registered address", on)
    change(mover, "法定代表人（负责人） responsible person", D(2023, 1, 1))  # too old
    change(mover, "歇业备案 suspension", D(2026, 1, 1))
    MarketEntity.objects.filter(pk=mover.pk).update(status="suspended")
    e.append(mover)
    revoked = make_entity(world)
    MarketEntity.objects.filter(pk=revoked.pk).update(status="revoked")
    e.append(revoked)
    closed = make_entity(world)
    MarketEntity.objects.filter(pk=closed.pk).update(status="deregistered")
    e.append(closed)
    return [MarketEntity.objects.get(pk=x.pk) for x in e]


@pytest.fixture
def no_incremental() -> Iterator[None]:
    """Run without the incremental receiver (tests of the monthly run count history rows exactly)."""
    from shijian.credit.risk.receivers import rescore_on_fact

    credit_fact_recorded.disconnect(rescore_on_fact, dispatch_uid="credit_risk.rescore")
    try:
        yield
    finally:
        credit_fact_recorded.connect(rescore_on_fact, dispatch_uid="credit_risk.rescore")
