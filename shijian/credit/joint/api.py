"""API of joint punishment (联合惩戒): thin - parse, call one service or selector, serialise.

Partner departments (协同部门用户, bearer token) and bureau staff ask and
report back; officers of the entity's jurisdiction read the queries about
an entity; administrators version the measures. Under /api/v1/credit/joint/.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.responses import Status

from shijian.accounts.api_auth import staff_auth
from shijian.core.actor import Actor
from shijian.core.api import ERROR_RESPONSES
from shijian.credit.joint import selectors, services
from shijian.credit.joint.domain import ListType, Purpose
from shijian.credit.joint.schemas import (
    FeedbackIn,
    FeedbackOut,
    MeasureEndIn,
    MeasureIn,
    MeasureOut,
    QueryIn,
    QueryOut,
    feedback_out,
    measure_out,
    query_out,
)

router = Router(tags=["credit 联合惩戒"], auth=staff_auth())
PREFIX = "/credit/joint"


class MeasureFilter(Schema):
    """Which measures: in force on a day (default today) or every version (``history``)."""

    list_type: ListType | None = None
    purpose: Purpose | None = None
    on: dt.date | None = None
    history: bool = False


class QueryFilter(Schema):
    """Filter of the department's own queries."""

    uscc: str | None = None


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined,no-any-return]


def _today() -> dt.date:
    return timezone.localdate()


@router.get(f"{PREFIX}/measures", response={200: list[MeasureOut], **ERROR_RESPONSES})
def measure_list(request: HttpRequest, filters: Query[MeasureFilter]) -> list[MeasureOut]:
    """The measures per list type with their legal basis (措施清单): in force on a day, or all versions."""
    found = selectors.measure_list(
        actor=_actor(request),
        on=None if filters.history else (filters.on or _today()),
        list_type=filters.list_type.value if filters.list_type else None,
        purpose=filters.purpose.value if filters.purpose else None,
    )
    return [measure_out(m) for m in found]


@router.post(f"{PREFIX}/measures", response={201: MeasureOut, **ERROR_RESPONSES})
def measure_add(request: HttpRequest, body: MeasureIn) -> Status[MeasureOut]:
    """Add a version of a measure; the previous version ends the day before (administrators)."""
    measure = services.measure_version_add(actor=_actor(request), **body.dict())
    return Status(201, measure_out(measure))


@router.post(f"{PREFIX}/measures/{{measure_id}}/end", response={200: MeasureOut, **ERROR_RESPONSES})
def measure_end(request: HttpRequest, measure_id: int, body: MeasureEndIn) -> MeasureOut:
    """End a measure without a successor (its basis was repealed) (administrators)."""
    actor = _actor(request)
    measure = selectors.measure_get(actor=actor, measure_id=measure_id)
    ended = services.measure_end(
        actor=actor, measure=measure, effective_to=body.effective_to, reason=body.reason
    )
    return measure_out(ended)


@router.post(f"{PREFIX}/queries", response={201: QueryOut, **ERROR_RESPONSES})
def query_create(request: HttpRequest, body: QueryIn) -> Status[QueryOut]:
    """Is the entity (by USCC) restricted for a purpose on a day, and why? The query is recorded."""
    query = services.query_record(
        actor=_actor(request),
        uscc=body.uscc,
        purpose=body.purpose,
        on=body.on,
        reference=body.reference,
        today=_today(),
    )
    return Status(201, query_out(query))


@router.get(f"{PREFIX}/queries", response={200: list[QueryOut], **ERROR_RESPONSES})
def query_list(request: HttpRequest, filters: Query[QueryFilter]) -> list[QueryOut]:
    """The department's own queries, newest first (at most 500)."""
    found = selectors.query_list_own(actor=_actor(request), uscc=filters.uscc)
    return [query_out(q) for q in found[:500]]


@router.get(f"{PREFIX}/queries/{{query_id}}", response={200: QueryOut, **ERROR_RESPONSES})
def query_detail(request: HttpRequest, query_id: int) -> QueryOut:
    """One query with the answer as given and its feedback (the asking department; officers of the entity)."""
    return query_out(selectors.query_get(actor=_actor(request), query_id=query_id))


@router.post(f"{PREFIX}/queries/{{query_id}}/feedback", response={201: FeedbackOut, **ERROR_RESPONSES})
def feedback_create(request: HttpRequest, query_id: int, body: FeedbackIn) -> Status[FeedbackOut]:
    """Report what the department did with the answer (反馈): once per query, by the asking department."""
    feedback = services.feedback_record(
        actor=_actor(request),
        query_id=query_id,
        action=body.action,
        acted_on=body.acted_on,
        document_number=body.document_number,
        note=body.note,
        today=_today(),
    )
    return Status(201, feedback_out(feedback))


@router.get(f"{PREFIX}/entities/{{entity_id}}/queries", response={200: list[QueryOut], **ERROR_RESPONSES})
def entity_queries(request: HttpRequest, entity_id: int) -> list[QueryOut]:
    """Queries about an entity and the departments' feedback (officers of its jurisdiction; 404 outside)."""
    _entity, found = selectors.entity_queries(actor=_actor(request), entity_id=entity_id)
    return [query_out(q) for q in found[:500]]
