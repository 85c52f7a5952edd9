"""Audit API: an object's history, scoped to the reader's jurisdiction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from shijian.core.api import ERROR_RESPONSES
from shijian.core.audit.selectors import audit_history


class AuditRecordOut(Schema):
    """One audit record as shown to staff."""

    seq: int
    occurred_at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    before: Any
    after: Any
    reason: str
    hash: str


def build_router(auth: list[Any]) -> Router:
    """The audit router; authentication is supplied by the layer that mounts it."""
    router = Router(tags=["audit 审计"], auth=auth)

    @router.get("/history/{object_type}/{object_id}", response={200: list[AuditRecordOut], **ERROR_RESPONSES})
    def history(request: HttpRequest, object_type: str, object_id: str) -> list[AuditRecordOut]:
        """The audit history of one object (404 when none is visible to me)."""
        records = audit_history(actor=request.actor, object_type=object_type, object_id=object_id)  # type: ignore[attr-defined]
        return [AuditRecordOut.model_validate(r, from_attributes=True) for r in records]

    return router
