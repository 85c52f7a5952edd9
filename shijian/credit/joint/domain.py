"""Pure rules of joint punishment (联合惩戒): measures per list, restriction answers, feedback. No Django.

Plain values in and out. The measures are versioned rule rows (the law is
data: list type, code, purpose, legal basis, effective dates); the listings
in force and "today" are arguments, so every rule here is tested without a
database (``tests/test_domain.py``). See docs/credit-joint.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from shijian.credit.serious.domain import DEFAULT_MEASURES, Purpose

__all__ = [
    "Confidence",
    "FeedbackAction",
    "ListType",
    "ListingInForce",
    "MeasureRule",
    "Problem",
    "Purpose",
    "Reason",
    "feedback_problems",
    "measure_problems",
    "new_version_problems",
    "purpose_label",
    "restriction_reasons",
    "rules_in_force",
]


class ListType(StrEnum):
    """The credit lists whose measures other departments apply (名录/名单类型)."""

    ABNORMAL_LIST = "abnormal_list"  # 经营异常名录（企业、农民专业合作社）
    ABNORMAL_STATUS = "abnormal_status"  # 经营异常状态（个体工商户）
    SERIOUS = "serious"  # 严重违法失信名单

    @property
    def label_zh(self) -> str:
        """Chinese name of the list."""
        return _LIST_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English name of the list."""
        return _LIST_LABELS[self][1]


_LIST_LABELS: dict[ListType, tuple[str, str]] = {
    ListType.ABNORMAL_LIST: ("经营异常名录", "abnormal-operations list"),
    ListType.ABNORMAL_STATUS: ("经营异常状态（个体工商户）", "abnormal status (individual business)"),
    ListType.SERIOUS: ("严重违法失信名单", "serious-violation list"),
}

_PURPOSE_LABELS: dict[Purpose, tuple[str, str]] = {
    Purpose.KEY_SUPERVISION: ("重点监管", "key supervision"),
    Purpose.PROCUREMENT: ("政府采购", "public procurement"),
    Purpose.BIDDING: ("招标投标", "tendering and bidding"),
    Purpose.HONOURS: ("评优评先、表彰奖励、荣誉称号", "honours and awards"),
}


def purpose_label(purpose: Purpose) -> tuple[str, str]:
    """Chinese and English name of a purpose (联合惩戒事项)."""
    return _PURPOSE_LABELS[purpose]


class Confidence(StrEnum):
    """How sure the legal basis is (statutory-rules.md): read in the text, secondary copy, widely cited."""

    V = "V"
    V2 = "V2"
    M = "M"


class FeedbackAction(StrEnum):
    """What the asking department did with an answer (反馈处理结果)."""

    EXCLUDED = "excluded"  # 已依法限制或排除（如取消投标、采购资格，不予授予荣誉）
    NOT_RESTRICTED = "not_restricted"  # 未采取限制措施
    OTHER = "other"  # 其他（须说明）

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return _ACTION_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label."""
        return _ACTION_LABELS[self][1]


_ACTION_LABELS: dict[FeedbackAction, tuple[str, str]] = {
    FeedbackAction.EXCLUDED: ("已依法限制或排除", "restricted or excluded"),
    FeedbackAction.NOT_RESTRICTED: ("未采取限制措施", "not restricted"),
    FeedbackAction.OTHER: ("其他", "other"),
}


@dataclass(frozen=True, slots=True)
class Problem:
    """Why an input is refused: the field and the reason in Chinese and English."""

    field: str
    message_zh: str
    message_en: str


@dataclass(frozen=True, slots=True)
class MeasureRule:
    """One version of a measure configured for a list type (联合惩戒措施), as the rules see it.

    ``effective_to`` is the last day the version applies (``None``: open).
    ``version`` 0 marks a measure taken from the serious list's own
    catalogue because no table version was in force on the day.
    """

    list_type: ListType
    code: str
    purpose: Purpose
    label_zh: str
    label_en: str
    departments: str
    legal_basis: str
    confidence: Confidence
    version: int
    effective_from: dt.date
    effective_to: dt.date | None = None

    def in_force(self, on: dt.date) -> bool:
        """True when this version applies on ``on`` (both ends included)."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


def rules_in_force(rules: Iterable[MeasureRule], on: dt.date) -> dict[tuple[ListType, str], MeasureRule]:
    """The version of each (list type, code) in force on ``on``; the highest version wins a tie.

    Versions never overlap when written through the service (a new version
    ends the previous one the day before it starts); the tie-break only makes
    the answer deterministic should rows be entered by hand.
    """
    found: dict[tuple[ListType, str], MeasureRule] = {}
    for rule in rules:
        if not rule.in_force(on):
            continue
        key = (rule.list_type, rule.code)
        if key not in found or rule.version > found[key].version:
            found[key] = rule
    return found


