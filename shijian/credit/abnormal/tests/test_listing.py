"""Listing, removal, letters, Art. 18 proposals, the deregistration hook and the decision PDF (PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client

from shijian.core.audit.models import AuditRecord
from shijian.core.clock.models import Clock
from shijian.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from shijian.core.roles import Role
from shijian.credit.abnormal import documents, services
from shijian.credit.abnormal.domain import Ground, ListingStatus, ProposalKind, ProposalStatus
from shijian.credit.abnormal.models import AbnormalListing, EnforcementProposal
from shijian.credit.models import CreditFact
from shijian.credit.selectors import facts_in_force
from shijian.registry.deregistration.services import eligibility_refusals
from shijian.registry.models import ChangeFeedEntry, PublicFact
from shijian.registry.reports import services as report_services
from shijian.registry.reports.domain import DisclosureKind
from shijian.testing.privacy import personal_data_found
from shijian.testing.registry import make_entity
from shijian.testing.world import World

from .factories import LISTED_ON, D, file_report, individual, list_for_report, send_letters

pytestmark = pytest.mark.django_db


def test_listing_records_a_public_credit_fact_with_the_decision_number(world: World, client: Client) -> None:
    entity = make_entity(world)
    listing = list_for_report(world, entity)
    assert listing.mode == "list" and listing.status == ListingStatus.LISTED
    assert listing.document_number == "涧市监异列〔2026〕1号"
    assert listing.authority == world.home_bureau
    fact = CreditFact.objects.get(pk=listing.fact_id)
    assert fact.kind == "abnormal.listed" and fact.category == "list" and fact.severity == "general"
    assert fact.public and fact.document_number == listing.document_number
    assert fact.source_type == "credit_abnormal.abnormallisting" and fact.source_id == str(listing.pk)
    entry = fact.public_fact
    assert entry is not None and entry.kind == "credit.abnormal"
    # The next decision of the same authority and year takes the next number.
    assert list_for_report(world, make_entity(world)).document_number == "涧市监异列〔2026〕2号"
    # The listing reaches the entity page (section "abnormal") through the credit fact.
    text = client.get(f"/entities/{entity.uscc}/").content.decode()
    assert "涧市监异列〔2026〕1号" in text and "未按照规定的期限公示年度报告" in text
    assert personal_data_found(text) == []
    assert AuditRecord.objects.filter(action="credit.abnormal.listed", object_id=str(listing.pk)).exists()


def test_listing_clock_runs_from_the_ground_in_working_days(world: World) -> None:
    # abnormal.list = 10 WD from 2026-07-01 (the day after the 30 June deadline, not counted):
    # 07-02, 07-03, 07-06..07-10, 07-13, 07-14, 07-15 -> due 2026-07-15.
    on_time = list_for_report(world, make_entity(world), decided_on=D(2026, 7, 15))
    assert on_time.list_due == D(2026, 7, 15) and not on_time.listed_late
    late = list_for_report(world, make_entity(world), decided_on=D(2026, 7, 16))
    assert late.list_due == D(2026, 7, 15) and late.listed_late
    clock = Clock.objects.get(pk=late.list_clock_id)
    assert clock.rule_id == "abnormal.list" and clock.status == "completed" and clock.completed_late


def test_individual_business_gets_the_abnormal_status(world: World) -> None:
    listing = list_for_report(world, individual(world))
    assert listing.mode == "status"
    fact = CreditFact.objects.get(pk=listing.fact_id)
    assert fact.title.startswith("标记为经营异常状态")
    assert documents.decision_title(listing) == "标记经营异常状态决定书"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"report_year": None}, "report_year"),
        ({"ground_on": D(2026, 6, 30)}, "ground_on"),  # the deadline day itself: not yet late
        ({"decided_on": D(2026, 7, 11)}, "decided_on"),  # after today
        ({"ground_on": D(2026, 7, 11), "decided_on": D(2026, 7, 10)}, "ground_on"),
    ],
)
def test_bad_listing_input_names_the_field(world: World, kwargs: dict[str, object], field: str) -> None:
    values: dict[str, object] = {
        "ground": Ground.ANNUAL_REPORT,
        "ground_on": D(2026, 7, 1),
        "decided_on": LISTED_ON,
        "report_year": 2025,
        "today": LISTED_ON,
    }
    values.update(kwargs)
    with pytest.raises(ValidationFailed) as error:
        services.abnormal_list(actor=world.actor(Role.OFFICER), entity=make_entity(world), **values)  # type: ignore[arg-type]
    assert error.value.field == field and error.value.message_zh and error.value.message_en
    assert not AbnormalListing.objects.exists()


def test_no_listing_when_the_report_was_filed_or_not_owed_or_twice(world: World) -> None:
    filed = make_entity(world)
    file_report(world, filed, today=D(2026, 3, 2))
    with pytest.raises(Conflict) as error:
        list_for_report(world, filed)
    assert error.value.code == "report_filed"
    young = make_entity(world, established_on=D(2026, 2, 1))
    with pytest.raises(ValidationFailed) as not_owed:
        list_for_report(world, young)
    assert not_owed.value.field == "report_year"
    twice = make_entity(world)
    list_for_report(world, twice)
    with pytest.raises(Conflict) as again:
        list_for_report(world, twice)
    assert again.value.code == "already_listed"


def test_only_credit_officers_of_the_jurisdiction_list(world: World) -> None:
    with pytest.raises(NotFound):
        list_for_report(world, make_entity(world, scope="out"))
    with pytest.raises(PermissionDenied):
        list_for_report(world, make_entity(world), role=Role.LEGAL_REVIEWER)


# -- removal ---------------------------------------------------------------------------------


def test_filing_the_report_removes_the_listing_automatically(world: World, client: Client) -> None:
    entity = make_entity(world)
    listing = list_for_report(world, entity)
    other_year = list_for_report(world, entity, year=2024, decided_on=D(2025, 7, 10))
    file_report(world, entity, today=D(2026, 7, 20))
    listing.refresh_from_db()
    assert listing.status == ListingStatus.REMOVED and listing.removed_on == D(2026, 7, 20)
    assert listing.removal_document_number == "涧市监异移〔2026〕1号" and not listing.removed_late
    assert "已补报2025年度报告" in listing.cure_note
    other_year.refresh_from_db()
    assert other_year.status == ListingStatus.LISTED  # only the year filed is cured
    # The lawful listing ended: its portal entry is withdrawn (feed event), the fact is not revoked.
    entry = PublicFact.objects.get(credit_fact__pk=listing.fact_id)
    assert entry.withdrawn_on == D(2026, 7, 20) and "移出经营异常名录" in entry.withdrawn_reason
    assert ChangeFeedEntry.objects.filter(uscc=entity.uscc, event="fact_withdrawn").exists()
    removal = CreditFact.objects.get(pk=listing.removal_fact_id)
    assert removal.kind == "abnormal.removed" and not removal.public and removal.relation == ""
    assert facts_in_force().filter(pk=listing.fact_id).exists()  # kept in the record, not revoked
    text = client.get(f"/entities/{entity.uscc}/").content.decode()
    assert listing.document_number not in text and other_year.document_number in text


def test_removal_within_five_working_days_across_national_day(world: World) -> None:
    entity = make_entity(world)
    listing = services.abnormal_list(
        actor=world.actor(Role.OFFICER),
        entity=entity,
        ground=Ground.FALSE_DISCLOSURE,
        ground_on=D(2026, 9, 1),
        decided_on=D(2026, 9, 1),
        reason="2025年度报告所填从业人数与社保记录严重不符",
        today=D(2026, 9, 1),
    )
    with pytest.raises(ValidationFailed) as no_note:
        services.cure_record(
            actor=world.actor(Role.OFFICER),
            listing=listing,
            cured_on=D(2026, 9, 29),
            cure_note=" ",
            today=D(2026, 9, 29),
        )
    assert no_note.value.field == "cure_note"
    listing = services.cure_record(
        actor=world.actor(Role.OFFICER),
        listing=listing,
        cured_on=D(2026, 9, 29),
        cure_note="企业已更正年度报告从业人数",
        today=D(2026, 9, 29),
    )
    # abnormal.remove = 5 WD from Tue 2026-09-29 (not counted): 09-30 #1; 10-01..10-07 National Day;
    # 10-08 #2, 10-09 #3, Sat 10-10 (make-up working day) #4, Mon 10-12 #5 -> due 2026-10-12.
    assert listing.remove_due == D(2026, 10, 12)
    removed = services.abnormal_remove(
        actor=world.actor(Role.OFFICER), listing=listing, today=D(2026, 10, 13)
    )
    assert removed.status == ListingStatus.REMOVED and removed.removed_late  # one day late, kept as such
    with pytest.raises(Conflict) as again:
        services.abnormal_remove(actor=world.actor(Role.OFFICER), listing=removed, today=D(2026, 10, 13))
    assert again.value.code == "not_listed"


def test_removal_needs_the_cure(world: World) -> None:
    listing = list_for_report(world, make_entity(world))
    with pytest.raises(Conflict) as error:
        services.abnormal_remove(
            actor=world.actor(Role.OFFICER), listing=listing, cured_on=LISTED_ON, today=LISTED_ON
        )
    assert error.value.code == "cure_missing"
    with pytest.raises(ValidationFailed) as missing_date:
        services.abnormal_remove(actor=world.actor(Role.OFFICER), listing=listing, today=LISTED_ON)
    assert missing_date.value.field == "cured_on"


def test_disclosing_the_ordered_information_removes_a_ground_2_listing(world: World) -> None:
    entity = make_entity(world)
    file_report(world, entity, today=D(2026, 3, 2))  # also makes the enterprise user its representative
    disclosure = report_services.disclosure_record(
        actor=world.actor(Role.OFFICER),
        entity=entity,
        kind=DisclosureKind.OTHER,
        formed_on=D(2026, 7, 1),
        today=D(2026, 7, 1),
    )
    listing = services.abnormal_list(
        actor=world.actor(Role.OFFICER),
        entity=entity,
        ground=Ground.ADHOC_DISCLOSURE,
        ground_on=D(2026, 9, 1),
        decided_on=D(2026, 9, 2),
        disclosure=disclosure,
        today=D(2026, 9, 2),
    )
    report_services.disclosure_file(
        actor=world.actor(Role.ENTERPRISE),
        disclosure=disclosure,
        content={"subject": "住所变更", "content": "公司住所变更事宜已办理完毕"},
        today=D(2026, 9, 10),
    )
    listing.refresh_from_db()
    assert listing.status == ListingStatus.REMOVED and listing.removed_on == D(2026, 9, 10)


# -- letters (ground 4) ----------------------------------------------------------------------


def test_ground_4_needs_two_unsigned_letters_15_to_30_days_apart(world: World) -> None:
    entity = make_entity(world)

    def list_unreachable(ground_on: dt.date) -> AbnormalListing:
        return services.abnormal_list(
            actor=world.actor(Role.OFFICER),
            entity=entity,
            ground=Ground.UNREACHABLE,
            ground_on=ground_on,
            decided_on=D(2026, 9, 1),
            today=D(2026, 9, 1),
        )

    send_letters(world, entity, D(2026, 7, 1), D(2026, 7, 10), today=D(2026, 8, 31))  # 9 days apart
    with pytest.raises(Conflict) as error:
        list_unreachable(D(2026, 8, 31))
    assert error.value.code == "letters_missing" and "15" in error.value.message_zh
    # A third letter 31 days after the first, 22 after the second: the second and third pair.
    send_letters(world, entity, D(2026, 8, 1), today=D(2026, 8, 31))
    with pytest.raises(ValidationFailed) as early:
        list_unreachable(D(2026, 8, 5))  # before the second letter of the pair came back (08-06)
    assert early.value.field == "ground_on"
    listing = list_unreachable(D(2026, 8, 6))
    assert listing.ground == Ground.UNREACHABLE


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"tracking_number": "12"}, "tracking_number"),
        ({"sent_on": D(2026, 9, 2)}, "sent_on"),
        ({"returned_on": D(2026, 7, 31)}, "returned_on"),
        ({"returned_unsigned": False, "returned_on": D(2026, 8, 5)}, "returned_on"),
    ],
)
def test_bad_letter_input_names_the_field(world: World, kwargs: dict[str, object], field: str) -> None:
    values: dict[str, object] = {
        "sent_on": D(2026, 8, 1),
        "tracking_number": "XA123456789CN",
        "returned_unsigned": True,
        "returned_on": D(2026, 8, 6),
        "today": D(2026, 9, 1),
    }
    values.update(kwargs)
    with pytest.raises(ValidationFailed) as error:
        services.letter_record(actor=world.actor(Role.OFFICER), entity=make_entity(world), **values)  # type: ignore[arg-type]
    assert error.value.field == field


# -- 2024 Art. 18 ----------------------------------------------------------------------------


def test_two_years_unreported_and_unreachable_proposes_revocation(world: World) -> None:
    entity = make_entity(world)
    list_for_report(world, entity, year=2024, decided_on=D(2025, 7, 10))
    list_for_report(world, entity, year=2025)
    assert not EnforcementProposal.objects.exists()  # not unreachable yet
    send_letters(world, entity, D(2026, 8, 3), D(2026, 8, 20), today=D(2026, 8, 28))
    proposal = EnforcementProposal.objects.get(entity=entity)
    assert proposal.kind == ProposalKind.REVOCATION and proposal.status == ProposalStatus.PENDING
    assert "2024、2025年度" in proposal.grounds
    assert proposal.listings.count() == 2
    with pytest.raises(ValidationFailed) as no_number:
        services.proposal_confirm(
            actor=world.actor(Role.SECTION_CHIEF),
            proposal=proposal,
            document_number=" ",
            decided_on=D(2026, 9, 1),
            today=D(2026, 9, 1),
        )
    assert no_number.value.field == "document_number"
    services.proposal_confirm(
        actor=world.actor(Role.SECTION_CHIEF),
        proposal=proposal,
        document_number="涧市监吊字〔2026〕3号",
        decided_on=D(2026, 9, 1),
        today=D(2026, 9, 1),
    )
    entity.refresh_from_db()
    assert entity.status == "revoked"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CONFIRMED


def test_a_corrected_year_means_no_revocation_proposal(world: World) -> None:
    entity = make_entity(world)
    list_for_report(world, entity, year=2024, decided_on=D(2025, 7, 10))
    file_report(world, entity, year=2024, today=D(2025, 8, 1))  # removes the 2024 listing
    list_for_report(world, entity, year=2025)
    send_letters(world, entity, D(2026, 8, 3), D(2026, 8, 20), today=D(2026, 8, 28))
    assert not EnforcementProposal.objects.exists()


def test_false_disclosure_proposes_a_penalty(world: World) -> None:
    entity = make_entity(world)
    listing = services.abnormal_list(
        actor=world.actor(Role.OFFICER),
        entity=entity,
        ground=Ground.FALSE_DISCLOSURE,
        ground_on=D(2026, 9, 1),
        decided_on=D(2026, 9, 1),
        reason="年度报告资产总额弄虚作假",
        today=D(2026, 9, 1),
    )
    proposal = EnforcementProposal.objects.get(entity=entity)
    assert proposal.kind == ProposalKind.PENALTY and list(proposal.listings.all()) == [listing]
    dismissed = services.proposal_dismiss(
        actor=world.actor(Role.OFFICER), proposal=proposal, note="已另案处理", today=D(2026, 9, 2)
    )
    assert dismissed.status == ProposalStatus.DISMISSED


# -- hooks and documents ---------------------------------------------------------------------


def test_listed_entities_may_not_use_simplified_deregistration(world: World) -> None:
    entity = make_entity(world)
    assert [r.check_id for r in eligibility_refusals(entity, LISTED_ON)] == []
    list_for_report(world, entity)
    assert [r.check_id for r in eligibility_refusals(entity, LISTED_ON)] == ["credit.abnormal"]
    file_report(world, entity, today=D(2026, 7, 20))
    assert eligibility_refusals(entity, D(2026, 7, 20)) == []


def test_the_decision_is_a_pdf_with_number_and_name(world: World) -> None:
    pypdf = pytest.importorskip("pypdf")
    entity = make_entity(world)
    listing = list_for_report(world, entity)
    pdf = documents.decision_pdf(listing)
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    compact = "".join(text.split())
    assert "涧市监异列〔2026〕1号" in compact and entity.name in compact
    assert "列入经营异常名录决定书" in compact
    assert documents.decision_html(listing) == documents.decision_html(listing)  # deterministic
