"""Pure rules of the audit chain: canonical serialisation and hashing.

Each record's hash is SHA-256 over the canonical JSON of its content and the
previous record's hash, so changing, removing or reordering any record breaks
every later link. See docs/audit.md.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64


def to_jsonable(value: Any) -> Any:
    """Turn a value into plain JSON types deterministically (dates ISO, decimals as strings)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        # Floats are kept as their shortest repr so the database round trip is stable.
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value)
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((to_jsonable(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, Iterable) and not isinstance(value, bytes | bytearray):
        return [to_jsonable(v) for v in value]
    return str(value)


def canonical_json(payload: Mapping[str, Any]) -> str:
    """Canonical serialisation: sorted keys, no spaces, UTF-8 characters kept as they are."""
    return json.dumps(to_jsonable(payload), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class ChainEntry:
    """The hashed content of one audit record."""

    seq: int
    occurred_at: str
    actor: str
    actor_user_id: int | None
    action: str
    object_type: str
    object_id: str
    org_unit_path: str
    before: Any
    after: Any
    reason: str
    prev_hash: str

    def content(self) -> dict[str, Any]:
        """The fields that are hashed, as a mapping."""
        return {
            "seq": self.seq,
            "occurred_at": self.occurred_at,
            "actor": self.actor,
            "actor_user_id": self.actor_user_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "org_unit_path": self.org_unit_path,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "prev_hash": self.prev_hash,
        }

    def digest(self) -> str:
        """SHA-256 (lowercase hex) of the canonical serialisation."""
        return hashlib.sha256(canonical_json(self.content()).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainProblem:
    """The first broken or missing link found while walking the chain."""

    record_id: int | None
    seq: int
    kind: str  # "missing" | "prev_hash" | "hash"
    message_zh: str
    message_en: str


def check_link(entry: ChainEntry, stored_hash: str, expected_seq: int, expected_prev: str) -> str | None:
    """Why one record does not continue the chain, or ``None`` when it does."""
    if entry.seq != expected_seq:
        return "missing"
    if entry.prev_hash != expected_prev:
        return "prev_hash"
    if entry.digest() != stored_hash:
        return "hash"
    return None
