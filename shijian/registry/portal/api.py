"""Open data: one entity's public record and the resumable change feed."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from shijian.core.api import ERROR_RESPONSES
from shijian.core.masking import mask_personal_data_in
from shijian.registry import selectors

router = Router(tags=["portal 公示"])


class ChangeOut(Schema):
    """A public change record."""

    item: str
    before: str
    after: str
    changed_on: dt.date


class FactOut(Schema):
    """A published fact with its provenance."""

    id: int
    kind: str
    title: str
    body: dict[str, Any]
    source_department: str
    document_number: str
    decided_on: dt.date
    published_on: dt.date
    public_until: dt.date | None


class EntityPublicOut(Schema):
    """An entity's public record (公示信息)."""

    basic: dict[str, Any]
    changes: list[ChangeOut]
    facts: list[FactOut]


class FeedEntryOut(Schema):
    """One change-feed event; ``cursor`` is what to pass as ``after`` to continue."""

    cursor: int
    uscc: str
    event: str
    payload: dict[str, Any]
    occurred_at: dt.datetime


class FeedOut(Schema):
    """A page of the change feed."""

    entries: list[FeedEntryOut]
    next_cursor: int


class FeedQuery(Schema):
    """Where to continue the feed."""

    after: int = 0
    limit: int = 500


@router.get("/public/entities/{uscc}", response={200: EntityPublicOut, **ERROR_RESPONSES}, auth=None)
def entity_public(request: HttpRequest, uscc: str) -> EntityPublicOut:
    """One entity's public record: basic data, change history, published facts."""
    profile = selectors.entity_public_profile(uscc=uscc, today=timezone.localdate())
    return EntityPublicOut(
        basic=profile.basic(),
        changes=[ChangeOut.model_validate(c, from_attributes=True) for c in profile.changes],
        facts=[FactOut.model_validate(f, from_attributes=True) for f in profile.timeline],
    )


@router.get("/public/changes", response={200: FeedOut, **ERROR_RESPONSES}, auth=None)
def change_feed(request: HttpRequest, query: Query[FeedQuery]) -> FeedOut:
    """Public events in order after ``after`` (registrations, changes, facts published or withdrawn)."""
    entries = selectors.change_feed(after=max(query.after, 0), limit=query.limit)
    return FeedOut(
        entries=[
            FeedEntryOut(
                cursor=e.pk,
                uscc=e.uscc,
                event=e.event,
                # Payloads are written masked; this also covers numbers inside free text
                # (an address holding a mobile number, as some registers have).
                payload=cast(dict[str, Any], mask_personal_data_in(e.payload)),
                occurred_at=e.occurred_at,
            )
            for e in entries
        ],
        next_cursor=entries[-1].pk if entries else max(query.after, 0),
    )
