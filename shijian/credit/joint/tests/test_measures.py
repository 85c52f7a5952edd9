"""The measure table: seeded from the serious catalogue, versioned by date, never deleted, admins only."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from shijian.core.audit.models import AuditRecord
from shijian.core.errors import Conflict, PermissionDenied, ValidationFailed
from shijian.core.roles import Role
from shijian.credit.abnormal.tests.factories import LISTED_ON, list_for_report
from shijian.credit.joint import selectors, services
from shijian.credit.joint.domain import ListType, Purpose
from shijian.credit.joint.models import JointMeasure
from shijian.credit.serious import catalogue
from shijian.credit.serious.domain import DEFAULT_MEASURES
from shijian.credit.serious.tests.helpers import TODAY, listed
from shijian.testing.registry import make_entity
from shijian.testing.seeds import RULE_SEEDS
from shijian.testing.world import World

from .helpers import SYSTEM, D, ask, partner

pytestmark = pytest.mark.django_db
SEED = "shijian.credit.joint.migrations.0002_seed_measures"


def new_procurement_version(actor: object = SYSTEM, start: object = D(2027, 1, 1)) -> JointMeasure:
    return services.measure_version_add(
        actor=actor,  # type: ignore[arg-type]
        list_type=ListType.ABNORMAL_LIST,
        code="procurement",
        purpose=Purpose.PROCUREMENT,
        label_zh="在政府采购中依法予以限制（新版）",
        label_en="restricted in procurement (new version)",
        departments="财政部门",
        legal_basis="《企业信息公示暂行条例》（假设的新条款）",
        confidence="V",
        effective_from=start,  # type: ignore[arg-type]
    )


def test_the_serious_rows_agree_with_the_serious_catalogue(world: World) -> None:
    rows = {m.code: m for m in JointMeasure.objects.filter(list_type="serious", effective_to__isnull=True)}
    assert set(rows) == {m.code for m in DEFAULT_MEASURES}
    for code, measure in catalogue.measures().items():
        row = rows[code]
        assert (row.purpose, row.label_zh, row.label_en, row.legal_basis) == (
            measure.purpose.value,
            measure.label_zh,
            measure.label_en,
            measure.legal_basis,
        )
        assert row.departments and row.confidence == "M" and row.effective_from == D(2021, 9, 1)


def test_every_seeded_row_has_a_basis_a_confidence_and_a_department(world: World) -> None:
    rows = list(JointMeasure.objects.all())
    assert {(r.list_type, r.code) for r in rows if r.list_type != "serious"} == {
        ("abnormal_list", "key_supervision"),
        ("abnormal_list", "procurement"),
        ("abnormal_list", "bidding"),
        ("abnormal_list", "honours"),
        ("abnormal_status", "key_supervision"),
    }
    for row in rows:
        assert row.version == 1 and row.effective_to is None
        assert row.legal_basis and row.departments and row.confidence in {"V", "V2", "M"}


def test_the_seed_is_idempotent_and_listed_for_restoring_after_a_flush(world: World) -> None:
    assert SEED in RULE_SEEDS
    count = JointMeasure.objects.count()
    importlib.import_module(SEED).seed(apps, None)
    assert JointMeasure.objects.count() == count


def test_a_new_version_ends_the_previous_one_and_answers_follow_the_date(world: World) -> None:
    entity = list_for_report(world, make_entity(world)).entity
    new = new_procurement_version()
    old = JointMeasure.objects.get(list_type="abnormal_list", code="procurement", version=1)
    assert new.version == 2 and old.effective_to == D(2026, 12, 31) and new.effective_to is None
    actor = partner(world)
    today = D(2027, 3, 1)
    (before,) = ask(actor, entity, on=D(2026, 12, 31), today=today).answer
    (after,) = ask(actor, entity, on=D(2027, 1, 1), today=today).answer
    assert (before["measure_version"], before["confidence"]) == (1, "V2")
    assert (after["measure_version"], after["label_zh"], after["confidence"]) == (
        2,
        "在政府采购中依法予以限制（新版）",
        "V",
    )
    assert (
        JointMeasure.objects.filter(list_type="abnormal_list", code="procurement").count() == 2
    )  # none deleted
    ended = AuditRecord.objects.get(action="credit_joint.measure_ended", object_id=str(old.pk))
    assert ended.before["effective_to"] is None and ended.after["effective_to"] == "2026-12-31"
    assert AuditRecord.objects.filter(
        action="credit_joint.measure_version_added", object_id=str(new.pk)
    ).exists()


def test_a_new_version_must_start_after_the_current_one(world: World) -> None:
    with pytest.raises(ValidationFailed) as error:
        new_procurement_version(start=D(2014, 10, 1))
    assert error.value.field == "effective_from"


def test_a_new_measure_starts_at_version_one_and_the_database_keeps_one_open_version(world: World) -> None:
    measure = services.measure_version_add(
        actor=SYSTEM,
        list_type="abnormal_list",
        code="land",
        purpose="procurement",
        label_zh="测试措施",
        label_en="test measure",
        departments="自然资源部门",
        legal_basis="测试依据",
        confidence="M",
        effective_from=D(2026, 1, 1),
    )
    assert measure.version == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        JointMeasure.objects.create(
            list_type="abnormal_list",
            code="land",
            version=2,
            purpose="procurement",
            label_zh="x",
            label_en="x",
            departments="x",
            legal_basis="x",
            confidence="M",
            effective_from=D(2027, 1, 1),
        )


def test_the_serious_list_may_reword_but_not_invent_measures(world: World) -> None:
    with pytest.raises(ValidationFailed) as invented:
        services.measure_version_add(
            actor=SYSTEM,
            list_type="serious",
            code="financing",
            purpose="procurement",
            label_zh="限制融资",
            label_en="no loans",
            departments="金融机构",
            legal_basis="无",
            confidence="M",
            effective_from=D(2027, 1, 1),
        )
    assert invented.value.field == "code"
    reworded = services.measure_version_add(
        actor=SYSTEM,
        list_type="serious",
        code="honours",
        purpose="honours",
        label_zh="不予授予荣誉称号（新表述）",
        label_en="no honours (new wording)",
        departments="表彰奖励主管部门",
        legal_basis="《市场监督管理严重违法失信名单管理办法》（总局令第44号，条款已核对）",
        confidence="V2",
        effective_from=D(2026, 10, 1),
    )
    entity = listed(world).entity
    (reason,) = ask(partner(world), entity, Purpose.HONOURS, on=TODAY).answer
    assert reason["measure_version"] == reworded.version == 2 and reason["confidence"] == "V2"


def test_a_serious_measure_recorded_on_a_listing_counts_after_its_table_row_ended(world: World) -> None:
    entity = listed(world).entity
    row = JointMeasure.objects.get(list_type="serious", code="bidding", effective_to__isnull=True)
    services.measure_end(actor=SYSTEM, measure=row, effective_to=D(2026, 9, 30), reason="测试：表述待更新")
    (reason,) = ask(partner(world), entity, Purpose.BIDDING, on=TODAY).answer
    # The decision recorded the measure: it still applies, worded as in the serious catalogue.
    assert reason["measure"] == "bidding" and reason["measure_version"] == 0


def test_ending_a_measure_stops_it_for_the_abnormal_list(world: World) -> None:
    entity = list_for_report(world, make_entity(world)).entity
    row = JointMeasure.objects.get(list_type="abnormal_list", code="honours")
    with pytest.raises(ValidationFailed) as no_reason:
        services.measure_end(actor=SYSTEM, measure=row, effective_to=D(2026, 8, 31), reason=" ")
    assert no_reason.value.field == "reason"
    with pytest.raises(ValidationFailed) as too_early:
        services.measure_end(actor=SYSTEM, measure=row, effective_to=D(2014, 9, 30), reason="依据废止")
    assert too_early.value.field == "effective_to"
    services.measure_end(actor=SYSTEM, measure=row, effective_to=D(2026, 8, 31), reason="依据废止")
    actor = partner(world)
    assert ask(actor, entity, Purpose.HONOURS, on=LISTED_ON).restricted
    assert ask(actor, entity, Purpose.HONOURS, on=D(2026, 9, 1)).restricted is False
    with pytest.raises(Conflict):
        services.measure_end(actor=SYSTEM, measure=row, effective_to=D(2026, 9, 1), reason="again")


def test_only_administrators_version_measures(world: World) -> None:
    for role in (Role.OFFICER, Role.BUREAU_HEAD, Role.PARTNER_DEPARTMENT):
        with pytest.raises(PermissionDenied):
            new_procurement_version(actor=world.actor(role))
    assert new_procurement_version(actor=world.actor(Role.SYSTEM_ADMIN)).created_by == "系统管理员"


def test_measures_in_force_on_a_day(world: World) -> None:
    new_procurement_version()
    actor = partner(world)
    on_2026 = selectors.measure_list(
        actor=actor, on=D(2026, 6, 1), list_type="abnormal_list", purpose="procurement"
    )
    on_2027 = selectors.measure_list(
        actor=actor, on=D(2027, 6, 1), list_type="abnormal_list", purpose="procurement"
    )
    assert [m.version for m in on_2026] == [1] and [m.version for m in on_2027] == [2]
    assert selectors.measure_list(actor=actor, on=D(2014, 9, 30)).count() == 0
    with pytest.raises(PermissionDenied):
        selectors.measure_list(actor=world.actor(Role.ENTERPRISE))


def test_the_admin_adds_a_version_through_the_service_and_checks_the_form(world: World) -> None:
    from django.contrib.admin.sites import AdminSite
    from django.test import RequestFactory

    from shijian.credit.joint.admin import JointMeasureAdmin, JointMeasureForm

    data = {**NEW_VERSION, "effective_from": "2014-10-01"}
    early = JointMeasureForm(data=data)
    assert not early.is_valid() and "effective_from" in early.errors
    form = JointMeasureForm(data={**data, "effective_from": "2027-01-01"})
    assert form.is_valid(), form.errors
    request = RequestFactory().post("/admin/")
    request.actor = world.actor(Role.SYSTEM_ADMIN)  # type: ignore[attr-defined]
    admin = JointMeasureAdmin(JointMeasure, AdminSite())
    obj = form.save(commit=False)
    admin.save_model(request, obj, form, change=False)
    assert obj.version == 2 and JointMeasure.objects.get(pk=obj.pk).version == 2
    assert JointMeasure.objects.get(
        list_type="abnormal_list", code="procurement", version=1
    ).effective_to == D(2026, 12, 31)
    assert not admin.has_change_permission(request, obj) and not admin.has_delete_permission(request, obj)


NEW_VERSION = {
    "list_type": "abnormal_list",
    "code": "procurement",
    "purpose": "procurement",
    "label_zh": "依法予以限制（新版）",
    "label_en": "restricted (new)",
    "departments": "财政部门",
    "legal_basis": "测试依据",
    "confidence": "M",
    "notes": "",
}
