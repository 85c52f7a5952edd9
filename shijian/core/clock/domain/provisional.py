"""Provisional year tables (估算日历): for the demo and the tests, never for production.

The State Council publishes each year's holidays (年度节假日安排) in November or
December, and ``chinesecalendar`` covers only the years published before its
release. In production a year without a table stays missing (fail closed) until
an administrator loads the notice (``shijian calendar load FILE``). The demo and
the test suite, which run on the real date, need *some* table for those years;
this module builds one, an estimate that must always be labelled as such
(``source``) and that the notice replaces (``--replace``).

The estimate follows the statutory days of the 2025 rules (《全国年节及纪念日
放假办法》, revised 2024): New Year's Day 1 day (01-01), Spring Festival 4 days
(the eve and the first three days), Qingming 1 day, Labour Day 2 days
(05-01, 05-02), Dragon Boat 1 day, Mid-Autumn 1 day, and National Day shown as
the usual week 10-01..10-07. A statutory day that falls on a Saturday or Sunday
is given back on the next weekday that is not off (补假, art. 6). Make-up
working days (调休上班日) are never guessed: they are the notice's choice.
The lunar holidays are only included for the years in ``LUNAR_DATES``; any
other year gets the fixed-date holidays only.
"""

from __future__ import annotations

import datetime as dt

from shijian.core.clock.domain.calendar import DayName, YearSpec

#: Known dates of the holidays that move with the lunar calendar (and Qingming, a solar term):
#: Spring Festival (正月初一), Qingming (清明), Dragon Boat (端午), Mid-Autumn (中秋).
LUNAR_DATES: dict[int, dict[str, dt.date]] = {
    2027: {
        "spring_festival": dt.date(2027, 2, 6),
        "qingming": dt.date(2027, 4, 5),
        "dragon_boat": dt.date(2027, 6, 9),
        "mid_autumn": dt.date(2027, 9, 15),
    },
}

NAMES: dict[str, DayName] = {
    "new_year": DayName("元旦", "New Year's Day"),
    "spring_festival": DayName("春节", "Spring Festival"),
    "qingming": DayName("清明节", "Tomb-sweeping Day"),
    "labour_day": DayName("劳动节", "Labour Day"),
    "dragon_boat": DayName("端午节", "Dragon Boat Festival"),
    "mid_autumn": DayName("中秋节", "Mid-autumn Festival"),
    "national_day": DayName("国庆节", "National Day"),
}


def _statutory_blocks(year: int) -> list[tuple[str, list[dt.date]]]:
    """The statutory days of ``year`` by holiday, in date order (lunar ones only when known)."""
    day = dt.date
    blocks: list[tuple[str, list[dt.date]]] = [
        ("new_year", [day(year, 1, 1)]),
        ("labour_day", [day(year, 5, 1), day(year, 5, 2)]),
        ("national_day", [day(year, 10, n) for n in range(1, 8)]),
    ]
    lunar = LUNAR_DATES.get(year)
    if lunar is not None:
        spring = lunar["spring_festival"]
        blocks += [
            ("spring_festival", [spring + dt.timedelta(days=n) for n in range(-1, 3)]),
            ("qingming", [lunar["qingming"]]),
            ("dragon_boat", [lunar["dragon_boat"]]),
            ("mid_autumn", [lunar["mid_autumn"]]),
        ]
    return sorted(blocks, key=lambda block: block[1][0])


def provisional_year_spec(year: int, *, source: str) -> YearSpec:
    """An estimated table for ``year`` (see the module docstring), labelled with ``source``.

    ``source`` must say that this is an estimate and not the State Council notice.
    """
    if not source.strip():
        raise ValueError("a provisional year needs a source that says it is an estimate")
    holidays: set[dt.date] = set()
    names: dict[dt.date, DayName] = {}
    for key, days in _statutory_blocks(year):
        name = NAMES[key]
        given_back = 0
        for day in days:
            holidays.add(day)
            names[day] = name
            # National Day is already shown as its usual week; other weekend days are given back.
            if day.weekday() >= 5 and key != "national_day":
                given_back += 1
        day = days[-1]
        while given_back:
            day += dt.timedelta(days=1)
            if day.year != year:
                break  # never spill into the next year (only possible for a late Spring Festival eve)
            if day.weekday() < 5 and day not in holidays:
                holidays.add(day)
                names[day] = DayName(f"{name.zh}（补假）", f"{name.en} (day given back)")
                given_back -= 1
    return YearSpec(
        year=year,
        holidays=frozenset(holidays),
        workdays=frozenset(),
        source=source.strip(),
        origin="override",
        names=names,
    )


def provisional_years(*, last_known: int, today: dt.date) -> range:
    """The years an estimate may stand in for: after ``last_known`` through next year.

    ``last_known`` is the last year the calendar package covers; "next year" is
    ``today.year + 1`` because a period started in December routinely ends in January.
    """
    return range(last_known + 1, today.year + 2)
