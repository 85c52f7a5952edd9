"""The risk features (风险指标) over the five dimensions of 国市监信发〔2022〕6号. No Django.

A feature is an integer or a category computed from the platform's own
data as of one day. ``None`` is a value too ("unknown": no industry, no
registered capital, never inspected, no report due yet) - the scorecard
gives it its own bin instead of failing. The set-based SQL of the monthly
run (``credit_risk.sql``) computes exactly what ``features_compute`` does
for one entity; a test holds the two together.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

__all__ = [
    "DIMENSIONS",
    "FEATURES",
    "ChangeRow",
    "Dimension",
    "FactRow",
    "FeatureKind",
    "FeatureSpec",
    "FeatureWindows",
    "ReportRow",
    "active_listings",
    "age_years",
    "features_compute",
    "list_prefix",
    "months_before",
    "months_between",
    "size_weight",
]


class Dimension(StrEnum):
    """The five indicator dimensions (指标维度)."""

    BASIC = "basic"
    DYNAMIC = "dynamic"
    SUPERVISION = "supervision"
    RELATED = "related"
    SOCIAL = "social"


DIMENSIONS: dict[Dimension, tuple[str, str]] = {
    Dimension.BASIC: ("基础属性信息", "basic attributes"),
    Dimension.DYNAMIC: ("动态信息", "dynamic information"),
    Dimension.SUPERVISION: ("监管信息", "supervision information"),
    Dimension.RELATED: ("关联关系信息", "related-party links"),
    Dimension.SOCIAL: ("社会评价信息", "social evaluation"),
}


class FeatureKind(StrEnum):
    """Integer features are binned by ranges, categorical ones by value lists."""

    INT = "int"
    CATEGORY = "category"


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """One feature of the catalogue: its column, dimension, kind and labels."""

    name: str
    dimension: Dimension
    kind: FeatureKind
    label_zh: str
    label_en: str


_I, _C = FeatureKind.INT, FeatureKind.CATEGORY
#: The catalogue, in column order of ``EntityFeatures``. A scorecard picks features from it by name.
FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec("entity_type", Dimension.BASIC, _C, "主体类型", "entity type"),
    FeatureSpec("age_years", Dimension.BASIC, _I, "成立年限（年）", "age (years)"),
    FeatureSpec(
        "registered_capital", Dimension.BASIC, _I, "注册资本（万元）", "registered capital (10k CNY)"
    ),
    FeatureSpec("industry_risk", Dimension.BASIC, _C, "行业风险等级", "industry risk level"),
    FeatureSpec("status", Dimension.DYNAMIC, _C, "登记状态", "registration status"),
    FeatureSpec(
        "reports_late", Dimension.DYNAMIC, _I, "年报逾期报送（近3个年度）", "late annual reports (3 years)"
    ),
    FeatureSpec(
        "reports_missing",
        Dimension.DYNAMIC,
        _I,
        "年报未报送（近3个年度）",
        "missing annual reports (3 years)",
    ),
    FeatureSpec(
        "status_changes", Dimension.DYNAMIC, _I, "状态变更（近24个月）", "status changes (24 months)"
    ),
    FeatureSpec(
        "key_changes",
        Dimension.DYNAMIC,
        _I,
        "住所/负责人变更（近24个月）",
        "address or responsible-person changes (24 months)",
    ),
    FeatureSpec("lists_in_force", Dimension.SUPERVISION, _I, "列入名单（在列）", "credit lists in force"),
    FeatureSpec(
        "serious_listed",
        Dimension.SUPERVISION,
        _I,
        "严重违法失信名单（在列）",
        "serious-dishonesty list in force",
    ),
    FeatureSpec("penalties", Dimension.SUPERVISION, _I, "行政处罚（近36个月）", "penalties (36 months)"),
    FeatureSpec(
        "penalties_serious",
        Dimension.SUPERVISION,
        _I,
        "严重失信程度的处罚（近36个月）",
        "serious penalties (36 months)",
    ),
    FeatureSpec(
        "penalty_months", Dimension.SUPERVISION, _I, "距最近一次处罚（月）", "months since the last penalty"
    ),
    FeatureSpec(
        "inspections_problem",
        Dimension.SUPERVISION,
        _I,
        "检查发现问题（近36个月）",
        "inspections that found problems (36 months)",
    ),
    FeatureSpec(
        "sampling_failed", Dimension.SUPERVISION, _I, "抽检不合格（近36个月）", "failed samples (36 months)"
    ),
    FeatureSpec(
        "related_listed",
        Dimension.RELATED,
        _I,
        "关联主体被列入名单",
        "related entities on a credit list (same responsible person or address)",
    ),
    FeatureSpec(
        "complaints_per_size",
        Dimension.SOCIAL,
        _I,
        "投诉举报（近12个月，按规模折算）",
        "complaints and reports (12 months, per size)",
    ),
)
FEATURE_BY_NAME: dict[str, FeatureSpec] = {f.name: f for f in FEATURES}


@dataclass(frozen=True, slots=True)
class FeatureWindows:
    """Look-back windows and the registry/credit strings the features read (inputs, not literals in SQL)."""

    changes_months: int = 24
    supervision_months: int = 36
    complaints_months: int = 12
    report_years: int = 3
    key_change_items: tuple[str, ...] = (
        "住所 registered address",
        "法定代表人（负责人） responsible person",
        "经营场所 premises",
    )
    status_change_items: tuple[str, ...] = (
        "歇业备案 suspension",
        "恢复营业 resumption",
        "吊销 licence revoked",
    )
    list_category: str = "list"
    list_removal_suffix: str = ".removed"
    penalty_category: str = "penalty"
    serious_list_kinds: tuple[str, ...] = ("serious.listed",)
    inspection_kind: str = "inspection.result"
    sampling_kind: str = "sampling.failed"
    complaint_kind: str = "complaint.received"


def months_before(day: dt.date, months: int) -> dt.date:
    """``day`` minus whole months, clamped to the month's end (as PostgreSQL's ``date - interval``)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Calendar months from ``earlier`` to ``later`` (days ignored): 2026-01-31 -> 2026-02-01 is 1."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def age_years(established_on: dt.date, as_of: dt.date) -> int:
    """Full years since establishment (as PostgreSQL's ``age()``)."""
    return (
        as_of.year
        - established_on.year
        - ((as_of.month, as_of.day) < (established_on.month, established_on.day))
    )


