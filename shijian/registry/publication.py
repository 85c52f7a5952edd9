"""The publication interface: apps register kinds of public fact (公示信息类别).

A kind says how it is labelled, how long a fact stays public (a rule-table
period, so the law stays data) and which body fields are masked or dropped
before anything reaches the portal. The registry itself registers the kinds
it publishes; credit, inspection, cases and sampling add theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from shijian.core.masking import mask_id_number, mask_phone


@dataclass(frozen=True, slots=True)
class FactKind:
    """One kind of public fact.

    ``window_rule_id`` names a clock rule whose period is the publicity window
    (None: public until withdrawn). ``masks`` maps body keys to masking
    functions; keys in ``drop`` never leave the platform.
    """

    kind: str
    label_zh: str
    label_en: str
    section: str
    window_rule_id: str | None = None
    masks: Mapping[str, Callable[[str], str]] = field(default_factory=dict)
    drop: frozenset[str] = frozenset()

    def mask_body(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """The body as it may be published: dropped keys removed, masked keys masked."""
        shown: dict[str, Any] = {}
        for key, value in body.items():
            if key in self.drop:
                continue
            mask = self.masks.get(key)
            shown[key] = mask(str(value)) if mask is not None and value not in (None, "") else value
        return shown


#: Portal sections, in page order (板块).
SECTIONS: dict[str, tuple[str, str]] = {
    "registration": ("登记信息", "Registration"),
    "licences": ("行政许可信息", "Licences"),
    "annual_reports": ("年度报告", "Annual reports"),
    "disclosures": ("即时信息", "Ad-hoc disclosures"),
    "inspections": ("抽查检查结果", "Inspection results"),
    "penalties": ("行政处罚信息", "Administrative penalties"),
    "abnormal": ("经营异常名录", "Abnormal-operations list"),
    "serious": ("严重违法失信名单", "Serious-violation list"),
    "sampling": ("抽查检验结果", "Sampling results"),
    "other": ("其他信息", "Other information"),
}

_KINDS: dict[str, FactKind] = {}


def register_fact_kind(kind: FactKind) -> FactKind:
    """Register (or re-register identically) a kind of public fact."""
    if kind.section not in SECTIONS:
        raise ValueError(f"unknown portal section {kind.section!r}")
    existing = _KINDS.get(kind.kind)
    if existing is not None and existing != kind:
        raise ValueError(f"fact kind {kind.kind!r} is already registered differently")
    _KINDS[kind.kind] = kind
    return kind


def fact_kind(kind: str) -> FactKind:
    """The registered kind ``kind``; ``KeyError`` when nobody registered it."""
    return _KINDS[kind]


def fact_kinds() -> dict[str, FactKind]:
    """Every registered kind."""
    return dict(_KINDS)


PERSON_MASKS: dict[str, Callable[[str], str]] = {"id_number": mask_id_number, "phone": mask_phone}

REGISTRATION_EVENT = register_fact_kind(
    FactKind(
        kind="registry.lifecycle",
        label_zh="登记事项",
        label_en="Registration event",
        section="registration",
        masks=PERSON_MASKS,
    )
)
