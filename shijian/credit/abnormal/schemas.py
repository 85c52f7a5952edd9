"""Schemas of the abnormal-list API, and how listings, objections, letters, contact failures and proposals
are shown."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from shijian.credit.abnormal.domain import Ground, ListingStatus, Mode, ProposalStatus
from shijian.credit.abnormal.models import (
    AbnormalListing,
    AbnormalObjection,
    ContactFailure,
    EnforcementProposal,
    RegisteredLetter,
)
from shijian.credit.abnormal.selectors import ContactQueueItem, LetterProgress


class ObjectionOut(Schema):
    """An objection with its clocks' due dates and the reply letter."""

    id: int
    listing_id: int
    objector_name: str
    contact: str
    reason: str
    filed_on: dt.date
    status: str
    accept_due: dt.date
    accepted_on: dt.date | None
    verify_due: dt.date | None
    decided_on: dt.date | None
    reply: str


class ListingOut(Schema):
    """A listing as officers see it."""

    id: int
    entity_id: int
    entity_name: str
    uscc: str
    mode: Mode
    ground: Ground
    ground_zh: str
    report_year: int | None
    reason: str
    ground_on: dt.date
    decided_on: dt.date
    list_due: dt.date
    listed_late: bool
    document_number: str
    authority: str
    objection_until: dt.date
    status: ListingStatus
    cured_on: dt.date | None
    cure_note: str
    remove_due: dt.date | None
    removed_on: dt.date | None
    removed_late: bool
    removal_document_number: str
    fact_id: int | None
    removal_fact_id: int | None


class ListingDetailOut(ListingOut):
    """A listing with its objections."""

    objections: list[ObjectionOut]


class EnterpriseListingOut(Schema):
    """A listing as the enterprise sees it (its own record)."""

    id: int
    entity_id: int
    entity_name: str
    mode: Mode
    ground: Ground
    ground_zh: str
    report_year: int | None
    decided_on: dt.date
    document_number: str
    authority: str
    objection_until: dt.date
    status: ListingStatus
    objections: list[ObjectionOut]


class ListingIn(Schema):
    """A listing decision to record."""

    entity_id: int
    ground: Ground
    ground_on: dt.date
    decided_on: dt.date | None = None
    report_year: int | None = None
    disclosure_id: int | None = None
    reason: str = ""


class RemoveIn(Schema):
    """Removal after the cure."""

    cured_on: dt.date | None = None
    cure_note: str = ""
    decided_on: dt.date | None = None


class CureIn(Schema):
    """The cure, recorded before the removal decision (starts abnormal.remove)."""

    cured_on: dt.date
    cure_note: str = ""


class LetterIn(Schema):
    """A registered letter sent to the registered address."""

    sent_on: dt.date
    tracking_number: str
    returned_unsigned: bool
    returned_on: dt.date | None = None
    address: str = ""
    note: str = ""


class LetterOut(Schema):
    """A registered letter."""

    id: int
    entity_id: int
    sent_on: dt.date
    tracking_number: str
    address: str
    returned_unsigned: bool
    returned_on: dt.date | None
    note: str


class ContactFailureOut(Schema):
    """A contact failure (无法联系) found by another procedure."""

    id: int
    found_on: dt.date
    source_type: str
    source_id: str
    reference: str
    note: str
    recorded_by: str


class ContactQueueOut(Schema):
    """An entity on the contact-failure queue: its findings and where the letters evidence stands."""

    entity_id: int
    entity_name: str
    uscc: str
    address: str
    first_found_on: dt.date
    failures: list[ContactFailureOut]
    letters_sent: int
    letters_unsigned: int
    progress: LetterProgress
    progress_zh: str
    progress_en: str
    evidence_established_on: dt.date | None


class ObjectionIn(Schema):
    """An objection filed by the enterprise."""

    objector_name: str
    contact: str
    reason: str


class AcceptIn(Schema):
    """Accept or refuse an objection."""

    accept: bool
    reason: str = ""


class DecideIn(Schema):
    """The outcome of the verification and the reply."""

    upheld: bool
    reply: str
    document_number: str = ""


class ProposalOut(Schema):
    """An Art. 18 proposal for an officer to confirm."""

    id: int
    entity_id: int
    entity_name: str
    kind: str
    status: ProposalStatus
    grounds: str
    proposed_on: dt.date
    decided_on: dt.date | None
    document_number: str
    note: str
    listing_ids: list[int]