@dataclass(frozen=True, slots=True)
class ListingInForce:
    """A listing that puts the entity on a list on the day asked about.

    ``measures`` are the codes the listing decision applied (the serious list
    records them per listing); ``None`` means the list's configured measures
    apply (the abnormal list and status record none).
    """

    list_type: ListType
    listing_id: int
    decision_number: str
    deciding_authority: str
    decided_on: dt.date
    listed_until: dt.date | None
    reason_zh: str
    reason_en: str
    measures: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Reason:
    """Why the entity is restricted for a purpose: the list, the decision and the measure with its basis."""

    list_type: str
    list_zh: str
    list_en: str
    listing_id: int
    decision_number: str
    deciding_authority: str
    decided_on: dt.date
    listed_until: dt.date | None
    listing_reason_zh: str
    listing_reason_en: str
    measure: str
    measure_version: int
    label_zh: str
    label_en: str
    departments: str
    legal_basis: str
    confidence: str


def restriction_reasons(
    *,
    listings: Sequence[ListingInForce],
    rules: Mapping[tuple[ListType, str], MeasureRule],
    purpose: Purpose,
) -> list[Reason]:
    """Every (listing, measure) that restricts the entity for ``purpose`` (empty: not restricted).

    ``listings`` are those in force on the day, ``rules`` the measure versions
    in force on that day (``rules_in_force``). A listing with its own measures
    (serious list) counts only for those codes; one without (abnormal list or
    status) counts for every measure configured for its list type.
    """
    reasons: list[Reason] = []
    ordered = sorted(listings, key=lambda x: (_LIST_ORDER[x.list_type], x.decided_on, x.listing_id))
    for listing in ordered:
        if listing.measures is None:
            codes = sorted(code for (kind, code) in rules if kind is listing.list_type)
        else:
            codes = list(dict.fromkeys(listing.measures))
        for code in codes:
            rule = rules.get((listing.list_type, code))
            if rule is None or rule.purpose is not purpose:
                continue
            reasons.append(
                Reason(
                    list_type=listing.list_type.value,
                    list_zh=listing.list_type.label_zh,
                    list_en=listing.list_type.label_en,
                    listing_id=listing.listing_id,
                    decision_number=listing.decision_number,
                    deciding_authority=listing.deciding_authority,
                    decided_on=listing.decided_on,
                    listed_until=listing.listed_until,
                    listing_reason_zh=listing.reason_zh,
                    listing_reason_en=listing.reason_en,
                    measure=rule.code,
                    measure_version=rule.version,
                    label_zh=rule.label_zh,
                    label_en=rule.label_en,
                    departments=rule.departments,
                    legal_basis=rule.legal_basis,
                    confidence=rule.confidence.value,
                )
            )
    return reasons


#: The most serious list first in an answer.
_LIST_ORDER = {ListType.SERIOUS: 0, ListType.ABNORMAL_LIST: 1, ListType.ABNORMAL_STATUS: 2}

_SERIOUS_CODES = {m.code: m for m in DEFAULT_MEASURES}


