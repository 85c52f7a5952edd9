"""Schemas of the joint-punishment API (联合惩戒查询、反馈、措施)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from shijian.credit.joint.domain import FeedbackAction, ListType, Purpose, purpose_label
from shijian.credit.joint.models import JointFeedback, JointMeasure, JointQuery


class QueryIn(Schema):
    """A question: is the entity with this USCC restricted for this purpose on this day (default today)?"""

    uscc: str
    purpose: Purpose
    on: dt.date | None = None
    reference: str = ""


class FeedbackIn(Schema):
    """What the department did with the answer (反馈)."""

    action: FeedbackAction
    acted_on: dt.date
    document_number: str = ""
    note: str = ""


class MeasureIn(Schema):
    """A new version of a measure (administrators)."""

    list_type: ListType
    code: str
    purpose: Purpose
    label_zh: str
    label_en: str
    departments: str
    legal_basis: str
    confidence: str
    effective_from: dt.date
    notes: str = ""


class MeasureEndIn(Schema):
    """End a measure without a successor (the last day it applies and why)."""

    effective_to: dt.date
    reason: str


class MeasureOut(Schema):
    """One version of a measure with its basis and validity."""

    id: int
    list_type: str
    list_zh: str
    code: str
    version: int
    purpose: str
    purpose_zh: str
    label_zh: str
    label_en: str
    departments: str
    legal_basis: str
    confidence: str
    effective_from: dt.date
    effective_to: dt.date | None
    notes: str


class ReasonOut(Schema):
    """Why the entity is restricted: the list, the listing decision, the measure and its legal basis."""

    list_type: str
    list_zh: str
    list_en: str
    listing_id: int
    decision_number: str
    deciding_authority: str
    decided_on: dt.date
    listed_until: dt.date | None
    listing_reason_zh: str
    listing_reason_en: str
    measure: str
    measure_version: int
    label_zh: str
    label_en: str
    departments: str
    legal_basis: str
    confidence: str


class ListingInForceOut(Schema):
    """A list the entity is on that day (whatever the purpose asked about)."""

    list_type: str
    list_zh: str
    listing_id: int
    decision_number: str
    deciding_authority: str
    decided_on: dt.date
    listed_until: dt.date | None
    reason_zh: str
    reason_en: str


class FeedbackOut(Schema):
    """The department's feedback on an answer."""

    id: int
    query_id: int
    action: str
    action_zh: str
    document_number: str
    acted_on: dt.date
    note: str
    recorded_by: str
    created_at: dt.datetime


class QueryOut(Schema):
    """A recorded query and the answer given (the id to quote in any later dispute)."""

    id: int
    entity_id: int
    uscc: str
    entity_name: str
    purpose: str
    purpose_zh: str
    on: dt.date
    restricted: bool
    reasons: list[ReasonOut]
    listings: list[ListingInForceOut]
    reference: str
    department: str
    asked_by: str
    asked_at: dt.datetime
    feedback: FeedbackOut | None


def measure_out(row: JointMeasure) -> MeasureOut:
    """Serialise a measure version."""
    return MeasureOut(
        id=row.pk,
        list_type=row.list_type,
        list_zh=ListType(row.list_type).label_zh,
        code=row.code,
        version=row.version,
        purpose=row.purpose,
        purpose_zh=purpose_label(Purpose(row.purpose))[0],
        label_zh=row.label_zh,
        label_en=row.label_en,
        departments=row.departments,
        legal_basis=row.legal_basis,
        confidence=row.confidence,
        effective_from=row.effective_from,
        effective_to=row.effective_to,
        notes=row.notes,
    )


def feedback_out(feedback: JointFeedback) -> FeedbackOut:
    """Serialise feedback."""
    return FeedbackOut(
        id=feedback.pk,
        query_id=feedback.query_id,
        action=feedback.action,
        action_zh=FeedbackAction(feedback.action).label_zh,
        document_number=feedback.document_number,
        acted_on=feedback.acted_on,
        note=feedback.note,
        recorded_by=feedback.recorded_by_label,
        created_at=feedback.created_at,
    )


def _listing(row: dict[str, Any]) -> ListingInForceOut:
    return ListingInForceOut.model_validate({k: row.get(k) for k in ListingInForceOut.model_fields})


def query_out(query: JointQuery) -> QueryOut:
    """Serialise a query with the answer as it was given (the stored snapshot) and its feedback."""
    try:
        feedback: JointFeedback | None = query.feedback
    except JointFeedback.DoesNotExist:
        feedback = None
    return QueryOut(
        id=query.pk,
        entity_id=query.entity_id,
        uscc=query.uscc,
        entity_name=query.entity_name,
        purpose=query.purpose,
        purpose_zh=purpose_label(Purpose(query.purpose))[0],
        on=query.on,
        restricted=query.restricted,
        reasons=[ReasonOut(**r) for r in query.answer],
        listings=[_listing(x) for x in query.listings],
        reference=query.reference,
        department=query.department,
        asked_by=query.asked_by_label,
        asked_at=query.asked_at,
        feedback=feedback_out(feedback) if feedback is not None else None,
    )