def size_weight(capital: int | None) -> int:
    """A size weight from registered capital in 万元, for complaints per size (unknown: 1, the smallest)."""
    if capital is None or capital < 100:
        return 1
    if capital < 1000:
        return 2
    if capital < 10000:
        return 5
    return 10


@dataclass(frozen=True, slots=True)
class FactRow:
    """A credit fact in force, as the features read it."""

    kind: str
    category: str
    severity: str
    decided_on: dt.date
    body: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ChangeRow:
    """A registry change record (变更记录)."""

    item: str
    changed_on: dt.date


@dataclass(frozen=True, slots=True)
class ReportRow:
    """An annual report (年度报告)."""

    report_year: int
    late: bool
    filed_on: dt.date


def list_prefix(kind: str) -> str:
    """The list a list kind belongs to: ``abnormal.listed`` and ``abnormal.removed`` -> ``abnormal``."""
    return kind.rsplit(".", 1)[0]


def active_listings(facts: Iterable[FactRow], *, as_of: dt.date, windows: FeatureWindows) -> dict[str, int]:
    """Listings in force per list as of ``as_of``: listing facts minus removals (``*.removed``) of that list.

    A removal (移出) is a fact of its own (category ``list``), not a revocation
    of the listing, so a listing counts until a removal of the same list follows.
    """
    listed: dict[str, int] = {}
    removed: dict[str, int] = {}
    for f in facts:
        if f.category != windows.list_category or f.decided_on > as_of:
            continue
        bucket = removed if f.kind.endswith(windows.list_removal_suffix) else listed
        prefix = list_prefix(f.kind)
        bucket[prefix] = bucket.get(prefix, 0) + 1
    return {p: max(0, n - removed.get(p, 0)) for p, n in listed.items()}


def features_compute(
    *,
    as_of: dt.date,
    entity_type: str,
    established_on: dt.date,
    registered_capital: Decimal | None,
    industry_risk: str | None,
    status: str,
    facts: Iterable[FactRow],
    changes: Iterable[ChangeRow],
    reports: Sequence[ReportRow],
    last_due_year: int | None,
    related_listed: int,
    windows: FeatureWindows,
) -> dict[str, int | str | None]:
    """The feature values of one entity as of ``as_of`` (facts passed in are those in force).

    Facts, changes and reports dated after ``as_of`` are ignored, so the
    same call answers "as of then". ``last_due_year`` is the latest report
    year whose filing deadline has passed (None: unknown -> the report
    features are unknown).
    """
    w = windows
    capital = None if registered_capital is None else math.floor(registered_capital)
    since_changes = months_before(as_of, w.changes_months)
    since_sup = months_before(as_of, w.supervision_months)
    since_complaints = months_before(as_of, w.complaints_months)
    facts = list(facts)
    listings = active_listings(facts, as_of=as_of, windows=w)
    lists = sum(listings.values())
    serious = sum(listings.get(p, 0) for p in {list_prefix(k) for k in w.serious_list_kinds})
    penalties = serious_penalties = inspections = problems = sampled = complaints = 0
    last_penalty: dt.date | None = None
    for f in facts:
        if f.decided_on > as_of:
            continue
        recent = f.decided_on > since_sup
        if f.category == w.penalty_category:
            last_penalty = f.decided_on if last_penalty is None else max(last_penalty, f.decided_on)
            if recent:
                penalties += 1
                serious_penalties += f.severity == "serious"
        if f.kind == w.inspection_kind and recent:
            inspections += 1
            problems += f.body.get("problem_found") is True
        if f.kind == w.sampling_kind and recent:
            sampled += 1
        if f.kind == w.complaint_kind and f.decided_on > since_complaints:
            complaints += 1
    status_changes = key_changes = 0
    for c in changes:
        if since_changes < c.changed_on <= as_of:
            status_changes += c.item in w.status_change_items
            key_changes += c.item in w.key_change_items
    late: int | None = None
    missing: int | None = None
    if last_due_year is not None:
        first = last_due_year - w.report_years + 1
        expected = max(0, last_due_year - max(first, established_on.year) + 1)
        filed = [r for r in reports if first <= r.report_year <= last_due_year and r.filed_on <= as_of]
        late = sum(1 for r in filed if r.late)
        missing = max(0, expected - len(filed))
    return {
        "entity_type": entity_type,
        "age_years": age_years(established_on, as_of),
        "registered_capital": capital,
        "industry_risk": industry_risk,
        "status": status,
        "reports_late": late,
        "reports_missing": missing,
        "status_changes": status_changes,
        "key_changes": key_changes,
        "lists_in_force": lists,
        "serious_listed": serious,
        "penalties": penalties,
        "penalties_serious": serious_penalties,
        "penalty_months": None if last_penalty is None else months_between(last_penalty, as_of),
        "inspections_problem": problems if inspections else None,
        "sampling_failed": sampled,
        "related_listed": related_listed,
        "complaints_per_size": complaints // size_weight(capital),
    }
