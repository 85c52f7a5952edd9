"""The restriction answer from every list in force on the day, and the record of each query."""

from __future__ import annotations

import pytest

from shijian.core.audit.models import AuditRecord
from shijian.core.errors import NotFound, PermissionDenied, ValidationFailed
from shijian.core.identifiers import uscc_make
from shijian.core.roles import Role
from shijian.credit.abnormal import services as abnormal_services
from shijian.credit.abnormal.tests.factories import LISTED_ON, file_report, individual, list_for_report
from shijian.credit.joint import services
from shijian.credit.joint.domain import Purpose
from shijian.credit.joint.models import JointQuery
from shijian.credit.serious import services as serious_services
from shijian.credit.serious.domain import RepairConditions
from shijian.credit.serious.tests.helpers import DECIDED_ON, TODAY, listed, listed_a_year_ago, published
from shijian.registry.reports.tests.factories import represent
from shijian.testing.registry import make_entity
from shijian.testing.world import World

from .helpers import FINANCE, SYSTEM, D, ask, partner, partner_unit

pytestmark = pytest.mark.django_db


# -- the serious-violation list ------------------------------------------------------------------------


def test_a_serious_listing_restricts_procurement_with_its_decision_and_basis(world: World) -> None:
    listing = published(world)
    query = ask(partner(world), listing.entity, Purpose.PROCUREMENT, on=D(2026, 10, 1))
    assert query.restricted is True
    (reason,) = query.answer
    assert reason["list_type"] == "serious" and reason["list_zh"] == "严重违法失信名单"
    assert reason["listing_id"] == listing.pk and reason["decision_number"] == "涧市监列严〔2026〕1号"
    assert reason["deciding_authority"] == listing.deciding_authority == "涧西区市场监督管理局"
    assert reason["decided_on"] == "2026-09-14" and reason["listed_until"] == listing.listed_until.isoformat()
    assert reason["measure"] == "procurement" and "政府采购法" in reason["legal_basis"]
    assert reason["listing_reason_zh"].startswith("食品安全") and reason["confidence"] == "M"
    assert "财政部门" in reason["departments"] and reason["measure_version"] == 1


def test_every_catalogue_purpose_is_answered_and_the_day_before_the_decision_is_not(world: World) -> None:
    entity = listed(world).entity
    actor = partner(world)
    for purpose in Purpose:
        assert ask(actor, entity, purpose, on=DECIDED_ON).restricted, purpose  # the decision day counts
    before = ask(actor, entity, Purpose.BIDDING, on=D(2026, 9, 13))
    assert before.restricted is False and before.answer == [] and before.listings == []


def test_a_serious_listing_restricts_only_for_the_measures_its_decision_applied(world: World) -> None:
    from shijian.credit.serious.tests.helpers import approved

    listing = serious_services.serious_decide(
        actor=world.actor(Role.OFFICER),
        listing=approved(world),
        decision_number="涧市监列严〔2026〕5号",
        decided_on=DECIDED_ON,
        measures=["key_supervision", "honours"],
        today=TODAY,
    )
    actor = partner(world)
    assert ask(actor, listing.entity, Purpose.PROCUREMENT, on=TODAY).restricted is False
    not_for_bidding = ask(actor, listing.entity, Purpose.BIDDING, on=TODAY)
    # Not restricted for bidding, but the answer still says which list the entity is on.
    assert not_for_bidding.restricted is False
    assert [x["decision_number"] for x in not_for_bidding.listings] == ["涧市监列严〔2026〕5号"]
    assert ask(actor, listing.entity, Purpose.HONOURS, on=TODAY).restricted is True


def test_an_expired_listing_no_longer_restricts_even_before_the_sweep(world: World) -> None:
    listing = published(world)
    assert listing.listed_until == D(2029, 9, 14)
    actor = partner(world)
    later = D(2029, 10, 1)
    assert ask(actor, listing.entity, on=D(2029, 9, 14), today=later).restricted  # the last day listed
    assert ask(actor, listing.entity, on=D(2029, 9, 15), today=later).restricted is False


