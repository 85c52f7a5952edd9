"""Property tests of the counting engine (hypothesis, no database)."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from shijian.core.clock.calendar import package_calendar
from shijian.core.clock.domain import (
    DateRange,
    Period,
    RuleSet,
    Unit,
    YearTableCalendar,
    add_months,
    compute_due,
    due_date,
)

D = dt.date
WD7 = Period(7, Unit.WORKING_DAYS)


def _due(rules: RuleSet, rule_id: str, start: dt.date, cal: YearTableCalendar, **kwargs: object) -> dt.date:
    spec = rules.get(rule_id, on=start)
    return compute_due(start, spec.period, cal, rule=spec, **kwargs).due  # type: ignore[arg-type]


# -- properties ----------------------------------------------------------------------------


def _oracle(start: dt.date, period: Period, pauses: list[DateRange], extensions: int) -> dt.date:
    """An independent day-by-day reference implementation using chinese_calendar directly."""

    def paused(day: dt.date) -> bool:
        return any(p.first <= day <= p.last for p in pauses)

    cursor = start
    for index in range(extensions + 1):
        n = period.amount if index == 0 else period.extension_amount
        if period.unit is Unit.MONTHS:
            n = (add_months(cursor, n) - cursor).days
        day, counted = cursor, 0
        while counted < n:
            day += dt.timedelta(days=1)
            if paused(day):
                continue
            if period.unit is Unit.WORKING_DAYS and not chinese_calendar.is_workday(day):
                continue
            counted += 1
        if period.unit is not Unit.WORKING_DAYS and period.shift_to_workday:
            while not chinese_calendar.is_workday(day) or paused(day):
                day += dt.timedelta(days=1)
        cursor = day
    return cursor


starts = st.dates(min_value=D(2025, 1, 1), max_value=D(2026, 2, 28))
pause_lists = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 15), st.text(max_size=3)), max_size=3)
periods = st.one_of(
    st.builds(
        lambda a, e: Period(a, Unit.WORKING_DAYS, e, 1 if e else 0),
        st.integers(1, 45),
        st.integers(0, 20),
    ),
    st.builds(
        lambda a, e, s: Period(a, Unit.CALENDAR_DAYS, e, 1 if e else 0, shift_to_workday=s),
        st.integers(1, 120),
        st.integers(0, 30),
        st.booleans(),
    ),
    st.builds(lambda a: Period(a, Unit.MONTHS), st.integers(1, 3)),
)


def _windows(start: dt.date, raw: list[tuple[int, int, str]]) -> list[DateRange]:
    return [
        DateRange(start + dt.timedelta(days=o), start + dt.timedelta(days=o + length), r)
        for o, length, r in raw
    ]


@settings(max_examples=300, deadline=None)
@given(start=starts, period=periods, raw=pause_lists, extend=st.booleans())
def test_engine_agrees_with_a_day_walk(
    start: dt.date, period: Period, raw: list[tuple[int, int, str]], extend: bool
) -> None:
    cal = package_calendar()
    pauses = _windows(start, raw)
    extensions = 1 if extend and period.extension_allowed else 0
    assert due_date(start, period, cal, pauses, extensions) == _oracle(start, period, pauses, extensions)


@settings(max_examples=300, deadline=None)
@given(start=starts, period=periods, raw=pause_lists, extra=st.tuples(st.integers(0, 60), st.integers(0, 15)))
def test_a_pause_never_makes_a_deadline_earlier(
    start: dt.date, period: Period, raw: list[tuple[int, int, str]], extra: tuple[int, int]
) -> None:
    cal = package_calendar()
    pauses = _windows(start, raw)
    more = [*pauses, *_windows(start, [(extra[0], extra[1], "")])]
    assert due_date(start, period, cal, more) >= due_date(start, period, cal, pauses)


@settings(max_examples=300, deadline=None)
@given(start=starts, amount=st.integers(1, 60), unit=st.sampled_from([Unit.WORKING_DAYS, Unit.CALENDAR_DAYS]))
def test_more_days_never_earlier(start: dt.date, amount: int, unit: Unit) -> None:
    cal = package_calendar()
    shorter = due_date(start, Period(amount, unit), cal)
    longer = due_date(start, Period(amount + 1, unit), cal)
    assert longer >= shorter > start
    if unit is Unit.WORKING_DAYS:
        assert longer > shorter


@settings(max_examples=300, deadline=None)
@given(start=starts, amount=st.integers(1, 45), raw=pause_lists)
def test_working_day_due_is_a_working_day_outside_pauses(
    start: dt.date, amount: int, raw: list[tuple[int, int, str]]
) -> None:
    cal = package_calendar()
    pauses = _windows(start, raw)
    due = due_date(start, Period(amount, Unit.WORKING_DAYS), cal, pauses)
    assert chinese_calendar.is_workday(due)
    assert not any(p.first <= due <= p.last for p in pauses)
    # Exactly ``amount`` working days outside the pauses lie in (start, due].
    counted = [d for d in cal.workdays_in(start, due) if not any(p.first <= d <= p.last for p in pauses)]
    assert len(counted) == amount


@settings(max_examples=200, deadline=None)
@given(start=starts, amount=st.integers(1, 30), ext=st.integers(1, 20))
def test_extension_counts_from_the_original_due_date(start: dt.date, amount: int, ext: int) -> None:
    cal = package_calendar()
    period = Period(amount, Unit.WORKING_DAYS, ext, 1)
    normal = due_date(start, period, cal)
    assert due_date(start, period, cal, extensions=1) == cal.nth_workday_after(normal, ext)
