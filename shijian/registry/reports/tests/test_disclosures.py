"""Ad-hoc disclosures on PostgreSQL: the 20-working-day clock, filing, lateness, permissions."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from shijian.core.audit.models import AuditRecord
from shijian.core.clock.domain import ClockStatus
from shijian.core.clock.models import Clock
from shijian.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from shijian.core.roles import Role
from shijian.registry.domain import EntityType
from shijian.registry.models import MarketEntity, PublicFact
from shijian.registry.publication import fact_kind
from shijian.registry.reports import services
from shijian.registry.reports.domain import DisclosureKind, ReportErrorCode
from shijian.registry.reports.models import AdhocDisclosure, DisclosureStatus
from shijian.registry.reports.tests.factories import represent
from shijian.testing.privacy import personal_data_found
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
D = dt.date

FORMED = D(2026, 4, 27)  # Monday before the 2026 Labour Day holiday
# registry.adhoc_disclosure: 20 working days, the forming day not counted. Counted by hand:
#  1 04-28 Tue   2 04-29 Wed   3 04-30 Thu   (05-01..05-05 Labour Day holiday, not counted)
#  4 05-06 Wed   5 05-07 Thu   6 05-08 Fri   7 05-09 Sat (make-up working day 调休上班)
#  8 05-11 Mon   9 05-12      10 05-13      11 05-14      12 05-15 Fri
# 13 05-18 Mon  14 05-19      15 05-20      16 05-21      17 05-22 Fri
# 18 05-25 Mon  19 05-26      20 05-27 Wed  -> due 2026-05-27
DUE = D(2026, 5, 27)

PENALTY = {
    "decision_number": "洛涧市监罚〔2026〕8号",
    "violation": "未按规定明码标价",
    "penalty": "警告",
    "authority": "洛阳市涧西区市场监督管理局",
    "decided_on": "2026-04-27",
}


def setup_entity(world: World, **overrides: object) -> MarketEntity:
    entity = make_entity(world, **overrides)
    represent(entity, world.users[Role.ENTERPRISE])
    return entity


def record(world: World, entity: MarketEntity, role: Role = Role.ENTERPRISE) -> AdhocDisclosure:
    return services.disclosure_record(
        actor=world.actor(role),
        entity=entity,
        kind=DisclosureKind.PENALTY,
        formed_on=FORMED,
        today=D(2026, 4, 28),
    )


def test_recording_the_forming_date_starts_the_clock(world: World) -> None:
    entity = setup_entity(world)
    disclosure = record(world, entity)
    clock = Clock.objects.get(subject_type="registry_reports.disclosure", subject_id=str(disclosure.pk))
    assert clock.rule_id == "registry.adhoc_disclosure"
    assert clock.org_unit_path == entity.supervisor_path
    assert clock.started_on == FORMED and clock.status == ClockStatus.RUNNING
    assert clock.due_date == DUE and disclosure.due_on == DUE and disclosure.clock_id == clock.pk
    assert disclosure.status == DisclosureStatus.RECORDED
    audit = AuditRecord.objects.get(action="registry.disclosure.recorded")
    assert audit.actor.startswith("user:") and audit.org_unit_path == entity.supervisor_path


def test_filing_stops_the_clock_and_publishes(world: World) -> None:
    entity = setup_entity(world)
    disclosure = record(world, entity)
    filed = services.disclosure_file(
        actor=world.actor(Role.ENTERPRISE), disclosure=disclosure, content=PENALTY, today=DUE
    )
    clock = Clock.objects.get(pk=disclosure.clock_id)
    assert clock.status == ClockStatus.COMPLETED and clock.ended_on == DUE and not clock.completed_late
    assert filed.status == DisclosureStatus.FILED and filed.late is False and filed.filed_on == DUE
    fact = PublicFact.objects.get(pk=filed.fact_id)
    assert fact.kind == "registry.disclosure" and fact_kind(fact.kind).section == "disclosures"
    assert fact.body["decision_number"] == "洛涧市监罚〔2026〕8号" and fact.body["late"] is False
    assert fact.title == "行政处罚信息（2026-04-27形成）"
    assert personal_data_found(json.dumps(fact.body, ensure_ascii=False) + fact.title) == []


def test_filing_after_the_due_date_is_marked_late(world: World) -> None:
    entity = setup_entity(world)
    disclosure = record(world, entity)
    filed = services.disclosure_file(
        actor=world.actor(Role.ENTERPRISE),
        disclosure=disclosure,
        content=PENALTY,
        today=DUE + dt.timedelta(days=1),
    )
    assert filed.late is True
    assert Clock.objects.get(pk=disclosure.clock_id).completed_late is True
    assert PublicFact.objects.get(pk=filed.fact_id).title.endswith("（逾期公示）")


def test_submit_records_and_files_in_one_step(world: World) -> None:
    entity = setup_entity(world)
    disclosure = services.disclosure_submit(
        actor=world.actor(Role.ENTERPRISE),
        entity=entity,
        kind=DisclosureKind.PENALTY,
        formed_on=FORMED,
        content=PENALTY,
        today=D(2026, 5, 6),
    )
    assert disclosure.status == DisclosureStatus.FILED and disclosure.due_on == DUE and not disclosure.late


def test_invalid_content_leaves_nothing_behind(world: World) -> None:
    entity = setup_entity(world)
    with pytest.raises(ValidationFailed) as err:
        services.disclosure_submit(
            actor=world.actor(Role.ENTERPRISE),
            entity=entity,
            kind=DisclosureKind.PENALTY,
            formed_on=FORMED,
            content={**PENALTY, "violation": "举报人电话13912345678"},
            today=D(2026, 5, 6),
        )
    assert err.value.field == "content.violation"
    assert not AdhocDisclosure.objects.exists() and not Clock.objects.exists()


def test_an_officer_records_and_the_enterprise_files(world: World) -> None:
    entity = setup_entity(world)
    disclosure = record(world, entity, Role.OFFICER)
    clock = Clock.objects.get(pk=disclosure.clock_id)
    assert clock.due_date == DUE
    with pytest.raises(NotFound):  # only the entity itself discloses
        services.disclosure_file(
            actor=world.actor(Role.OFFICER), disclosure=disclosure, content=PENALTY, today=DUE
        )
    services.disclosure_file(
        actor=world.actor(Role.ENTERPRISE), disclosure=disclosure, content=PENALTY, today=DUE
    )


def test_who_may_record(world: World) -> None:
    out = make_entity(world, scope="out")
    with pytest.raises(NotFound):
        record(world, out, Role.OFFICER)
    with pytest.raises(NotFound):
        record(world, out, Role.ENTERPRISE)  # represents another entity, not this one
    home = make_entity(world)
    with pytest.raises(PermissionDenied):
        record(world, home, Role.LEGAL_REVIEWER)


def test_kind_must_apply_and_dates_make_sense(world: World) -> None:
    company = setup_entity(world, entity_type=EntityType.JOINT_STOCK)
    with pytest.raises(ValidationFailed) as err:
        services.disclosure_record(
            actor=world.actor(Role.ENTERPRISE),
            entity=company,
            kind=DisclosureKind.EQUITY_TRANSFER,
            formed_on=FORMED,
            today=D(2026, 4, 28),
        )
    assert err.value.code == ReportErrorCode.NOT_APPLICABLE
    for formed_on, field in ((D(2026, 4, 29), "formed_on"), (D(2019, 1, 1), "formed_on")):
        with pytest.raises(ValidationFailed) as err:
            services.disclosure_record(
                actor=world.actor(Role.ENTERPRISE),
                entity=company,
                kind=DisclosureKind.PENALTY,
                formed_on=formed_on,
                today=D(2026, 4, 28),
            )
        assert err.value.field == field


def test_filed_once(world: World) -> None:
    entity = setup_entity(world)
    disclosure = record(world, entity)
    services.disclosure_file(
        actor=world.actor(Role.ENTERPRISE), disclosure=disclosure, content=PENALTY, today=DUE
    )
    with pytest.raises(Conflict) as err:
        services.disclosure_file(
            actor=world.actor(Role.ENTERPRISE), disclosure=disclosure, content=PENALTY, today=DUE
        )
    assert err.value.code == ReportErrorCode.ALREADY_DISCLOSED