def test_an_early_removal_ends_the_restriction_from_the_removal_day(world: World) -> None:
    entity = make_entity(world)
    listing = listed_a_year_ago(world, entity)
    serious_services.serious_remove_early(
        actor=world.actor(Role.OFFICER),
        listing=listing,
        removed_on=D(2026, 9, 16),
        conditions=RepairConditions(
            restriction_ended=True, obligations_performed=True, harm_removed=True, no_new_heavier_penalty=True
        ),
        reason="已履行行政处罚决定，完成信用修复",
        today=TODAY,
    )
    actor = partner(world)
    assert ask(actor, entity, on=D(2026, 9, 15)).restricted  # history: still listed the day before
    assert ask(actor, entity, on=D(2026, 9, 16)).restricted is False
    assert ask(actor, entity, on=TODAY).listings == []


# -- the abnormal list and the abnormal status ---------------------------------------------------------


def test_an_abnormal_listing_restricts_with_the_measures_configured_for_the_list(world: World) -> None:
    listing = list_for_report(world, make_entity(world))
    query = ask(partner(world), listing.entity, Purpose.BIDDING, on=LISTED_ON)
    assert query.restricted
    (reason,) = query.answer
    assert reason["list_type"] == "abnormal_list" and reason["list_zh"] == "经营异常名录"
    assert reason["decision_number"] == listing.document_number
    assert reason["deciding_authority"] == "涧西区市场监督管理局" and reason["decided_on"] == "2026-07-10"
    assert reason["listed_until"] is None and reason["listing_reason_zh"] == "未按照规定的期限公示年度报告"
    assert reason["measure"] == "bidding" and "企业信息公示暂行条例" in reason["legal_basis"]
    assert reason["confidence"] == "V2"


def test_a_removed_abnormal_listing_no_longer_restricts(world: World) -> None:
    entity = make_entity(world)
    listing = list_for_report(world, entity)
    file_report(world, entity, today=D(2026, 7, 20))  # the missing report removes the listing at once
    listing.refresh_from_db()
    assert listing.removed_on == D(2026, 7, 20)
    actor = partner(world)
    assert ask(actor, entity, on=D(2026, 7, 19)).restricted
    assert ask(actor, entity, on=D(2026, 7, 20)).restricted is False  # off the list on the removal day


def test_an_annulled_abnormal_listing_never_restricted(world: World) -> None:
    entity = make_entity(world)
    represent(entity, world.users[Role.ENTERPRISE])
    listing = list_for_report(world, entity)
    objection = abnormal_services.objection_file(
        actor=world.actor(Role.ENTERPRISE),
        listing=listing,
        objector_name="洛阳市测试商贸有限公司",
        contact="0379-64321234",
        reason="已于6月28日报送",
        today=D(2026, 7, 13),
    )
    abnormal_services.objection_accept(
        actor=world.actor(Role.OFFICER), objection=objection, accept=True, today=D(2026, 7, 14)
    )
    abnormal_services.objection_decide(
        actor=world.actor(Role.SECTION_CHIEF),
        objection=objection,
        upheld=True,
        reply="经核实，你公司已按时报送年度报告。",
        document_number="涧市监异议〔2026〕9号",
        today=D(2026, 7, 20),
    )
    # An upheld objection annuls the decision: even for a day before the annulment, no restriction.
    assert ask(partner(world), entity, on=D(2026, 7, 15)).restricted is False


def test_the_abnormal_status_of_an_individual_business_carries_key_supervision_only(world: World) -> None:
    listing = list_for_report(world, individual(world))
    assert listing.mode == "status"
    actor = partner(world)
    procurement = ask(actor, listing.entity, Purpose.PROCUREMENT, on=LISTED_ON)
    # No legal basis is configured to restrict individual businesses in procurement: not restricted,
    # and the answer shows the status the business is in.
    assert procurement.restricted is False
    assert [x["list_type"] for x in procurement.listings] == ["abnormal_status"]
    supervision = ask(actor, listing.entity, Purpose.KEY_SUPERVISION, on=LISTED_ON)
    assert [r["list_type"] for r in supervision.answer] == ["abnormal_status"]


