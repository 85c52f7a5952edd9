"""Writes to the audit trail: every audited change appends one chained record."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from shijian.core.actor import Actor
from shijian.core.audit.domain import GENESIS_HASH, ChainEntry, to_jsonable
from shijian.core.audit.models import AuditRecord

# Any constant works; it only has to be the same for every writer.
_CHAIN_LOCK_KEY = 7_314_159_265


def _lock_chain() -> None:
    """Serialise appends so that each record links to the one committed before it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def model_snapshot(obj: Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The audited values of a model instance (foreign keys as ids), JSON-ready."""
    wanted = set(fields) if fields is not None else None
    snapshot: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if wanted is not None and field.name not in wanted:
            continue
        snapshot[field.name] = to_jsonable(getattr(obj, field.attname))
    return snapshot


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str = "",
    org_unit_path: str = "",
) -> AuditRecord:
    """Append one audit record (who, what, object, before/after, why) to the chain.

    Call it inside the service's transaction: if the change rolls back, so does
    its audit record. Either ``obj`` or ``object_type`` + ``object_id`` names
    the object; ``org_unit_path`` scopes who may read the history.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
        if not org_unit_path:
            org_unit_path = str(getattr(obj, "audit_org_unit_path", "") or "")
    if not object_type or object_id is None:
        raise ValueError("audit_record needs obj or object_type and object_id")
    with transaction.atomic():
        _lock_chain()
        last = AuditRecord.objects.order_by("-seq").only("seq", "hash").first()
        occurred_at = timezone.now()
        entry = ChainEntry(
            seq=(last.seq + 1) if last else 1,
            occurred_at=to_jsonable(occurred_at),
            actor=actor.audit_label,
            actor_user_id=actor.user_id,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            org_unit_path=org_unit_path,
            before=to_jsonable(before) if before is not None else None,
            after=to_jsonable(after) if after is not None else None,
            reason=reason,
            prev_hash=last.hash if last else GENESIS_HASH,
        )
        record = AuditRecord(
            seq=entry.seq,
            occurred_at=occurred_at,
            actor=entry.actor,
            actor_user_id=entry.actor_user_id,
            action=entry.action,
            object_type=entry.object_type,
            object_id=entry.object_id,
            org_unit_path=entry.org_unit_path,
            before=entry.before,
            after=entry.after,
            reason=entry.reason,
            prev_hash=entry.prev_hash,
            hash=entry.digest(),
        )
        record.save(force_insert=True)
    return record