class ConfirmIn(Schema):
    """Confirming a proposal: the decision's number and date."""

    document_number: str = ""
    decided_on: dt.date
    note: str = ""


class DismissIn(Schema):
    """Dismissing a proposal."""

    note: str


# -- output ----------------------------------------------------------------------------------


def objection_out(x: AbnormalObjection) -> ObjectionOut:
    return ObjectionOut(
        id=x.pk,
        listing_id=x.listing_id,
        objector_name=x.objector_name,
        contact=x.contact,
        reason=x.reason,
        filed_on=x.filed_on,
        status=x.status,
        accept_due=x.accept_due,
        accepted_on=x.accepted_on,
        verify_due=x.verify_due,
        decided_on=x.decided_on,
        reply=x.reply,
    )


def listing_values(x: AbnormalListing) -> dict[str, Any]:
    return {
        "id": x.pk,
        "entity_id": x.entity_id,
        "entity_name": x.entity.name,
        "uscc": x.entity.uscc,
        "mode": x.mode,
        "ground": x.ground,
        "ground_zh": Ground(x.ground).label_zh,
        "report_year": x.report_year,
        "reason": x.reason,
        "ground_on": x.ground_on,
        "decided_on": x.decided_on,
        "list_due": x.list_due,
        "listed_late": x.listed_late,
        "document_number": x.document_number,
        "authority": x.authority.name,
        "objection_until": x.objection_until,
        "status": x.status,
        "cured_on": x.cured_on,
        "cure_note": x.cure_note,
        "remove_due": x.remove_due,
        "removed_on": x.removed_on,
        "removed_late": x.removed_late,
        "removal_document_number": x.removal_document_number,
        "fact_id": x.fact_id,
        "removal_fact_id": x.removal_fact_id,
    }


def listing_detail_out(x: AbnormalListing) -> ListingDetailOut:
    return ListingDetailOut(
        **listing_values(x), objections=[objection_out(o) for o in x.objections.order_by("filed_on", "id")]
    )


def letter_out(x: RegisteredLetter) -> LetterOut:
    return LetterOut(
        id=x.pk,
        entity_id=x.entity_id,
        sent_on=x.sent_on,
        tracking_number=x.tracking_number,
        address=x.address,
        returned_unsigned=x.returned_unsigned,
        returned_on=x.returned_on,
        note=x.note,
    )


def contact_failure_out(x: ContactFailure) -> ContactFailureOut:
    return ContactFailureOut(
        id=x.pk,
        found_on=x.found_on,
        source_type=x.source_type,
        source_id=x.source_id,
        reference=x.reference,
        note=x.note,
        recorded_by=x.recorded_by,
    )


def contact_queue_out(x: ContactQueueItem) -> ContactQueueOut:
    return ContactQueueOut(
        entity_id=x.entity.pk,
        entity_name=x.entity.name,
        uscc=x.entity.uscc,
        address=x.entity.address,
        first_found_on=x.first_found_on,
        failures=[contact_failure_out(f) for f in x.failures],
        letters_sent=x.letters_sent,
        letters_unsigned=x.letters_unsigned,
        progress=x.progress,
        progress_zh=x.progress.label_zh,
        progress_en=x.progress.label_en,
        evidence_established_on=x.evidence.established_on if x.evidence is not None else None,
    )


def proposal_out(x: EnforcementProposal) -> ProposalOut:
    return ProposalOut(
        id=x.pk,
        entity_id=x.entity_id,
        entity_name=x.entity.name,
        kind=x.kind,
        status=ProposalStatus(x.status),
        grounds=x.grounds,
        proposed_on=x.proposed_on,
        decided_on=x.decided_on,
        document_number=x.document_number,
        note=x.note,
        listing_ids=sorted(x.listings.values_list("id", flat=True)),
    )


def enterprise_listing_out(x: AbnormalListing) -> EnterpriseListingOut:
    return EnterpriseListingOut(
        id=x.pk,
        entity_id=x.entity_id,
        entity_name=x.entity.name,
        mode=Mode(x.mode),
        ground=Ground(x.ground),
        ground_zh=Ground(x.ground).label_zh,
        report_year=x.report_year,
        decided_on=x.decided_on,
        document_number=x.document_number,
        authority=x.authority.name,
        objection_until=x.objection_until,
        status=ListingStatus(x.status),
        objections=[objection_out(o) for o in x.objections.order_by("filed_on", "id")],
    )