def test_lists_combine_serious_first(world: World) -> None:
    entity = make_entity(world)
    list_for_report(world, entity)
    listed(world, entity=entity)
    query = ask(partner(world), entity, Purpose.PROCUREMENT, on=TODAY)
    assert [r["list_type"] for r in query.answer] == ["serious", "abnormal_list"]


def test_an_entity_on_no_list_is_not_restricted(world: World) -> None:
    query = ask(partner(world), make_entity(world), Purpose.HONOURS, on=TODAY)
    assert query.restricted is False and query.answer == [] and query.listings == []


# -- the question itself -------------------------------------------------------------------------------


def test_the_query_is_recorded_with_the_asker_the_department_and_an_audit_record(world: World) -> None:
    entity = published(world).entity
    actor = partner(world)
    query = ask(actor, entity, Purpose.PROCUREMENT, on=D(2026, 10, 1), reference=" LYCG-2026-118 ")
    stored = JointQuery.objects.get(pk=query.pk)
    assert (
        stored.uscc == entity.uscc and stored.entity_name == entity.name and stored.purpose == "procurement"
    )
    assert stored.on == D(2026, 10, 1) and stored.restricted and stored.reference == "LYCG-2026-118"
    assert stored.asked_by_id == actor.user_id and stored.asked_by_label == "采购中心"
    assert (
        stored.department_unit == partner_unit(world, FINANCE)
        and stored.department == "洛阳市财政局政府采购中心"
    )
    record = AuditRecord.objects.get(action="credit_joint.queried", object_id=str(query.pk))
    assert record.actor_user_id == actor.user_id and record.org_unit_path == entity.supervisor_path
    assert record.after["restricted"] is True and record.after["reasons"] == [
        ["serious", query.answer[0]["listing_id"], "procurement"]
    ]


def test_any_entity_may_be_asked_about_by_partners_and_staff_but_not_by_enterprises(world: World) -> None:
    elsewhere = make_entity(world, scope="out")  # the lists are public: no jurisdiction limit
    assert ask(partner(world), elsewhere).pk
    assert ask(world.actor(Role.LEGAL_REVIEWER), elsewhere).department == "执法大队"
    assert ask(SYSTEM, elsewhere).department == "系统"
    with pytest.raises(PermissionDenied):
        ask(world.actor(Role.ENTERPRISE), elsewhere)


def test_malformed_and_unknown_codes(world: World) -> None:
    actor = partner(world)
    with pytest.raises(ValidationFailed) as short:
        services.query_record(actor=actor, uscc="91410305", purpose=Purpose.PROCUREMENT, today=TODAY)
    assert short.value.field == "uscc" and short.value.code == "invalid_uscc"
    assert "长度" in short.value.message_zh and "length" in short.value.message_en
    unknown = uscc_make("410305", "MA999999")
    with pytest.raises(NotFound) as missing:
        services.query_record(actor=actor, uscc=unknown, purpose=Purpose.PROCUREMENT, today=TODAY)
    assert missing.value.status_code == 404 and missing.value.field == "uscc"
    assert unknown in missing.value.message_zh and unknown in missing.value.message_en
    assert not JointQuery.objects.exists()


def test_the_code_may_be_typed_loosely_and_the_day_may_not_be_in_the_future(world: World) -> None:
    entity = make_entity(world)
    actor = partner(world)
    loose = f" {entity.uscc[:6]} {entity.uscc[6:].lower()} "
    query = services.query_record(actor=actor, uscc=loose, purpose=Purpose.HONOURS, today=TODAY)
    assert query.entity == entity and query.on == TODAY  # the day defaults to today
    with pytest.raises(ValidationFailed) as future:
        services.query_record(
            actor=actor, uscc=entity.uscc, purpose=Purpose.HONOURS, on=D(2026, 11, 21), today=TODAY
        )
    assert future.value.field == "on"
