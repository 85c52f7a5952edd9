"""The platform's working-day calendar (工作日历): the ``chinesecalendar`` package plus overrides.

* ``package_calendar()`` - the PyPI package ``chinesecalendar`` alone (it
  covers 2004 to its last published year and nothing beyond). No database:
  the benchmark and pure tests use it.
* ``db_calendar()`` - what services, selectors and commands use: for each
  year the administrator's override table (``CalendarYear`` + ``CalendarDay``,
  loaded from the State Council notice) wins; otherwise the package; otherwise
  the year is missing and every computation reaching it raises
  ``CalendarYearMissing`` (fail closed, never a weekday-only guess).

The database calendar is loaded once per process and reused. Each call asks
the database one cheap question (how many override years, latest change
time) so that a change made by another process is picked up; a change in
this process also clears the cache at once through model signals.

This module imports Django lazily: importing it (for the package calendar)
needs no settings.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading

from shijian.core.clock.domain.calendar import DayName, YearSpec, YearTableCalendar

PACKAGE_SOURCE = "chinesecalendar"


@functools.cache
def _package_tables() -> dict[int, tuple[set[dt.date], set[dt.date], dict[dt.date, DayName]]]:
    """The package's holidays and make-up days grouped by year (read once)."""
    from chinese_calendar import constants

    zh_names: dict[str, str] = {str(h.value): str(h.chinese) for h in constants.Holiday}
    tables: dict[int, tuple[set[dt.date], set[dt.date], dict[dt.date, DayName]]] = {}
    first, last = _package_range()
    for year in range(first, last + 1):
        tables[year] = (set(), set(), {})
    holidays: dict[dt.date, str] = dict(constants.holidays)
    workdays: dict[dt.date, str] = dict(constants.workdays)
    for day, name in holidays.items():
        tables[day.year][0].add(day)
        tables[day.year][2][day] = DayName(zh_names.get(name, ""), name)
    for day, name in workdays.items():
        tables[day.year][1].add(day)
        tables[day.year][2][day] = DayName(zh_names.get(name, ""), name)
    return tables


@functools.cache
def _package_range() -> tuple[int, int]:
    """First and last year the installed package has tables for."""
    from chinese_calendar import constants

    years = [day.year for day in constants.holidays]
    return min(years), max(years)


def package_years() -> range:
    """The years the installed ``chinesecalendar`` covers."""
    first, last = _package_range()
    return range(first, last + 1)


def package_year_spec(year: int) -> YearSpec | None:
    """The package's table for ``year``, or ``None`` outside the years it covers."""
    table = _package_tables().get(year)
    if table is None:
        return None
    holidays, workdays, names = table
    return YearSpec(
        year=year,
        holidays=frozenset(holidays),
        workdays=frozenset(workdays),
        source=f"{PACKAGE_SOURCE} package",
        origin="package",
        names=names,
    )


@functools.cache
def package_calendar() -> YearTableCalendar:
    """The calendar of the ``chinesecalendar`` package alone (shared, indexes built lazily)."""
    return YearTableCalendar(source=package_year_spec, label=PACKAGE_SOURCE)


# -- database-backed calendar ----------------------------------------------------

_lock = threading.Lock()
_cached: tuple[tuple[int, str], YearTableCalendar] | None = None


def _version_token() -> tuple[int, str]:
    """How many override years exist and when the latest changed: any edit changes it."""
    from django.db.models import Count, Max

    from shijian.core.clock.models import CalendarYear

    row = CalendarYear.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    latest = row["latest"]
    return int(row["n"] or 0), latest.isoformat() if latest is not None else ""


def override_year_specs() -> dict[int, YearSpec]:
    """Every year of the override table as a ``YearSpec``."""
    from shijian.core.clock.models import CalendarYear

    return {year.year: year.to_spec() for year in CalendarYear.objects.prefetch_related("days")}


def db_calendar() -> YearTableCalendar:
    """The platform calendar: override table first, then the package; cached per process."""
    global _cached
    token = _version_token()
    cached = _cached
    if cached is not None and cached[0] == token:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == token:
            return _cached[1]
        overrides = override_year_specs()

        def source(year: int) -> YearSpec | None:
            """The override for ``year`` when there is one, else the package's table."""
            return overrides.get(year) or package_year_spec(year)

        calendar = YearTableCalendar(source=source, label="override+chinesecalendar")
        _cached = (token, calendar)
        return calendar


def calendar_cache_clear() -> None:
    """Forget the cached database calendar (called when the override table changes)."""
    global _cached
    with _lock:
        _cached = None


def year_origin(calendar: YearTableCalendar, year: int) -> str:
    """Where ``calendar`` takes ``year`` from: ``override``, ``package`` or ``missing``."""
    spec = calendar.year_spec(year)
    return spec.origin if spec is not None else "missing"
