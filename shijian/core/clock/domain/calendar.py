"""The statutory working-day calendar (法定工作日历), as pure values.

A working day (工作日) is Monday-Friday unless it is a statutory holiday
(法定节假日), plus any weekend day declared a make-up working day (调休上班日).
The State Council publishes each year's table in November/December.

``YearTableCalendar`` precomputes, per year, the sorted working-day ordinals
and a cumulative working-day count per day of the year, so "the N-th working
day after D" and "working days between A and B" are an index lookup plus at
most one step per year crossed, never a day-by-day walk. Years come from a
mapping or a source callable; a year the source does not know raises
``CalendarYearMissing`` (fail closed).
"""

from __future__ import annotations

import datetime as dt
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, runtime_checkable

from shijian.core.clock.domain.errors import CalendarYearMissing

WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class DayKind(StrEnum):
    """What a special day is: a holiday off, or a weekend day worked."""

    HOLIDAY = "holiday"  # 法定节假日（放假）
    MAKEUP_WORKDAY = "workday"  # 调休上班日

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return "法定节假日" if self is DayKind.HOLIDAY else "调休上班日"

    @property
    def label_en(self) -> str:
        """English label."""
        return "statutory holiday" if self is DayKind.HOLIDAY else "make-up working day"


@dataclass(frozen=True, slots=True)
class DayName:
    """The name of a holiday (节日名称), in Chinese and English."""

    zh: str = ""
    en: str = ""


@dataclass(frozen=True, slots=True)
class SpecialDay:
    """A day that differs from the plain weekday rule: a holiday or a make-up working day."""

    day: dt.date
    kind: DayKind
    name: DayName = DayName()


@dataclass(frozen=True, slots=True)
class YearSpec:
    """One year's official table (年度节假日安排): holidays off and make-up working days.

    ``holidays`` may include weekend days (the State Council lists the whole
    holiday block); ``workdays`` are weekend days worked (调休). ``origin`` says
    where the table came from (``package`` for chinesecalendar, ``override``
    for the administrator's table); ``source`` cites the notice.
    """

    year: int
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    source: str = ""
    origin: str = ""
    names: Mapping[dt.date, DayName] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        for day in self.holidays | self.workdays:
            if day.year != self.year:
                raise ValueError(f"{day.isoformat()} is not in {self.year}")
        both = self.holidays & self.workdays
        if both:
            raise ValueError(f"days both holiday and workday: {sorted(d.isoformat() for d in both)}")

    def is_workday(self, day: dt.date) -> bool:
        """The plain rule for one day of this year (no index needed)."""
        return day in self.workdays or (day.weekday() < 5 and day not in self.holidays)

    def special_days(self) -> list[SpecialDay]:
        """Holidays and make-up working days of the year, in date order."""
        days = [SpecialDay(d, DayKind.HOLIDAY, self.names.get(d, DayName())) for d in self.holidays]
        days += [SpecialDay(d, DayKind.MAKEUP_WORKDAY, self.names.get(d, DayName())) for d in self.workdays]
        return sorted(days, key=lambda s: s.day)


