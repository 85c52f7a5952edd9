"""Simplified deregistration on PostgreSQL: eligibility, the 20-day notice, objections, completion."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, override_settings

from shijian.core.actor import ANONYMOUS, system_actor
from shijian.core.audit.models import AuditRecord
from shijian.core.errors import Conflict, NotFound, ValidationFailed
from shijian.core.roles import Role
from shijian.registry.deregistration import services
from shijian.registry.deregistration.domain import Refusal
from shijian.registry.deregistration.models import DeregistrationNotice
from shijian.registry.domain import EntityStatus
from shijian.registry.models import PublicFact
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
APPLIED = dt.date(2026, 3, 2)


def apply(world: World, **kwargs: object) -> DeregistrationNotice:
    entity = make_entity(world)
    return services.deregistration_apply(
        actor=world.actor(Role.OFFICER), entity=entity, applied_on=APPLIED, today=APPLIED, **kwargs
    )


def test_notice_runs_twenty_calendar_days_and_is_published(world: World) -> None:
    notice = apply(world)
    # Applied Mon 2026-03-02; 20 calendar days, start day not counted: 03-03 .. 03-22 (Sunday, not shifted).
    assert notice.notice_start == dt.date(2026, 3, 3)
    assert notice.notice_end == dt.date(2026, 3, 22)
    fact = PublicFact.objects.get(kind="registry.simplified_deregistration", entity=notice.entity)
    assert "2026-03-22" in fact.title
    with pytest.raises(Conflict):
        services.deregistration_apply(
            actor=world.actor(Role.OFFICER), entity=notice.entity, applied_on=APPLIED, today=APPLIED
        )


def test_completion_waits_for_the_notice_and_objections(world: World) -> None:
    notice = apply(world)
    officer = world.actor(Role.OFFICER)
    with pytest.raises(Conflict, match="not ended"):
        services.deregistration_complete(actor=officer, notice=notice, today=dt.date(2026, 3, 22))
    services.deregistration_complete(actor=officer, notice=notice, today=dt.date(2026, 3, 23))
    notice.entity.refresh_from_db()
    assert notice.entity.status == EntityStatus.DEREGISTERED
    assert AuditRecord.objects.filter(action="registry.simplified_deregistration.completed").count() == 1


def test_an_upheld_objection_blocks_and_a_dismissed_one_does_not(world: World) -> None:
    officer = world.actor(Role.OFFICER)
    blocked = apply(world)
    objection = services.objection_lodge(
        actor=ANONYMOUS,
        notice=blocked,
        objector_name="洛阳某某建材有限公司",
        objector_kind="creditor",
        contact="13912345678",
        reason="尚欠货款12万元未结清",
        today=dt.date(2026, 3, 10),
    )
    with pytest.raises(Conflict, match="pending"):
        services.deregistration_complete(actor=officer, notice=blocked, today=dt.date(2026, 3, 30))
    services.objection_decide(
        actor=officer, objection=objection, upheld=True, note="债权债务未清", today=dt.date(2026, 3, 25)
    )
    blocked.refresh_from_db()
    assert blocked.status == "blocked"
    with pytest.raises(Conflict):
        services.deregistration_complete(actor=officer, notice=blocked, today=dt.date(2026, 3, 30))

    cleared = apply(world)
    other = services.objection_lodge(
        actor=ANONYMOUS,
        notice=cleared,
        objector_name="王某",
        objector_kind="other",
        contact="王某@example.com",
        reason="无关事项",
        today=dt.date(2026, 3, 22),
    )
    services.objection_decide(
        actor=officer, objection=other, upheld=False, note="与注销无关", today=dt.date(2026, 3, 24)
    )
    services.deregistration_complete(actor=officer, notice=cleared, today=dt.date(2026, 3, 24))


def test_objections_only_inside_the_notice_and_with_the_fields(world: World) -> None:
    notice = apply(world)
    args = {"objector_name": "甲", "objector_kind": "creditor", "contact": "x", "reason": "y"}
    with pytest.raises(Conflict):
        services.objection_lodge(actor=ANONYMOUS, notice=notice, today=dt.date(2026, 3, 23), **args)
    with pytest.raises(Conflict):
        services.objection_lodge(actor=ANONYMOUS, notice=notice, today=APPLIED, **args)
    with pytest.raises(ValidationFailed) as err:
        services.objection_lodge(
            actor=ANONYMOUS, notice=notice, today=dt.date(2026, 3, 5), **{**args, "reason": "  "}
        )
    assert err.value.field == "reason"


def test_registered_eligibility_checks_refuse_and_can_be_switched_off(world: World) -> None:
    services.ELIGIBILITY_CHECKS["tests.open_case"] = lambda entity, today: Refusal(
        "tests.open_case", "有未办结案件", "an unfinished case exists"
    )
    try:
        with pytest.raises(Conflict) as err:
            apply(world)
        assert "有未办结案件" in err.value.message_zh and err.value.details["checks"] == ["tests.open_case"]
        with override_settings(SHIJIAN={"SIMPLIFIED_DEREGISTRATION_DISABLED_CHECKS": ["tests.open_case"]}):
            assert apply(world).status == "notice"
    finally:
        del services.ELIGIBILITY_CHECKS["tests.open_case"]


def test_outsiders_cannot_apply(world: World) -> None:
    entity = make_entity(world, scope="out")
    with pytest.raises(NotFound):
        services.deregistration_apply(
            actor=world.actor(Role.OFFICER), entity=entity, applied_on=APPLIED, today=APPLIED
        )
    with pytest.raises(NotFound):
        services.deregistration_apply(
            actor=world.actor(Role.ENTERPRISE), entity=entity, applied_on=APPLIED, today=APPLIED
        )


def test_public_pages_list_the_notice_and_take_an_objection(world: World) -> None:
    from django.utils import timezone

    today = timezone.localdate()
    entity = make_entity(world)
    notice = services.deregistration_apply(
        actor=system_actor("tests"), entity=entity, applied_on=today, today=today
    )
    client = Client()
    # The notice opens the day after the application: the list shows it from then on.
    assert entity.name not in client.get("/deregistration/").content.decode()
    DeregistrationNotice.objects.filter(pk=notice.pk).update(notice_start=today)
    assert entity.name in client.get("/deregistration/").content.decode()
    bad = client.post(
        f"/deregistration/{notice.pk}/",
        {"objector_name": "", "objector_kind": "creditor", "contact": "c", "reason": "r"},
    )
    assert bad.status_code == 422 and "请填写异议人名称" in bad.content.decode()
    ok = client.post(
        f"/deregistration/{notice.pk}/",
        {
            "objector_name": "债权人甲",
            "objector_kind": "creditor",
            "contact": "13912345678",
            "reason": "欠款未还",
        },
    )
    assert ok.status_code == 302
    page = client.get(f"/deregistration/{notice.pk}/").content.decode()
    assert '<span id="objection-count">1</span>' in page
    assert "13912345678" not in page and "债权人甲" not in page
    assert client.get("/deregistration/999999/").status_code == 404
