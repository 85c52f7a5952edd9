"""The entity lifecycle on PostgreSQL: register, change, suspend, revoke, deregister, relocate."""

from __future__ import annotations

import datetime as dt

import pytest

from shijian.core.actor import system_actor
from shijian.core.audit.models import AuditRecord
from shijian.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from shijian.core.roles import Role
from shijian.registry import selectors, services
from shijian.registry.domain import EntityStatus, EntityType
from shijian.registry.models import ChangeFeedEntry, EntityChange, FormerName
from shijian.testing.registry import TODAY, make_entity, next_person, next_uscc
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
SYSTEM = system_actor("tests")


def test_register_records_change_audit_and_feed(world: World) -> None:
    entity = make_entity(world, name="洛阳市涧西区　ＡＢＣ商贸有限责任公司")
    assert entity.status == EntityStatus.ACTIVE and entity.uscc_flagged is False
    assert entity.name_search != entity.name  # the normalised form folds the full-width text
    assert EntityChange.objects.filter(entity=entity, item__startswith="设立登记").exists()
    assert AuditRecord.objects.filter(action="registry.entity.registered", object_id=str(entity.pk)).exists()
    feed = ChangeFeedEntry.objects.get(uscc=entity.uscc)
    assert feed.event == "registered" and "id_number" not in str(feed.payload)


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"uscc": "914403001922038217"}, "uscc"),
        ({"uscc": "91350211M0000XUF46"}, "uscc"),
        ({"division_code": "999999"}, "division_code"),
        ({"division_code": "410381"}, "division_code"),
        ({"name": "  "}, "name"),
        ({"established_on": TODAY + dt.timedelta(days=1)}, "established_on"),
        ({"entity_type": EntityType.INDIVIDUAL_BUSINESS}, "entity_type"),
        ({"entity_type": EntityType.BRANCH}, "parent_entity"),
    ],
)
def test_register_rejects_bad_input_naming_the_field(
    world: World, override: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationFailed) as err:
        make_entity(world, **override)
    assert err.value.field == field
    assert err.value.message_zh and err.value.message_en


def test_pilot_code_is_kept_flagged_only_with_the_override(world: World) -> None:
    entity = make_entity(world, uscc="91350211M0000XUF46", division_code="350211", allow_flagged_uscc=True)
    assert entity.uscc_flagged is True


def test_duplicate_uscc_and_bad_id_number(world: World) -> None:
    entity = make_entity(world)
    with pytest.raises(Conflict):
        make_entity(world, uscc=entity.uscc)
    bad = services.PersonIn(name="李四", id_number="11010519491231002Y")
    with pytest.raises(ValidationFailed) as err:
        make_entity(world, responsible=bad)
    assert err.value.field == "responsible_person.id_number"


def test_change_writes_dated_records_and_former_names(world: World) -> None:
    entity = make_entity(world)
    old_name = entity.name
    services.entity_change(
        actor=world.actor(Role.OFFICER),
        entity=entity,
        changes={
            "name": "洛阳市新名称商贸有限公司",
            "registered_capital": "500",
            "responsible_person": next_person("王芳"),
        },
        changed_on=dt.date(2026, 3, 1),
        today=TODAY,
    )
    items = {
        c.item: (c.before, c.after)
        for c in EntityChange.objects.filter(entity=entity, changed_on=dt.date(2026, 3, 1))
    }
    assert items["名称 name"] == (old_name, "洛阳市新名称商贸有限公司")
    assert items["法定代表人（负责人） responsible person"] == ("张伟", "王芳")
    assert FormerName.objects.get(entity=entity).name == old_name
    with pytest.raises(ValidationFailed):
        services.entity_change(
            actor=SYSTEM, entity=entity, changes={"uscc": "x"}, changed_on=TODAY, today=TODAY
        )
    with pytest.raises(ValidationFailed):
        services.entity_change(
            actor=SYSTEM,
            entity=entity,
            changes={"name": "洛阳市新名称商贸有限公司"},
            changed_on=TODAY,
            today=TODAY,
        )


def test_out_of_jurisdiction_officer_cannot_act(world: World) -> None:
    entity = make_entity(world, scope="out")
    with pytest.raises(NotFound):
        services.entity_change(
            actor=world.actor(Role.OFFICER),
            entity=entity,
            changes={"address": "x"},
            changed_on=TODAY,
            today=TODAY,
        )
    with pytest.raises(PermissionDenied):
        services.entity_change(
            actor=world.actor(Role.LEGAL_REVIEWER),
            entity=make_entity(world),
            changes={"address": "y"},
            changed_on=TODAY,
            today=TODAY,
        )
    with pytest.raises(NotFound):
        selectors.entity_get(actor=world.actor(Role.OFFICER), entity_id=entity.pk)


def test_status_lifecycle(world: World) -> None:
    officer = world.actor(Role.OFFICER)
    entity = make_entity(world)
    services.entity_suspend(
        actor=officer,
        entity=entity,
        on=dt.date(2026, 1, 5),
        until=dt.date(2026, 12, 31),
        reason="经营困难",
        today=TODAY,
    )
    assert entity.status == EntityStatus.SUSPENDED and entity.suspended_until == dt.date(2026, 12, 31)
    services.entity_resume(actor=officer, entity=entity, on=dt.date(2026, 3, 2), today=TODAY)
    services.entity_revoke(
        actor=officer,
        entity=entity,
        on=dt.date(2026, 4, 1),
        document_number="洛市监吊字〔2026〕1号",
        reason="",
        today=TODAY,
    )
    with pytest.raises(Conflict):
        services.entity_suspend(
            actor=officer,
            entity=entity,
            on=dt.date(2026, 4, 2),
            until=dt.date(2026, 5, 1),
            reason="x",
            today=TODAY,
        )
    services.entity_deregister(actor=officer, entity=entity, on=dt.date(2026, 5, 6), reason="", today=TODAY)
    with pytest.raises(Conflict):
        services.entity_change(
            actor=officer, entity=entity, changes={"address": "z"}, changed_on=TODAY, today=TODAY
        )
    statuses = list(
        EntityChange.objects.filter(entity=entity)
        .order_by("changed_on", "id")
        .values_list("after", flat=True)
    )
    assert statuses[-4:] == ["歇业", "存续（在营、开业、在册）", "吊销", "注销"]


def test_relocation_moves_jurisdiction(world: World) -> None:
    entity = make_entity(world)
    services.entity_relocate(
        actor=SYSTEM,
        entity=entity,
        to_authority=world.other_bureau,
        new_address="老城区新地址1号",
        new_division_code="410302",
        on=dt.date(2026, 2, 2),
        today=TODAY,
    )
    with pytest.raises(NotFound):
        selectors.entity_get(actor=world.actor(Role.OFFICER), entity_id=entity.pk)
    assert selectors.entity_get(actor=world.actor(Role.SYSTEM_ADMIN), entity_id=entity.pk) == entity


def test_branch_needs_its_parent(world: World) -> None:
    parent = make_entity(world)
    branch = make_entity(world, entity_type=EntityType.BRANCH, parent_entity=parent, uscc=next_uscc())
    assert branch.parent_entity == parent
