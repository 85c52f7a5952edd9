"""Early end of penalty publicity (提前停止公示): eligibility, procedure, clocks and the portal.

Hand counts (2026 calendar, no holidays in July): applied Mon 2026-07-06,
acceptance due 2 WD later on Wed 07-08; accepted Tue 07-07, decision due
15 WD later on Tue 07-28.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from shijian.core.audit.models import AuditRecord
from shijian.core.clock.models import Clock
from shijian.core.errors import Conflict, NotFound, ValidationFailed
from shijian.core.roles import Role
from shijian.credit.domain import Severity
from shijian.credit.models import CreditFact
from shijian.credit.repair import services
from shijian.credit.repair.domain import ApplicationStatus, MaterialKind, RepairKind
from shijian.credit.repair.tests.helpers import PDF, apply, false_disclosure_listing, penalty
from shijian.registry.models import ChangeFeedEntry, PublicFact
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
D = dt.date
PUBLISHED = D(2026, 1, 5)
APPLIED = D(2026, 7, 6)


def _unmet(exc: pytest.ExceptionInfo[Conflict]) -> set[str]:
    return {c["code"] for c in exc.value.details["checks"] if not c["passed"]}


def test_penalty_publicity_ends_at_once_after_approval(world: World, client: Client) -> None:
    entity = make_entity(world)
    fact = penalty(world, entity, published_on=PUBLISHED, number="涧市监处罚〔2026〕5号")
    page = client.get(f"/entities/{entity.uscc}/")
    assert "涧市监处罚〔2026〕5号" in page.content.decode()

    application = apply(world, entity, RepairKind.PENALTY_PUBLICITY, fact.pk, today=APPLIED)
    assert application.status == ApplicationStatus.SUBMITTED.value
    assert application.accept_due == D(2026, 7, 8)
    assert application.authority == "洛阳市涧西区市场监督管理局"

    officer = world.actor(Role.OFFICER)
    application = services.repair_accept(
        actor=officer, application=application, accept=True, reason="", today=D(2026, 7, 7)
    )
    assert application.status == ApplicationStatus.ACCEPTED.value
    assert application.decide_due == D(2026, 7, 28)
    assert application.acceptance_number == "涧市监信修〔2026〕1号"

    application = services.repair_decide(
        actor=officer,
        application=application,
        approve=True,
        obligations_performed=True,
        reason="罚款已缴清，违法广告已撤除",
        today=D(2026, 7, 10),
    )
    assert application.status == ApplicationStatus.REPAIRED.value
    assert application.decision_number == "涧市监信修〔2026〕2号"
    assert application.executed_on == D(2026, 7, 10)

    entry = PublicFact.objects.get(pk=fact.public_fact_id)
    assert entry.withdrawn_on == D(2026, 7, 10)
    assert "信用修复" in entry.withdrawn_reason and "涧市监信修〔2026〕2号" in entry.withdrawn_reason
    result = CreditFact.objects.get(pk=application.result_fact_id)
    assert result.kind == "credit_repair.repaired" and not result.public
    assert result.body["repaired_fact"] == fact.pk
    feed = ChangeFeedEntry.objects.filter(uscc=entity.uscc, event="fact_withdrawn").get()
    assert feed.payload == {"fact_id": entry.pk, "on": "2026-07-10", "cause": "credit_repair"}
    page = client.get(f"/entities/{entity.uscc}/")
    assert "涧市监处罚〔2026〕5号" not in page.content.decode()

    clocks = {c.rule_id: c for c in Clock.objects.filter(subject_id=str(application.pk))}
    assert {rule: c.status for rule, c in clocks.items()} == {
        "credit_repair.accept": "completed",
        "credit_repair.decide": "completed",
        "credit_repair.execute": "completed",
    }
    actions = set(
        AuditRecord.objects.filter(
            object_id=str(application.pk), object_type__endswith="repairapplication"
        ).values_list("action", flat=True)
    )
    assert {"credit_repair.applied", "credit_repair.accepted", "credit_repair.repaired"} <= actions


def test_publicity_must_have_lasted_six_months(world: World) -> None:
    entity = make_entity(world)
    fact = penalty(world, entity, published_on=PUBLISHED, number="罚〔2026〕6号")
    with pytest.raises(Conflict) as refused:
        apply(world, entity, RepairKind.PENALTY_PUBLICITY, fact.pk, today=D(2026, 7, 3))
    assert _unmet(refused) == {"minimum_publicity"}
    assert "2026-07-05" in refused.value.message_zh and "6个月" in refused.value.message_zh
    # The day the six months are reached (a Sunday: the month rule does not shift) is enough.
    assert apply(world, entity, RepairKind.PENALTY_PUBLICITY, fact.pk, today=D(2026, 7, 5)).pk


@pytest.mark.parametrize(
    ("legal_basis", "body", "sector_zh"),
    [
        ("《中华人民共和国食品安全法》第一百二十四条", {"violation_type": "超范围使用食品添加剂"}, "食品"),
        ("《中华人民共和国药品管理法》第一百一十七条", {"violation_type": "销售劣药"}, "药品"),
        ("《中华人民共和国特种设备安全法》第八十三条", {"violation_type": "电梯未定期检验"}, "特种设备"),
        ("《中华人民共和国产品质量法》", {"violation_type": "x", "sector": "special_equipment"}, "特种设备"),
    ],
)
def test_food_drug_and_special_equipment_penalties_need_a_year(
    world: World, legal_basis: str, body: dict[str, str], sector_zh: str
) -> None:
    entity = make_entity(world)
    fact = penalty(
        world, entity, published_on=D(2025, 6, 2), number="罚〔2025〕9号", legal_basis=legal_basis, body=body
    )
    with pytest.raises(Conflict) as refused:
        apply(world, entity, RepairKind.PENALTY_PUBLICITY, fact.pk, today=D(2026, 3, 2))
    assert _unmet(refused) == {"minimum_publicity"}
    assert f"12个月（{sector_zh}领域）" in refused.value.message_zh
    assert "2026-06-02" in refused.value.message_zh
    assert apply(world, entity, RepairKind.PENALTY_PUBLICITY, fact.pk, today=D(2026, 6, 2)).pk


def test_a_severe_penalty_cannot_be_repaired(world: World) -> None:
    entity = make_entity(world)
    fact = penalty(world, entity, published_on=PUBLISHED, number="罚〔2026〕7号", severity=Severity.SERIOUS)
    with pytest.raises(Conflict) as refused:
        apply(world, entity, RepairKind.PENALTY_PUBLICITY, fact.pk, today=APPLIED)
    assert _unmet(refused) == {"not_severe"}


def test_a_later_penalty_for_the_same_violation_blocks_repair(world: World) -> None:
    entity = make_entity(world)
    fact = penalty(world, entity, published_on=PUBLISHED, number="罚〔2026〕8号")
    penalty(world, entity, published_on=D(2026, 4, 1), number="罚〔2026〕30号")  # 虚假广告 again
    with pytest.raises(Conflict) as refused:
        apply(world, entity, RepairKind.PENALTY_PUBLICITY, fact.pk, today=APPLIED)
    assert _unmet(refused) == {"no_repeat"}
    assert "罚〔2026〕30号" in refused.value.message_zh


def test_a_later_penalty_for_another_violation_does_not(world: World) -> None:
    entity = make_entity(world)
    fact = penalty(world, entity, published_on=PUBLISHED, number="罚〔2026〕11号")
    penalty(
        world,
        entity,
        published_on=D(2026, 4, 1),
        number="罚〔2026〕31号",
        body={"violation_type": "未明码标价"},
    )
    assert apply(world, entity, RepairKind.PENALTY_PUBLICITY, fact.pk, today=APPLIED).pk


def test_an_entity_on_a_list_repairs_the_listing_first(world: World) -> None:
    entity = make_entity(world)
    fact = penalty(world, entity, published_on=PUBLISHED, number="罚〔2026〕12号")
    false_disclosure_listing(world, entity)
    with pytest.raises(Conflict) as refused:
        apply(world, entity, RepairKind.PENALTY_PUBLICITY, fact.pk, today=APPLIED)
    assert _unmet(refused) == {"not_abnormal_listed"}


def test_a_penalty_no_longer_published_needs_no_repair(world: World) -> None:
    entity = make_entity(world)
    fact = penalty(world, entity, published_on=PUBLISHED, number="罚〔2026〕13号")
    PublicFact.objects.filter(pk=fact.public_fact_id).update(withdrawn_on=D(2026, 5, 1), withdrawn_reason="t")
    with pytest.raises(Conflict) as refused:
        apply(world, entity, RepairKind.PENALTY_PUBLICITY, fact.pk, today=APPLIED)
    assert _unmet(refused) == {"still_public"}


def test_acceptance_needs_every_material_and_a_refusal_needs_a_reason(world: World) -> None:
    entity = make_entity(world)
    fact = penalty(world, entity, published_on=PUBLISHED, number="罚〔2026〕14号")
    application = apply(
        world,
        entity,
        RepairKind.PENALTY_PUBLICITY,
        fact.pk,
        today=APPLIED,
        materials=(MaterialKind.APPLICATION,),
    )
    officer = world.actor(Role.OFFICER)
    with pytest.raises(Conflict) as missing:
        services.repair_accept(actor=officer, application=application, accept=True, reason="", today=APPLIED)
    assert missing.value.code == "materials_missing"
    assert "守信承诺书" in missing.value.message_zh and "履行法定义务" in missing.value.message_zh
    with pytest.raises(ValidationFailed) as no_reason:
        services.repair_accept(
            actor=officer, application=application, accept=False, reason=" ", today=APPLIED
        )
    assert no_reason.value.field == "reason"
    application = services.repair_accept(
        actor=officer,
        application=application,
        accept=False,
        reason="经告知补正后仍未提交守信承诺书",
        today=APPLIED,
    )
    assert application.status == ApplicationStatus.NOT_ACCEPTED.value
    assert application.acceptance_number.endswith("号")
    # The fact stays public, and a new application may be made.
    assert PublicFact.objects.get(pk=fact.public_fact_id).withdrawn_on is None
    assert apply(world, entity, RepairKind.PENALTY_PUBLICITY, fact.pk, today=D(2026, 7, 8)).pk


def test_refusal_keeps_the_fact_public_and_approval_needs_the_performance(world: World) -> None:
    entity = make_entity(world)
    fact = penalty(world, entity, published_on=PUBLISHED, number="罚〔2026〕15号")
    application = apply(world, entity, RepairKind.PENALTY_PUBLICITY, fact.pk, today=APPLIED)
    officer = world.actor(Role.OFFICER)
    application = services.repair_accept(
        actor=officer, application=application, accept=True, reason="", today=APPLIED
    )
    with pytest.raises(Conflict) as unconfirmed:
        services.repair_decide(actor=officer, application=application, approve=True, reason="", today=APPLIED)
    assert _unmet(unconfirmed) == {"obligations_performed"}
    application = services.repair_decide(
        actor=officer,
        application=application,
        approve=False,
        obligations_performed=False,
        reason="罚款尚未缴纳",
        today=D(2026, 7, 9),
    )
    assert application.status == ApplicationStatus.REFUSED.value
    assert application.reason == "罚款尚未缴纳"
    assert PublicFact.objects.get(pk=fact.public_fact_id).withdrawn_on is None


def test_the_decision_checks_again(world: World) -> None:
    entity = make_entity(world)
    fact = penalty(world, entity, published_on=PUBLISHED, number="罚〔2026〕16号")
    application = apply(world, entity, RepairKind.PENALTY_PUBLICITY, fact.pk, today=APPLIED)
    officer = world.actor(Role.OFFICER)
    services.repair_accept(actor=officer, application=application, accept=True, reason="", today=APPLIED)
    penalty(world, entity, published_on=D(2026, 7, 8), number="罚〔2026〕40号")  # the same violation again
    with pytest.raises(Conflict) as refused:
        services.repair_decide(
            actor=officer,
            application=application,
            approve=True,
            obligations_performed=True,
            reason="",
            today=D(2026, 7, 9),
        )
    assert _unmet(refused) == {"no_repeat"}


def test_one_application_at_a_time_and_withdrawal(world: World) -> None:
    entity = make_entity(world)
    fact = penalty(world, entity, published_on=PUBLISHED, number="罚〔2026〕17号")
    first = apply(world, entity, RepairKind.PENALTY_PUBLICITY, fact.pk, today=APPLIED)
    with pytest.raises(Conflict) as pending:
        apply(world, entity, RepairKind.PENALTY_PUBLICITY, fact.pk, today=APPLIED, materials=())
    assert pending.value.code == "application_pending"
    withdrawn = services.repair_withdraw(
        actor=world.actor(Role.ENTERPRISE), application=first, reason="材料需重新准备", today=D(2026, 7, 7)
    )
    assert withdrawn.status == ApplicationStatus.WITHDRAWN.value
    assert Clock.objects.get(pk=first.accept_clock_id).status == "stopped"
    assert apply(world, entity, RepairKind.PENALTY_PUBLICITY, fact.pk, today=D(2026, 7, 7), materials=()).pk


def test_only_the_representative_or_the_jurisdiction_applies(world: World) -> None:
    outside = make_entity(world, scope="out")
    fact = penalty(world, outside, published_on=PUBLISHED, number="罚〔2026〕18号")
    with pytest.raises(NotFound):
        services.repair_apply(
            actor=world.actor(Role.OFFICER),
            kind=RepairKind.PENALTY_PUBLICITY,
            target_id=fact.pk,
            applicant_name="某公司",
            contact="0379-1",
            statement="申请",
            today=APPLIED,
        )
    inside = make_entity(world)
    mine = penalty(world, inside, published_on=PUBLISHED, number="罚〔2026〕19号")
    paper = services.repair_apply(
        actor=world.actor(Role.OFFICER),
        kind=RepairKind.PENALTY_PUBLICITY,
        target_id=mine.pk,
        applicant_name=inside.name,
        contact="0379-64321234",
        statement="窗口提交的纸质申请",
        today=APPLIED,
    )
    assert paper.filed_by_user_id == world.users[Role.OFFICER].pk
    with pytest.raises(NotFound):  # an enterprise user who does not represent the entity
        services.repair_apply(
            actor=world.actor(Role.ENTERPRISE),
            kind=RepairKind.PENALTY_PUBLICITY,
            target_id=fact.pk,
            applicant_name="x",
            contact="x",
            statement="x",
            today=APPLIED,
        )


def test_materials_are_checked_by_content_and_stored_with_their_hash(world: World, settings: object) -> None:
    entity = make_entity(world)
    fact = penalty(world, entity, published_on=PUBLISHED, number="罚〔2026〕20号")
    application = apply(world, entity, RepairKind.PENALTY_PUBLICITY, fact.pk, today=APPLIED, materials=())
    actor = world.actor(Role.ENTERPRISE)

    def add(filename: str, content: bytes) -> object:
        return services.repair_material_add(
            actor=actor,
            application=application,
            kind=MaterialKind.OTHER,
            filename=filename,
            content=content,
            today=APPLIED,
        )

    for filename, content, fragment in [
        ("setup.exe", b"MZ\x90\x00", "PDF、JPG、PNG"),
        ("申请书.pdf", b"MZ\x90\x00fake", "不符"),
        ("empty.pdf", b"", "为空"),
    ]:
        with pytest.raises(ValidationFailed) as refused:
            add(filename, content)
        assert refused.value.field == "file" and fragment in refused.value.message_zh
    material = add("../../申请书.pdf", PDF)
    assert material.filename == "申请书.pdf"  # type: ignore[attr-defined]
    with open(material.file.path, "rb") as stored:  # type: ignore[attr-defined]
        assert stored.read() == PDF
    with pytest.raises(Conflict):
        add("again.pdf", PDF)
    settings.SHIJIAN = {**settings.SHIJIAN, "REPAIR_MATERIAL_MAX_BYTES": 100}  # type: ignore[attr-defined]
    with pytest.raises(ValidationFailed) as too_big:
        add("big.pdf", PDF + b"0" * 200)
    assert "过大" in too_big.value.message_zh
