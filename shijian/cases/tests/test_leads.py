"""Case leads: creation, idempotency per source, validation, jurisdiction and the scoped list (PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest

from shijian.cases import selectors
from shijian.cases.models import CaseLead, LeadStatus
from shijian.core.audit.models import AuditRecord
from shijian.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from shijian.core.roles import Role
from shijian.testing.registry import make_entity
from shijian.testing.world import World

from .helpers import TODAY, D, lead

pytestmark = pytest.mark.django_db


def _audits(found: CaseLead) -> Any:
    return AuditRecord.objects.filter(action="cases.lead_created", object_id=str(found.pk))


def test_an_officer_records_an_open_lead_audited_under_the_department(world: World) -> None:
    entity = make_entity(world)
    found = lead(
        world,
        actor=world.actor(Role.OFFICER),
        entity=entity,
        source_id="42",
        summary="  检查发现销售过期食品  ",
    )
    found.refresh_from_db()
    assert found.status == LeadStatus.OPEN and found.entity == entity
    assert (found.source_type, found.source_id) == ("inspection.result", "42")
    assert found.summary == "检查发现销售过期食品" and found.found_on == D(2026, 6, 10)
    assert found.department == world.home_section
    assert found.created_by.startswith("user:") and found.created_at is not None
    record = _audits(found).get()
    assert record.org_unit_path == world.home_section.path and record.after["summary"] == found.summary


def test_the_same_source_gives_one_lead(world: World) -> None:
    entity = make_entity(world)
    first = lead(world, entity=entity, source_id="7")
    again = lead(world, entity=entity, source_id="7", summary="", found_on=D(2026, 6, 12))
    assert again.pk == first.pk and again.summary == first.summary
    assert CaseLead.objects.filter(source_type="inspection.result", source_id="7").count() == 1
    assert _audits(first).count() == 1
    # Another source type with the same id is another source.
    other = lead(world, entity=entity, source_type="complaints.report", source_id="7")
    assert other.pk != first.pk
    # A source names one entity: handing it over for another is a mistake of the caller.
    with pytest.raises(Conflict) as error:
        lead(world, source_id="7")
    assert error.value.code == "lead_source_taken" and error.value.field == "source_id"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"summary": "   "}, "summary"),
        ({"summary": "长" * 5001}, "summary"),
        ({"found_on": D(2026, 6, 16)}, "found_on"),
        ({"source_type": ""}, "source_type"),
        ({"source_id": ""}, "source_id"),
    ],
)
def test_bad_input_names_the_field(world: World, overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        lead(world, **overrides)
    assert error.value.field == field and error.value.message_zh and error.value.message_en
    assert not CaseLead.objects.exists()


def test_found_today_is_fine(world: World) -> None:
    assert lead(world, found_on=TODAY).found_on == TODAY


def test_only_staff_of_the_departments_jurisdiction(world: World) -> None:
    # Another county's department: not there (404), whatever the role.
    for role in (Role.OFFICER, Role.LEGAL_REVIEWER, Role.ENTERPRISE, Role.PARTNER_DEPARTMENT):
        with pytest.raises(NotFound):
            lead(world, "out", actor=world.actor(role))
    # Inside the jurisdiction, a role that does not handle cases: 403.
    with pytest.raises(PermissionDenied):
        lead(world, actor=world.actor(Role.LEGAL_REVIEWER))
    # The department decides, not the entity: a home-county department may own a lead on any entity.
    owned = lead(world, actor=world.actor(Role.SECTION_CHIEF), entity=make_entity(world, scope="out"))
    assert owned.department == world.home_section
    # The administrator and the system act everywhere.
    assert lead(world, "out", actor=world.actor(Role.SYSTEM_ADMIN)).department == world.other_bureau
    assert lead(world, "out").department == world.other_bureau
    assert CaseLead.objects.count() == 3


def test_the_list_is_scoped_to_my_jurisdiction(world: World) -> None:
    mine = lead(world)
    at_bureau = lead(world, department=world.home_bureau)
    theirs = lead(world, "out")
    dismissed = lead(world, found_on=D(2026, 6, 1))
    CaseLead.objects.filter(pk=dismissed.pk).update(status=LeadStatus.DISMISSED)
    officer = world.actor(Role.OFFICER)
    listed = list(selectors.lead_list(actor=officer))
    assert theirs not in listed and {x.pk for x in listed} == {mine.pk, at_bureau.pk, dismissed.pk}
    assert listed[-1].pk == dismissed.pk  # newest finding first
    assert list(selectors.lead_list(actor=officer, status=LeadStatus.OPEN)) == [at_bureau, mine]
    assert list(selectors.lead_list(actor=officer, status="dismissed")) == [dismissed]
    assert theirs in selectors.lead_list(actor=world.actor(Role.SYSTEM_ADMIN))
    assert mine in selectors.lead_list(actor=world.actor(Role.LEGAL_REVIEWER))
    for role in (Role.ENTERPRISE, Role.PARTNER_DEPARTMENT):
        with pytest.raises(PermissionDenied):
            selectors.lead_list(actor=world.actor(role))