@runtime_checkable
class WorkCalendar(Protocol):
    """What the counting rules need from a working-day calendar (工作日历).

    Every method raises ``CalendarYearMissing`` for a year it has no table for.
    Intervals are half-open on the left, like the statutory count: ``(after, until]``.
    """

    def covers(self, year: int) -> bool:
        """True when the calendar has a table for ``year``."""
        ...

    def is_workday(self, day: dt.date) -> bool:
        """True when ``day`` is a working day."""
        ...

    def next_workday(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the first working day after it."""
        ...

    def nth_workday_after(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day`` (``day`` itself is not counted); ``n >= 1``."""
        ...

    def workdays_between(self, after: dt.date, until: dt.date) -> int:
        """How many working days lie in ``(after, until]`` (0 when ``until <= after``)."""
        ...

    def workdays_in(self, after: dt.date, until: dt.date) -> list[dt.date]:
        """The working days in ``(after, until]``, in order."""
        ...

    def special_days(self, after: dt.date, until: dt.date) -> list[SpecialDay]:
        """Holidays and make-up working days in ``(after, until]``, in order."""
        ...


class _YearIndex:
    """Precomputed lookups for one year: working-day ordinals and a cumulative count."""

    __slots__ = ("cum", "first", "ordinals", "spec", "special", "special_ordinals", "year")

    def __init__(self, spec: YearSpec) -> None:
        self.spec = spec
        self.year = spec.year
        start = dt.date(spec.year, 1, 1)
        self.first = start.toordinal()
        size = dt.date(spec.year + 1, 1, 1).toordinal() - self.first
        holidays = {d.toordinal() for d in spec.holidays}
        workdays = {d.toordinal() for d in spec.workdays}
        weekday0 = start.weekday()
        ordinals: list[int] = []
        # cum[i] = working days among the first i days of the year, so the
        # count in (a, b] of the same year is cum[b+1] - cum[a+1].
        cum = [0] * (size + 1)
        running = 0
        for i in range(size):
            ordinal = self.first + i
            if ordinal in workdays or ((weekday0 + i) % 7 < 5 and ordinal not in holidays):
                ordinals.append(ordinal)
                running += 1
            cum[i + 1] = running
        self.ordinals = ordinals
        self.cum = cum
        self.special = spec.special_days()
        self.special_ordinals = [s.day.toordinal() for s in self.special]


class YearTableCalendar:
    """A ``WorkCalendar`` over per-year tables, indexed lazily on first use of each year.

    ``years`` gives tables directly; ``source`` is asked for any other year
    (returning ``None`` when it has none). Built indexes are kept for the life
    of the object, so build one calendar and reuse it.
    """

    def __init__(
        self,
        years: Iterable[YearSpec] | Mapping[int, YearSpec] = (),
        *,
        source: Callable[[int], YearSpec | None] | None = None,
        label: str = "",
    ) -> None:
        specs = years.values() if isinstance(years, Mapping) else years
        self._given: dict[int, YearSpec] = {spec.year: spec for spec in specs}
        self._source = source
        self._index: dict[int, _YearIndex] = {}
        self._lock = threading.Lock()
        self.label = label

    # -- years ---------------------------------------------------------------
    def year_spec(self, year: int) -> YearSpec | None:
        """The table for ``year``, or ``None`` when neither the given years nor the source have it."""
        spec = self._given.get(year)
        if spec is None and self._source is not None:
            spec = self._source(year)
        return spec

    def _year(self, year: int) -> _YearIndex:
        """The index of ``year``, built on first use; ``CalendarYearMissing`` when there is no table."""
        index = self._index.get(year)
        if index is not None:
            return index
        with self._lock:
            index = self._index.get(year)
            if index is None:
                spec = self.year_spec(year)
                if spec is None:
                    raise CalendarYearMissing(year)
                index = _YearIndex(spec)
                self._index[year] = index
        return index

    def covers(self, year: int) -> bool:
        """True when a table for ``year`` exists."""
        return year in self._index or self.year_spec(year) is not None

    def require(self, year: int) -> YearSpec:
        """The table for ``year``; ``CalendarYearMissing`` when there is none."""
        return self._year(year).spec

    # -- queries -------------------------------------------------------------
    def is_workday(self, day: dt.date) -> bool:
        """True when ``day`` is a working day."""
        index = self._year(day.year)
        i = day.toordinal() - index.first
        return index.cum[i + 1] != index.cum[i]

    def next_workday(self, day: dt.date) -> dt.date:
        """``day`` when it is a working day, else the next one."""
        return day if self.is_workday(day) else self.nth_workday_after(day, 1)

    def nth_workday_after(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day``: one index lookup per year crossed."""
        if n < 1:
            raise ValueError("n must be at least 1")
        index = self._year(day.year)
        # Working days of this year up to and including ``day``.
        position = index.cum[day.toordinal() - index.first + 1]
        while True:
            available = len(index.ordinals) - position
            if n <= available:
                return dt.date.fromordinal(index.ordinals[position + n - 1])
            n -= available
            index = self._year(index.year + 1)
            position = 0

    def _through(self, day: dt.date) -> tuple[_YearIndex, int]:
        """The year index of ``day`` and its working days up to and including ``day``."""
        index = self._year(day.year)
        return index, index.cum[day.toordinal() - index.first + 1]

    def workdays_between(self, after: dt.date, until: dt.date) -> int:
        """Working days in ``(after, until]``."""
        if until <= after:
            return 0
        index_a, through_a = self._through(after)
        index_u, through_u = self._through(until)
        if index_a is index_u:
            return through_u - through_a
        total = len(index_a.ordinals) - through_a
        for year in range(after.year + 1, until.year):
            total += len(self._year(year).ordinals)
        return total + through_u

    def workdays_in(self, after: dt.date, until: dt.date) -> list[dt.date]:
        """The working days in ``(after, until]``, in order."""
        if until <= after:
            return []
        days: list[dt.date] = []
        low, high = after.toordinal(), until.toordinal()
        for year in range(after.year, until.year + 1):
            ordinals = self._year(year).ordinals
            lo = bisect_right(ordinals, low)
            hi = bisect_right(ordinals, high)
            days.extend(dt.date.fromordinal(o) for o in ordinals[lo:hi])
        return days

    def special_days(self, after: dt.date, until: dt.date) -> list[SpecialDay]:
        """Holidays and make-up working days in ``(after, until]``."""
        if until <= after:
            return []
        found: list[SpecialDay] = []
        low, high = after.toordinal(), until.toordinal()
        for year in range(after.year, until.year + 1):
            index = self._year(year)
            lo = bisect_right(index.special_ordinals, low)
            hi = bisect_right(index.special_ordinals, high)
            found.extend(index.special[lo:hi])
        return found

    def workdays_of_year(self, year: int) -> int:
        """How many working days ``year`` has (for the calendar summary)."""
        return len(self._year(year).ordinals)

    def __repr__(self) -> str:
        return f"YearTableCalendar({self.label or 'unnamed'})"


def weekday_text(day: dt.date, lang: str) -> str:
    """The weekday name of ``day`` in ``lang`` (``zh`` or ``en``)."""
    return (WEEKDAYS_ZH if lang == "zh" else WEEKDAYS_EN)[day.weekday()]
