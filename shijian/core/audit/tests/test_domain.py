"""The audit chain's pure rules: canonical form and hashing."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib

from hypothesis import given
from hypothesis import strategies as st

from shijian.core.audit.domain import GENESIS_HASH, ChainEntry, canonical_json, check_link


def entry(**overrides: object) -> ChainEntry:
    values: dict[str, object] = {
        "seq": 1,
        "occurred_at": "2026-01-05T02:00:00+00:00",
        "actor": "user:1:wang",
        "actor_user_id": 1,
        "action": "x.changed",
        "object_type": "app.model",
        "object_id": "7",
        "org_unit_path": "/410000/",
        "before": {"name": "甲"},
        "after": {"name": "乙"},
        "reason": "更正",
        "prev_hash": GENESIS_HASH,
    }
    values.update(overrides)
    return ChainEntry(**values)  # type: ignore[arg-type]


def test_canonical_json_is_sorted_compact_and_keeps_chinese() -> None:
    text = canonical_json(
        {"b": 1, "a": "市监", "c": {"z": dt.date(2026, 1, 2), "y": decimal.Decimal("1.50")}}
    )
    assert text == '{"a":"市监","b":1,"c":{"y":"1.50","z":"2026-01-02"}}'


def test_digest_is_sha256_of_the_canonical_form() -> None:
    e = entry()
    assert e.digest() == hashlib.sha256(canonical_json(e.content()).encode("utf-8")).hexdigest()


@given(
    st.sampled_from(["actor", "action", "object_id", "reason", "org_unit_path"]),
    st.text(min_size=1, max_size=5),
)
def test_any_change_of_content_changes_the_hash(field: str, suffix: str) -> None:
    original = entry()
    changed = entry(**{field: getattr(original, field) + suffix})
    assert changed.digest() != original.digest()


def test_check_link_names_each_kind_of_break() -> None:
    good = entry()
    assert check_link(good, good.digest(), 1, GENESIS_HASH) is None
    assert check_link(good, good.digest(), 2, GENESIS_HASH) == "missing"
    assert check_link(good, good.digest(), 1, "f" * 64) == "prev_hash"
    assert check_link(good, "0" * 64, 1, GENESIS_HASH) == "hash"
