"""The rule table (期限规则表) as pure values: periods, versions, and the in-force lookup.

Every legal period is data with its legal basis, confidence mark and an
effective-from date; laws change, so a rule has versions and the version in
force on a date is the one with the latest ``effective_from`` on or before it
(and no ``effective_to`` before it). Tests build a ``RuleSet`` in memory;
the platform builds it from the ``Rule`` table.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from shijian.core.clock.domain.errors import RuleNotInForce, UnknownRule


class Unit(StrEnum):
    """How a period is counted (期间单位)."""

    WORKING_DAYS = "working_days"  # 工作日
    CALENDAR_DAYS = "calendar_days"  # 日（自然日）
    MONTHS = "months"  # 月
    FIXED_DATE = "fixed_date"  # 固定日期（如次年6月30日）

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return _UNIT_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label."""
        return _UNIT_LABELS[self][1]

    def amount_text(self, amount: int, lang: str) -> str:
        """``amount`` of this unit as words, e.g. ``7个工作日`` / ``7 working days``."""
        if lang == "zh":
            return {
                Unit.WORKING_DAYS: f"{amount}个工作日",
                Unit.CALENDAR_DAYS: f"{amount}日",
                Unit.MONTHS: f"{amount}个月",
                Unit.FIXED_DATE: f"{amount}年后的固定日期",
            }[self]
        plural = "" if amount == 1 else "s"
        return {
            Unit.WORKING_DAYS: f"{amount} working day{plural}",
            Unit.CALENDAR_DAYS: f"{amount} calendar day{plural}",
            Unit.MONTHS: f"{amount} month{plural}",
            Unit.FIXED_DATE: f"a fixed date {amount} year{plural} later",
        }[self]


_UNIT_LABELS: dict[Unit, tuple[str, str]] = {
    Unit.WORKING_DAYS: ("工作日", "working days"),
    Unit.CALENDAR_DAYS: ("日（自然日）", "calendar days"),
    Unit.MONTHS: ("月", "months"),
    Unit.FIXED_DATE: ("固定日期", "fixed date"),
}


