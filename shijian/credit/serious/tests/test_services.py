"""The serious-violation list on PostgreSQL: proposal, notice and hearing, approval, decision, publication."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client, override_settings

from shijian.accounts import services as account_services
from shijian.accounts.models import OrgUnitKind
from shijian.accounts.selectors import actor_for_user
from shijian.core.actor import system_actor
from shijian.core.audit.models import AuditRecord
from shijian.core.clock.models import Clock
from shijian.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from shijian.core.roles import Role
from shijian.credit.serious import services
from shijian.credit.serious.domain import ListingStatus, RepairConditions, SubmissionKind
from shijian.credit.serious.services import WrongApprover
from shijian.credit.serious.tests.helpers import (
    APPROVED_ON,
    DECIDED_ON,
    SERVED_ON,
    STATEMENT_DUE,
    TODAY,
    approved,
    city_chief,
    listed,
    noticed,
    propose,
    published,
    staff_user,
)
from shijian.registry.models import ChangeFeedEntry
from shijian.testing.privacy import personal_data_found
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
D = dt.date
SYSTEM = system_actor("tests")
ALL_MET = RepairConditions(
    restriction_ended=True, obligations_performed=True, harm_removed=True, no_new_heavier_penalty=True
)


# -- proposal -------------------------------------------------------------------------------------


def test_proposal_records_the_case_and_is_audited(world: World) -> None:
    listing = propose(world)
    assert listing.status == ListingStatus.PROPOSED.value
    assert (
        listing.penalty_document_number == "涧市监处罚〔2026〕88号"
        and listing.case_reference == "AJ-2026-0088"
    )
    assert listing.bars_person is False
    assert (
        AuditRecord.objects.filter(action="credit_serious.proposed", object_id=str(listing.pk)).count() == 1
    )
    with pytest.raises(Conflict) as error:  # the same penalty decision twice
        propose(world, entity=listing.entity)
    assert error.value.code == "already_proposed" and error.value.field == "penalty_document_number"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"heavier_penalty": False}, "heavier_penalty"),
        ({"heavier_penalty_kind": "warning"}, "heavier_penalty_kind"),
        ({"category": "tax"}, "category"),
        ({"penalty_document_number": " "}, "penalty_document_number"),
        ({"facts": ""}, "facts"),
        ({"legal_basis": ""}, "legal_basis"),
        ({"penalty_decided_on": D(2026, 11, 21)}, "penalty_decided_on"),
        ({"proposed_on": D(2026, 8, 1)}, "proposed_on"),  # before the penalty decision
    ],
)
def test_proposal_input_is_checked_field_by_field(
    world: World, overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationFailed) as error:
        propose(world, **overrides)
    assert error.value.field == field
    assert error.value.message_zh and error.value.message_en


def test_categories_come_from_the_configured_list(world: World) -> None:
    with override_settings(SHIJIAN={**settings.SHIJIAN, "SERIOUS_CATEGORIES": ["drugs"]}):
        with pytest.raises(ValidationFailed) as error:
            propose(world)
        assert error.value.field == "category" and "drugs" in error.value.message_en
        assert propose(world, category="drugs").category == "drugs"


def test_only_credit_officers_of_the_jurisdiction_propose(world: World) -> None:
    with pytest.raises(NotFound):
        propose(world, entity=make_entity(world, scope="out"))
    with pytest.raises(PermissionDenied):
        propose(world, actor=world.actor(Role.LEGAL_REVIEWER))


# -- notice, statements, hearing --------------------------------------------------------------------


def test_notice_deadlines_come_from_the_rules(world: World) -> None:
    listing = noticed(world)
    # serious.statement and serious.hearing_request: 5 WD from Tue 2026-09-01 (not counted):
    # 09-02 (1), 09-03 (2), 09-04 (3), Mon 09-07 (4), Tue 09-08 (5).
    assert listing.status == ListingStatus.NOTICED.value
    assert listing.statement_due == STATEMENT_DUE == listing.hearing_request_due
    with pytest.raises(Conflict):  # served once
        services.serious_notice_serve(
            actor=world.actor(Role.OFFICER),
            listing=listing,
            served_on=SERVED_ON,
            notice_document_number="x",
            today=TODAY,
        )


def test_statements_and_hearing(world: World) -> None:
    listing = noticed(world)
    officer = world.actor(Role.OFFICER)

    def record(kind: SubmissionKind, on: dt.date, outcome: str = "") -> None:
        services.serious_submission_record(
            actor=officer,
            listing=listing,
            kind=kind,
            received_on=on,
            summary="当事人称已整改",
            outcome=outcome,
            today=TODAY,
        )

    record(SubmissionKind.STATEMENT, D(2026, 9, 3))
    with pytest.raises(ValidationFailed) as late:
        record(SubmissionKind.DEFENCE, D(2026, 9, 9))  # after the 5 WD
    assert late.value.code == "late" and late.value.field == "received_on"
    with pytest.raises(Conflict):  # no hearing without a request
        record(SubmissionKind.HEARING, D(2026, 9, 7), "维持")
    record(SubmissionKind.HEARING_REQUEST, D(2026, 9, 8))
    listing = services.serious_approve(
        actor=city_chief(world), listing=listing, approve=True, approved_on=APPROVED_ON, today=TODAY
    )
    with pytest.raises(ValidationFailed) as error:  # the hearing was requested but not held
        services.serious_decide(
            actor=officer,
            listing=listing,
            decision_number="涧市监列严〔2026〕2号",
            decided_on=DECIDED_ON,
            today=TODAY,
        )
    assert error.value.field == "hearing"
    with pytest.raises(ValidationFailed):  # a hearing needs its conclusion
        record(SubmissionKind.HEARING, D(2026, 9, 11))
    record(SubmissionKind.HEARING, D(2026, 9, 11), "听证认为违法事实清楚，维持拟列入意见")
    decided = services.serious_decide(
        actor=officer,
        listing=listing,
        decision_number="涧市监列严〔2026〕2号",
        decided_on=DECIDED_ON,
        today=TODAY,
    )
    assert decided.status == ListingStatus.LISTED.value
    assert list(decided.submissions.values_list("kind", flat=True)) == [
        "statement",
        "hearing_request",
        "hearing",
    ]


# -- approval one level up --------------------------------------------------------------------------


def test_approval_must_come_from_the_parent_bureau(world: World) -> None:
    listing = noticed(world)
    # The same level: the home bureau's own chief and head.
    for role in (Role.SECTION_CHIEF, Role.BUREAU_HEAD):
        with pytest.raises(WrongApprover) as error:
            services.serious_approve(
                actor=world.actor(role), listing=listing, approve=True, approved_on=APPROVED_ON, today=TODAY
            )
        assert error.value.status_code == 403 and "洛阳市市场监督管理局" in error.value.message_zh
    # Another branch: the chief of the other county's bureau does not even see the entity.
    other_chief = actor_for_user(staff_user(world, world.other_bureau, Role.SECTION_CHIEF, "otherchief"))
    with pytest.raises(NotFound):
        services.serious_approve(
            actor=other_chief, listing=listing, approve=True, approved_on=APPROVED_ON, today=TODAY
        )
    # The right bureau but not a chief: an officer of the city bureau.
    city_officer = actor_for_user(staff_user(world, world.city_bureau, Role.OFFICER, "cityofficer"))
    with pytest.raises(WrongApprover):
        services.serious_approve(
            actor=city_officer, listing=listing, approve=True, approved_on=APPROVED_ON, today=TODAY
        )
    # Two levels up is not one level up: a provincial bureau's head.
    province_bureau = account_services.org_unit_create(
        actor=SYSTEM,
        code="410000-AMR",
        name="河南省市场监督管理局",
        kind=OrgUnitKind.BUREAU,
        parent=world.province,
    )
    province_head = actor_for_user(staff_user(world, province_bureau, Role.BUREAU_HEAD, "provincehead"))
    with pytest.raises(WrongApprover):
        services.serious_approve(
            actor=province_head, listing=listing, approve=True, approved_on=APPROVED_ON, today=TODAY
        )
    # The system approves nothing.
    with pytest.raises(WrongApprover):
        services.serious_approve(
            actor=SYSTEM, listing=listing, approve=True, approved_on=APPROVED_ON, today=TODAY
        )
    done = services.serious_approve(
        actor=city_chief(world),
        listing=listing,
        approve=True,
        approved_on=APPROVED_ON,
        note="同意",
        today=TODAY,
    )
    assert done.status == ListingStatus.APPROVED.value
    assert done.approval_unit == "洛阳市市场监督管理局" and done.approved_by.endswith("chief-410300-AMR")


def test_refusal_one_level_up_ends_the_procedure(world: World) -> None:
    listing = noticed(world)
    chief = city_chief(world)
    with pytest.raises(ValidationFailed) as error:
        services.serious_approve(
            actor=chief, listing=listing, approve=False, approved_on=APPROVED_ON, today=TODAY
        )
    assert error.value.field == "note"
    refused = services.serious_approve(
        actor=chief,
        listing=listing,
        approve=False,
        approved_on=APPROVED_ON,
        note="处罚尚在复议期内",
        today=TODAY,
    )
    assert refused.status == ListingStatus.REFUSED.value
    with pytest.raises(ValidationFailed) as decide:
        services.serious_decide(
            actor=world.actor(Role.OFFICER),
            listing=refused,
            decision_number="X1",
            decided_on=DECIDED_ON,
            today=TODAY,
        )
    assert decide.value.field == "status"
    # A refused proposal does not block a new one on the same decision.
    assert propose(world, entity=listing.entity).status == ListingStatus.PROPOSED.value


def test_decision_needs_approval_unless_switched_off(world: World) -> None:
    listing = noticed(world)
    officer = world.actor(Role.OFFICER)
    with pytest.raises(ValidationFailed) as error:
        services.serious_decide(
            actor=officer,
            listing=listing,
            decision_number="涧市监列严〔2026〕3号",
            decided_on=DECIDED_ON,
            today=TODAY,
        )
    assert error.value.field == "approval"
    with override_settings(SHIJIAN={**settings.SHIJIAN, "SERIOUS_APPROVAL_ONE_LEVEL_UP": False}):
        with pytest.raises(Conflict) as not_needed:
            services.serious_approve(
                actor=city_chief(world), listing=listing, approve=True, approved_on=APPROVED_ON, today=TODAY
            )
        assert not_needed.value.code == "approval_not_required"
        decided = services.serious_decide(
            actor=officer,
            listing=listing,
            decision_number="涧市监列严〔2026〕3号",
            decided_on=DECIDED_ON,
            today=TODAY,
        )
    assert decided.status == ListingStatus.LISTED.value and decided.approved_on is None


def test_no_listing_before_the_notice_period_has_run_out(world: World) -> None:
    officer = world.actor(Role.OFFICER)
    proposal = propose(world)
    with pytest.raises(ValidationFailed) as unnoticed:
        services.serious_decide(
            actor=officer, listing=proposal, decision_number="N1", decided_on=DECIDED_ON, today=TODAY
        )
    assert unnoticed.value.field == "notice_served_on"
    listing = approved(world, penalty_document_number="涧市监处罚〔2026〕89号")
    with pytest.raises(ValidationFailed) as early:  # the last day of the party's time
        services.serious_decide(
            actor=officer, listing=listing, decision_number="N2", decided_on=STATEMENT_DUE, today=TODAY
        )
    assert early.value.field == "decided_on" and "2026-09-08" in early.value.message_zh
    with pytest.raises(ValidationFailed) as blank:
        services.serious_decide(
            actor=officer, listing=listing, decision_number=" ", decided_on=DECIDED_ON, today=TODAY
        )
    assert blank.value.field == "decision_number"
    with pytest.raises(ValidationFailed) as measure:
        services.serious_decide(
            actor=officer,
            listing=listing,
            decision_number="N2",
            decided_on=DECIDED_ON,
            measures=["jail"],
            today=TODAY,
        )
    assert measure.value.field == "measures[0]"


def test_a_written_waiver_allows_an_earlier_decision(world: World) -> None:
    listing = noticed(world)
    services.serious_submission_record(
        actor=world.actor(Role.OFFICER),
        listing=listing,
        kind=SubmissionKind.WAIVER,
        received_on=D(2026, 9, 2),
        summary="当事人书面放弃陈述、申辩和听证",
        today=TODAY,
    )
    services.serious_approve(
        actor=city_chief(world), listing=listing, approve=True, approved_on=D(2026, 9, 3), today=TODAY
    )
    decided = services.serious_decide(
        actor=world.actor(Role.OFFICER),
        listing=listing,
        decision_number="W1",
        decided_on=D(2026, 9, 4),
        today=TODAY,
    )
    assert decided.decided_on == D(2026, 9, 4)


# -- decision, publication clock, credit facts ---------------------------------------------------------


def test_decision_starts_the_publication_clock_across_the_holidays(world: World) -> None:
    listing = listed(world)
    # serious.publish: 20 WD from Mon 2026-09-14 (not counted). By hand, 2026 calendar:
    #  09-15..09-18 (4), Sun 09-20 make-up working day (5), 09-21..09-24 (9);
    #  Fri 09-25..Sun 09-27 Mid-Autumn off; 09-28..09-30 (12); 10-01..10-07 National Day off;
    #  10-08 (13), 10-09 (14), Sat 10-10 make-up working day (15), 10-12..10-16 (20) -> due Fri 2026-10-16.
    assert listing.publish_due == D(2026, 10, 16)
    clock = Clock.objects.get(subject_type="credit_serious.seriouslisting", subject_id=str(listing.pk))
    assert (
        clock.rule_id == "serious.publish" and clock.due_date == D(2026, 10, 16) and clock.status == "running"
    )
    # The listing lasts serious.auto_remove (36 months, no shift): until 2029-09-14.
    assert listing.listed_until == D(2029, 9, 14)
    assert listing.measures == ["key_supervision", "procurement", "bidding", "honours"]
    assert listing.deciding_authority == "涧西区市场监督管理局"
    assert listing.person == listing.entity.responsible_person and listing.person_bar_until is None


def test_publication_is_a_public_credit_fact_on_the_portal(world: World, client: Client) -> None:
    listing = published(world, today=D(2026, 10, 16))
    clock = Clock.objects.get(subject_type="credit_serious.seriouslisting", subject_id=str(listing.pk))
    assert clock.status == "completed" and clock.completed_late is False
    fact = listing.listed_fact
    assert fact is not None and fact.kind == "serious.listed" and fact.category == "list"
    assert fact.severity == "serious" and fact.public and fact.document_number == "涧市监列严〔2026〕1号"
    entry = fact.public_fact
    assert entry is not None and entry.kind == "credit.serious" and entry.public_until is None
    page = client.get(f"/entities/{listing.entity.uscc}/").content.decode()
    assert "涧市监列严〔2026〕1号" in page and "列入严重违法失信名单" in page
    assert personal_data_found(page) == []
    assert ChangeFeedEntry.objects.filter(uscc=listing.entity.uscc, event="fact_published").exists()
    with pytest.raises(Conflict):
        services.serious_publish(actor=world.actor(Role.OFFICER), listing=listing, today=TODAY)


def test_late_publication_is_kept_as_late(world: World) -> None:
    listing = published(world, today=D(2026, 10, 19))
    clock = Clock.objects.get(subject_type="credit_serious.seriouslisting", subject_id=str(listing.pk))
    assert clock.completed_late is True


def test_the_longer_restriction_of_the_decision_extends_the_listing(world: World) -> None:
    listing = approved(world)
    decided = services.serious_decide(
        actor=world.actor(Role.OFFICER),
        listing=listing,
        decision_number="涧市监列严〔2026〕5号",
        decided_on=DECIDED_ON,
        restriction_until=D(2031, 9, 14),
        measures=["procurement", "procurement"],
        today=TODAY,
    )
    assert decided.listed_until == D(2031, 9, 14) and decided.measures == ["procurement"]