def measure_problems(
    *,
    list_type: str,
    code: str,
    purpose: str,
    label_zh: str,
    label_en: str,
    departments: str,
    legal_basis: str,
    confidence: str,
) -> list[Problem]:
    """Everything wrong with a measure version before it is recorded (empty: fine).

    A measure needs a known list type and purpose, labels, the implementing
    departments and its legal basis with a confidence mark. The serious list
    records its measures per listing from its own catalogue
    (``serious.domain.DEFAULT_MEASURES``), so a serious-list row may re-word
    or re-base a catalogue measure but never invent one or change its purpose.
    """
    problems: list[Problem] = []
    types = {t.value for t in ListType}
    if list_type not in types:
        problems.append(
            Problem(
                "list_type",
                f"名录类型须为：{'、'.join(sorted(types))}",
                f"list type must be one of {', '.join(sorted(types))}",
            )
        )
    purposes = {p.value for p in Purpose}
    if purpose not in purposes:
        problems.append(
            Problem(
                "purpose",
                f"惩戒事项须为：{'、'.join(sorted(purposes))}",
                f"purpose must be one of {', '.join(sorted(purposes))}",
            )
        )
    if not code.strip() or len(code) > 40 or not code.replace("_", "").isalnum() or not code.isascii():
        problems.append(
            Problem(
                "code",
                "措施代码须为1-40位英文字母、数字或下划线",
                "the code is 1-40 ASCII letters, digits or underscores",
            )
        )
    if list_type == ListType.SERIOUS.value:
        known = _SERIOUS_CODES.get(code)
        if known is None:
            problems.append(
                Problem(
                    "code",
                    "严重违法失信名单的措施以列入决定记载的措施目录为准，不能新增目录外的措施",
                    "serious-list measures come from the listing catalogue: "
                    f"use one of {', '.join(sorted(_SERIOUS_CODES))}",
                )
            )
        elif purpose in purposes and known.purpose.value != purpose:
            problems.append(
                Problem(
                    "purpose",
                    f"该措施在严重违法失信名单目录中的事项为 {known.purpose.value}",
                    f"this catalogue measure concerns {known.purpose.value}",
                )
            )
    for field, value, zh, en in (
        ("label_zh", label_zh, "中文名称", "the Chinese label"),
        ("label_en", label_en, "英文名称", "the English label"),
        ("departments", departments, "实施部门", "the implementing departments"),
        ("legal_basis", legal_basis, "法律依据", "the legal basis"),
    ):
        if not value.strip():
            problems.append(Problem(field, f"须填写{zh}", f"{en} is required"))
    if confidence not in {c.value for c in Confidence}:
        problems.append(Problem("confidence", "依据可信度须为 V、V2 或 M", "confidence must be V, V2 or M"))
    return problems


def new_version_problems(*, effective_from: dt.date, latest_from: dt.date | None) -> list[Problem]:
    """Why a new version cannot start on ``effective_from`` (empty: it can).

    A new version ends the latest one the day before it starts, so it must
    start after the latest version started (``latest_from``; ``None`` for a
    new measure). Earlier versions are never changed or deleted.
    """
    if latest_from is not None and effective_from <= latest_from:
        return [
            Problem(
                "effective_from",
                f"新版本的生效日期须晚于现行版本的生效日期（{latest_from.isoformat()}）",
                f"a new version must start after the current one ({latest_from.isoformat()})",
            )
        ]
    return []


def feedback_problems(
    *,
    action: str,
    restricted: bool,
    acted_on: dt.date,
    asked_on: dt.date,
    document_number: str,
    note: str,
    today: dt.date,
) -> list[Problem]:
    """Everything wrong with a department's feedback on an answer (反馈; empty: fine).

    The date is not in the future nor before the question; "restricted or
    excluded" needs the department's document and an answer that reported a
    restriction; "other" needs a note, and so does not restricting an entity
    the answer reported as restricted (the department says why).
    """
    problems: list[Problem] = []
    actions = {a.value for a in FeedbackAction}
    if action not in actions:
        problems.append(
            Problem(
                "action",
                f"处理结果须为：{'、'.join(sorted(actions))}",
                f"action must be one of {', '.join(sorted(actions))}",
            )
        )
        return problems
    if acted_on > today:
        problems.append(Problem("acted_on", "处理日期不能晚于今天", "the date acted on is in the future"))
    if acted_on < asked_on:
        problems.append(
            Problem(
                "acted_on",
                f"处理日期不能早于查询日期（{asked_on.isoformat()}）",
                f"the date acted on is before the query ({asked_on.isoformat()})",
            )
        )
    if action == FeedbackAction.EXCLUDED.value:
        if not restricted:
            problems.append(
                Problem(
                    "action",
                    "该次查询结果为不受限制，不能反馈为“已依法限制或排除”；请选择“其他”并说明",
                    "the answer reported no restriction: use 'other' and explain",
                )
            )
        if not document_number.strip():
            problems.append(
                Problem(
                    "document_number",
                    "已采取限制措施的，须填写本部门的文书编号或文号",
                    "the department's document number is required for a restriction",
                )
            )
    if action == FeedbackAction.OTHER.value and not note.strip():
        problems.append(Problem("note", "选择“其他”须说明处理情况", "explain what was done ('other')"))
    if action == FeedbackAction.NOT_RESTRICTED.value and restricted and not note.strip():
        problems.append(
            Problem(
                "note",
                "查询结果显示应受限制而未采取限制措施的，须说明理由",
                "the answer reported a restriction: explain why none was applied",
            )
        )
    if len(document_number) > 100:
        problems.append(Problem("document_number", "文书编号不能超过100个字符", "at most 100 characters"))
    if len(note) > 2000:
        problems.append(Problem("note", "说明不能超过2000个字符", "at most 2000 characters"))
    return problems
