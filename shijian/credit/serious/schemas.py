"""Schemas of the serious-violation list's staff API."""

from __future__ import annotations

import datetime as dt

from ninja import Schema

from shijian.credit.serious import catalogue
from shijian.credit.serious.domain import HeavierPenalty, ListingStatus, SubmissionKind
from shijian.credit.serious.models import SeriousListing, SeriousSubmission


class ProposalIn(Schema):
    """A proposal to list an entity (列入建议), with the penalty decision it rests on."""

    category: str
    heavier_penalty: bool
    heavier_penalty_kind: str
    penalty_document_number: str
    penalty_decided_on: dt.date
    penalty_description: str = ""
    facts: str
    legal_basis: str
    case_reference: str = ""
    proposed_on: dt.date | None = None


class NoticeIn(Schema):
    """The notice of the proposed listing was served (告知书送达)."""

    served_on: dt.date
    notice_document_number: str


class SubmissionIn(Schema):
    """A statement, defence, hearing request, hearing (with its conclusion) or waiver."""

    kind: SubmissionKind
    received_on: dt.date
    summary: str
    outcome: str = ""


class ApprovalIn(Schema):
    """Approval or refusal one level up (上一级批准)."""

    approve: bool
    approved_on: dt.date | None = None
    note: str = ""


class DecisionIn(Schema):
    """The listing decision (列入决定)."""

    decision_number: str
    decided_on: dt.date
    measures: list[str] | None = None
    restriction_until: dt.date | None = None


class EarlyRemovalIn(Schema):
    """Early removal after credit repair (提前移出), with the conditions the officer checked."""

    removed_on: dt.date | None = None
    reason: str
    document_number: str = ""
    restriction_ended: bool
    obligations_performed: bool
    harm_removed: bool
    no_new_heavier_penalty: bool


class SubmissionOut(Schema):
    """One recorded submission."""

    id: int
    kind: str
    received_on: dt.date
    summary: str
    outcome: str


class MeasureOut(Schema):
    """A management measure applied to the listing."""

    code: str
    label_zh: str
    label_en: str
    legal_basis: str


class ListingOut(Schema):
    """A proposal or listing as officers see it."""

    id: int
    entity_id: int
    entity_name: str
    uscc: str
    status: str
    status_zh: str
    category: str
    category_zh: str
    heavier_penalty_kind: str
    heavier_penalty_zh: str
    bars_person: bool
    penalty_document_number: str
    penalty_decided_on: dt.date
    penalty_description: str
    facts: str
    legal_basis: str
    case_reference: str
    proposed_on: dt.date
    notice_document_number: str
    notice_served_on: dt.date | None
    statement_due: dt.date | None
    hearing_request_due: dt.date | None
    approval_unit: str
    approved_by: str
    approved_on: dt.date | None
    approval_note: str
    decision_number: str
    decided_on: dt.date | None
    deciding_authority: str
    restriction_until: dt.date | None
    listed_until: dt.date | None
    person_bar_until: dt.date | None
    measures: list[MeasureOut]
    publish_due: dt.date | None
    published_on: dt.date | None
    listed_fact_id: int | None
    removed_on: dt.date | None
    removal_kind: str
    removal_reason: str
    submissions: list[SubmissionOut]


class RestrictionReasonOut(Schema):
    """Why an entity is restricted: the listing and the measure."""

    listing_id: int
    decision_number: str
    deciding_authority: str
    decided_on: dt.date
    listed_until: dt.date | None
    measure: str
    label_zh: str
    label_en: str
    legal_basis: str


class RestrictionOut(Schema):
    """Whether an entity is restricted for a purpose on a day."""

    entity_id: int
    purpose: str
    on: dt.date
    restricted: bool
    reasons: list[RestrictionReasonOut]


def _submission(s: SeriousSubmission) -> SubmissionOut:
    return SubmissionOut(
        id=s.pk, kind=s.kind, received_on=s.received_on, summary=s.summary, outcome=s.outcome
    )


def listing_out(listing: SeriousListing) -> ListingOut:
    """Serialise a listing with its measures (labels from the catalogue) and submissions."""
    categories = catalogue.categories()
    measures = catalogue.measures()
    category = categories.get(listing.category)
    return ListingOut(
        id=listing.pk,
        entity_id=listing.entity_id,
        entity_name=listing.entity.name,
        uscc=listing.entity.uscc,
        status=listing.status,
        status_zh=ListingStatus(listing.status).label_zh,
        category=listing.category,
        category_zh=category.label_zh if category else listing.category,
        heavier_penalty_kind=listing.heavier_penalty_kind,
        heavier_penalty_zh=HeavierPenalty(listing.heavier_penalty_kind).label_zh,
        bars_person=listing.bars_person,
        penalty_document_number=listing.penalty_document_number,
        penalty_decided_on=listing.penalty_decided_on,
        penalty_description=listing.penalty_description,
        facts=listing.facts,
        legal_basis=listing.legal_basis,
        case_reference=listing.case_reference,
        proposed_on=listing.proposed_on,
        notice_document_number=listing.notice_document_number,
        notice_served_on=listing.notice_served_on,
        statement_due=listing.statement_due,
        hearing_request_due=listing.hearing_request_due,
        approval_unit=listing.approval_unit,
        approved_by=listing.approved_by,
        approved_on=listing.approved_on,
        approval_note=listing.approval_note,
        decision_number=listing.decision_number,
        decided_on=listing.decided_on,
        deciding_authority=listing.deciding_authority,
        restriction_until=listing.restriction_until,
        listed_until=listing.listed_until,
        person_bar_until=listing.person_bar_until,
        measures=[
            MeasureOut(code=m.code, label_zh=m.label_zh, label_en=m.label_en, legal_basis=m.legal_basis)
            for m in (measures[c] for c in listing.measures if c in measures)
        ],
        publish_due=listing.publish_due,
        published_on=listing.published_on,
        listed_fact_id=listing.listed_fact_id,
        removed_on=listing.removed_on,
        removal_kind=listing.removal_kind,
        removal_reason=listing.removal_reason,
        submissions=[_submission(s) for s in listing.submissions.all()],
    )
