"""What the two writers (PostgreSQL COPY path, generic batched path) share.

Both must give the same register for the same file: the same entities and
persons, the same change records (变更记录) for changed items and the same
change-feed events. The tests run both on PostgreSQL and compare.

A new entity gets a ``registered`` change-feed event but no 设立登记 change
record: the registration was made by its authority, not by the import, and
its establishment date is on the entity itself. An existing entity whose
data differ gets one change record per changed item and a ``changed`` event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from shijian.registry.domain import ENTITY_TYPE_LABELS, STATUS_LABELS
from shijian.registry.importer.domain import EntityRow, RowError, RowResult, parent_missing, rejected
from shijian.registry.models import MarketEntity

#: Items compared when an import changes an existing entity, in this order:
#: (key, change-record label). Internal fields (the flag on a pilot USCC, the
#: search key, the supervising unit's path) are updated but not published.
CHANGE_ITEMS: tuple[tuple[str, str], ...] = (
    ("name", "名称 name"),
    ("entity_type", "类型 type"),
    ("responsible_person", "法定代表人（负责人） responsible person"),
    ("address", "住所 registered address"),
    ("division_code", "行政区划 division"),
    ("premises_address", "经营场所 premises"),
    ("business_scope", "经营范围 business scope"),
    ("registered_capital", "注册资本 registered capital"),
    ("capital_currency", "币种 currency"),
    ("established_on", "成立日期 established on"),
    ("term_start", "营业期限自 term from"),
    ("term_end", "营业期限至 term until"),
    ("industry", "行业 industry"),
    ("foreign_invested", "外商投资 foreign-invested"),
    ("registration_authority", "登记机关 registration authority"),
    ("parent_entity", "隶属企业 parent entity"),
    ("status", "登记状态 status"),
    ("status_since", "状态日期 status since"),
    ("suspended_until", "歇业期限至 suspended until"),
)

#: Labels shown in change records for coded values.
STATUS_SHOWN: dict[str, str] = {status.value: zh for status, (zh, _en) in STATUS_LABELS.items()}
TYPE_SHOWN: dict[str, str] = {kind.value: zh for kind, (zh, _en) in ENTITY_TYPE_LABELS.items()}
YES_NO_SHOWN = {True: "是", False: "否"}


@dataclass(slots=True)
class WriteOutcome:
    """What writing one batch did: rows refused by the register, and entities created/changed/unchanged."""

    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def split_refused(
    results: list[RowResult], refused: dict[int, RowError]
) -> tuple[list[EntityRow], list[RowError]]:
    """The entities still to write, and every error of the batch (validation and register), by row."""
    entities: list[EntityRow] = []
    errors: list[RowError] = []
    for result in results:
        error = refused.get(result.row)
        if error is not None:
            result = rejected(result, error)
        if result.entity is not None:
            entities.append(result.entity)
        else:
            errors.extend(result.errors)
    return entities, errors


def missing_parents(entities: Sequence[EntityRow]) -> dict[int, RowError]:
    """Branches whose parent is neither registered nor a non-branch row of the same batch."""
    in_batch = {e.uscc for e in entities if e.parent_uscc is None}
    wanted = {e.parent_uscc for e in entities if e.parent_uscc is not None and e.parent_uscc not in in_batch}
    if not wanted:
        return {}
    found = set(MarketEntity.objects.filter(uscc__in=wanted).values_list("uscc", flat=True))
    return {
        e.row: parent_missing(e.row, e.parent_uscc)
        for e in entities
        if e.parent_uscc is not None and e.parent_uscc not in in_batch and e.parent_uscc not in found
    }