class Confidence(StrEnum):
    """How sure we are of a rule (see statutory-rules.md)."""

    V = "V"  # read in the primary legal text (核对原文)
    V2 = "V2"  # confirmed from a government page or secondary copy (政府网站/二手来源)
    M = "M"  # widely cited, not confirmed (通行做法，未核实)

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return {"V": "已核对法律原文", "V2": "经政府网站等来源确认", "M": "通行说法，未经核实"}[self.value]

    @property
    def label_en(self) -> str:
        """English label."""
        return {
            "V": "read in the primary legal text",
            "V2": "confirmed from a government or secondary source",
            "M": "widely cited, not confirmed",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Period:
    """A legal period (法定期限): amount, unit, extension terms and the working-day shift.

    * ``extension_amount`` / ``extension_limit``: each approved extension adds
      ``extension_amount`` of the same unit, at most ``extension_limit`` times
      (0 = no extension allowed).
    * ``shift_to_workday``: for calendar-day, month and fixed-date periods, an
      end falling on a non-working day moves to the next working day
      (期间届满日为节假日的，顺延). Working-day periods always end on a working day.
    * ``fixed_month`` / ``fixed_day``: for ``FIXED_DATE`` periods the due date
      is that month/day ``amount`` years after the start's year (e.g. the annual
      report: 30 June of the year after the reporting year).
    """

    amount: int
    unit: Unit
    extension_amount: int = 0
    extension_limit: int = 0
    shift_to_workday: bool = True
    fixed_month: int | None = None
    fixed_day: int | None = None

    def __post_init__(self) -> None:
        if self.unit is Unit.FIXED_DATE:
            if self.amount < 0:
                raise ValueError("a fixed-date period needs amount >= 0 (years after the start year)")
            if self.fixed_month is None or self.fixed_day is None:
                raise ValueError("a fixed-date period needs fixed_month and fixed_day")
            if not 1 <= self.fixed_month <= 12 or not 1 <= self.fixed_day <= 31:
                raise ValueError("fixed_month must be 1-12 and fixed_day 1-31")
            # 31 is allowed for every month: it is clamped to the month's last day.
            if self.extension_limit:
                raise ValueError("a fixed-date period cannot be extended")
        else:
            if self.amount < 1:
                raise ValueError("a period needs amount >= 1")
            if self.fixed_month is not None or self.fixed_day is not None:
                raise ValueError("fixed_month/fixed_day only apply to fixed-date periods")
        if self.extension_amount < 0 or self.extension_limit < 0:
            raise ValueError("extension amount and limit cannot be negative")
        if self.extension_limit and not self.extension_amount:
            raise ValueError("an extension limit needs an extension amount")

    @property
    def extension_allowed(self) -> bool:
        """True when the period may be extended at least once (可延长)."""
        return self.extension_limit > 0 and self.extension_amount > 0

    def text(self, lang: str) -> str:
        """The period in words, with its extension terms."""
        if self.unit is Unit.FIXED_DATE:
            month, day = self.fixed_month or 0, self.fixed_day or 0
            if lang == "zh":
                base = f"起算年度后第{self.amount}年的{month}月{day}日"
                return base + ("（遇节假日顺延）" if self.shift_to_workday else "（不顺延）")
            base = f"{month:02d}-{day:02d} of the {_ordinal(self.amount)} year after the start's year"
            return base + (" (moved to the next working day)" if self.shift_to_workday else " (not moved)")
        base = self.unit.amount_text(self.amount, lang)
        if self.extension_allowed:
            ext = self.unit.amount_text(self.extension_amount, lang)
            if lang == "zh":
                base += f"，经批准可延长{ext}（至多{self.extension_limit}次）"
            else:
                base += f", extendable by {ext} with approval (at most {self.extension_limit} time(s))"
        return base


def _ordinal(n: int) -> str:
    """English ordinal: 1st, 2nd, 3rd, 4th, 11th."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def month_end(year: int, month: int) -> int:
    """The last day number of ``month`` in ``year``."""
    return _stdlib_calendar.monthrange(year, month)[1]


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One version of a deadline rule (期限规则): id, period, legal basis and validity."""

    rule_id: str
    period: Period
    effective_from: dt.date
    version: int = 1
    effective_to: dt.date | None = None
    name_zh: str = ""
    name_en: str = ""
    legal_basis: str = ""
    confidence: Confidence = Confidence.M
    notes: str = ""

    def __post_init__(self) -> None:
        if not self.rule_id:
            raise ValueError("rule_id is required")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")

    def in_force_on(self, day: dt.date) -> bool:
        """True when this version's validity window contains ``day``."""
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def title(self, lang: str) -> str:
        """``rule_id name`` in ``lang``."""
        name = self.name_zh if lang == "zh" else self.name_en
        return f"{self.rule_id} {name}".strip()


class RuleSet:
    """An in-memory rule table with the in-force lookup ``get(rule_id, on=date)``."""

    def __init__(self, rules: Iterable[RuleSpec] = ()) -> None:
        by_id: dict[str, list[RuleSpec]] = {}
        for rule in rules:
            by_id.setdefault(rule.rule_id, []).append(rule)
        for rule_id, versions in by_id.items():
            versions.sort(key=lambda r: r.effective_from)
            starts = [r.effective_from for r in versions]
            if len(set(starts)) != len(starts):
                raise ValueError(f"{rule_id}: two versions share an effective_from date")
            numbers = [r.version for r in versions]
            if len(set(numbers)) != len(numbers):
                raise ValueError(f"{rule_id}: duplicate version numbers")
        self._by_id = by_id

    def get(self, rule_id: str, *, on: dt.date) -> RuleSpec:
        """The version of ``rule_id`` in force on ``on`` (latest ``effective_from <= on``)."""
        versions = self._by_id.get(rule_id)
        if not versions:
            raise UnknownRule(rule_id)
        candidate: RuleSpec | None = None
        for rule in versions:
            if rule.effective_from <= on:
                candidate = rule
            else:
                break
        if candidate is None or not candidate.in_force_on(on):
            raise RuleNotInForce(rule_id, on)
        return candidate

    def version(self, rule_id: str, version: int) -> RuleSpec:
        """A specific version (clocks keep the version they started under)."""
        for rule in self._by_id.get(rule_id, ()):
            if rule.version == version:
                return rule
        raise UnknownRule(f"{rule_id} v{version}")

    def versions(self, rule_id: str) -> list[RuleSpec]:
        """Every version of ``rule_id``, oldest first."""
        return list(self._by_id.get(rule_id, ()))

    def ids(self) -> list[str]:
        """Every rule id, sorted."""
        return sorted(self._by_id)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._by_id

    def __iter__(self) -> Iterator[RuleSpec]:
        for rule_id in self.ids():
            yield from self._by_id[rule_id]

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_id.values())
