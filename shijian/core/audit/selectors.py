"""Reads of the audit trail: chain verification and scoped object history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from shijian.core.actor import Actor
from shijian.core.audit.domain import GENESIS_HASH, ChainProblem, check_link
from shijian.core.audit.models import AuditRecord
from shijian.core.errors import NotFound
from shijian.core.scoping import jurisdiction_q

_PROBLEM_TEXT = {
    "missing": ("审计链缺失记录（序号不连续）", "a record is missing from the chain (sequence gap)"),
    "prev_hash": ("前一哈希与上一条记录不符", "previous-hash does not match the record before it"),
    "hash": ("记录内容与其哈希不符（已被篡改）", "record content does not match its hash (tampered)"),
}


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The outcome of walking the audit chain."""

    checked: int
    last_seq: int
    problem: ChainProblem | None

    @property
    def ok(self) -> bool:
        """True when every link holds."""
        return self.problem is None


def audit_chain_verify(
    *, batch_size: int = 5000, progress: Callable[[int], None] | None = None
) -> ChainReport:
    """Walk the whole chain in order and report the first broken or missing link."""
    expected_seq = 1
    expected_prev = GENESIS_HASH
    checked = 0
    records = AuditRecord.objects.order_by("seq").iterator(chunk_size=batch_size)
    for record in records:
        kind = check_link(record.chain_entry(), record.hash, expected_seq, expected_prev)
        if kind is not None:
            zh, en = _PROBLEM_TEXT[kind]
            if kind == "missing":
                zh = f"{zh}：应为第 {expected_seq} 条，实际为第 {record.seq} 条（记录ID {record.pk}）"
                en = f"{en}: expected seq {expected_seq}, found seq {record.seq} (record id {record.pk})"
            else:
                zh = f"{zh}：第 {record.seq} 条（记录ID {record.pk}）"
                en = f"{en}: seq {record.seq} (record id {record.pk})"
            problem = ChainProblem(
                record_id=record.pk, seq=record.seq, kind=kind, message_zh=zh, message_en=en
            )
            return ChainReport(checked=checked, last_seq=expected_seq - 1, problem=problem)
        checked += 1
        expected_seq = record.seq + 1
        expected_prev = record.hash
        if progress is not None and checked % batch_size == 0:
            progress(checked)
    return ChainReport(checked=checked, last_seq=expected_seq - 1, problem=None)


def audit_history(*, actor: Actor, object_type: str, object_id: str) -> QuerySet[AuditRecord]:
    """An object's audit records the actor may read, oldest first; ``NotFound`` when none.

    Staff see records owned by their jurisdiction plus platform-wide records
    (no owning unit, such as rule-table edits); administrators see all.
    """
    records = AuditRecord.objects.filter(object_type=object_type, object_id=str(object_id))
    if not actor.sees_everything:
        if not actor.is_staff_member:
            raise NotFound("history")
        records = records.filter(jurisdiction_q(actor, "org_unit_path") | Q(org_unit_path=""))
    records = records.order_by("seq")
    if not records.exists():
        raise NotFound("history")
    return records
