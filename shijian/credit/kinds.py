"""The register of credit fact kinds (信用信息类别) and the kinds the credit app itself records.

Apps that record facts register their kinds at start-up (in ``AppConfig.ready``)
with ``register_credit_kind``; recording a fact of an unregistered kind is
refused, so every fact in the record has a known category, severity and
publication.
"""

from __future__ import annotations

from shijian.credit import publication
from shijian.credit.domain import Category, CreditKind, Severity

_KINDS: dict[str, CreditKind] = {}


def register_credit_kind(kind: CreditKind) -> CreditKind:
    """Register (or re-register identically) a kind of credit fact."""
    existing = _KINDS.get(kind.kind)
    if existing is not None and existing != kind:
        raise ValueError(f"credit kind {kind.kind!r} is already registered differently")
    _KINDS[kind.kind] = kind
    return kind


def credit_kind(kind: str) -> CreditKind | None:
    """The registered kind ``kind``, or None."""
    return _KINDS.get(kind)


def credit_kinds() -> dict[str, CreditKind]:
    """Every registered kind."""
    return dict(_KINDS)


PENALTY = register_credit_kind(
    CreditKind(
        kind="penalty",
        label_zh="行政处罚",
        label_en="Administrative penalty",
        category=Category.PENALTY,
        portal_kind=publication.PENALTY.kind,
        person_fact=True,
    )
)
COMMITMENT_BROKEN = register_credit_kind(
    CreditKind(
        kind="licence.commitment_broken",
        label_zh="告知承诺不实",
        label_en="Licence commitment broken",
        category=Category.COMMITMENT,
        portal_kind=publication.OTHER.kind,
    )
)
INSPECTION_RESULT = register_credit_kind(
    CreditKind(
        kind="inspection.result",
        label_zh="抽查检查结果",
        label_en="Inspection result",
        category=Category.INSPECTION,
        portal_kind=publication.INSPECTION.kind,
        severity=Severity.NONE,
    )
)
SAMPLING_FAILED = register_credit_kind(
    CreditKind(
        kind="sampling.failed",
        label_zh="抽检不合格",
        label_en="Sample failed",
        category=Category.SAMPLING,
        portal_kind=publication.SAMPLING.kind,
    )
)
COMPLAINT = register_credit_kind(
    CreditKind(
        kind="complaint.received",
        label_zh="投诉举报",
        label_en="Complaint or report received",
        category=Category.COMPLAINT,
        public=False,
        severity=Severity.NONE,
    )
)
OTHER_DEPARTMENT = register_credit_kind(
    CreditKind(
        kind="other_department",
        label_zh="其他部门共享信息",
        label_en="Information shared by another department",
        category=Category.OTHER,
        portal_kind=publication.OTHER.kind,
        person_fact=True,
    )
)
