"""The test calendar: estimated tables for the years the calendar package lacks, for tests only.

``chinesecalendar`` stops at its last published year (1.11: 2026). Code that
reads the real date (HTTP views, the demo builder, browser tests) reaches the
next year from December on, and production correctly refuses to compute there
(``CalendarYearMissing``) until an administrator loads the State Council
notice. The test suite must pass whatever the real date, so the root
``conftest.py`` loads, through the real override table (``CalendarYear`` and
``CalendarDay``), an estimated table for every year after the package's last
through next year (``provisional_year_spec``, labelled ``TEST_CALENDAR_SOURCE``).

It is written through the model layer, not ``calendar_year_load``, so that it
leaves no audit record in the tests' audit trail. Tests that check the
fail-closed behaviour for a year beyond the package opt out with the marker
``@pytest.mark.without_test_calendar`` (then those years are missing, as in
production before the notice is loaded).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shijian.core.clock.calendar import calendar_cache_clear, package_years
from shijian.core.clock.domain import DayKind
from shijian.core.clock.domain.provisional import provisional_year_spec, provisional_years
from shijian.core.clock.models import CalendarDay, CalendarYear

TEST_CALENDAR_SOURCE = (
    "测试日历（估算，非国务院办公厅通知）test calendar: an estimate, not the State Council notice"
)
TEST_CALENDAR_NOTES = (
    "仅供自动化测试使用：按2025年放假办法估算，不含调休上班日。"
    "For the automated tests only: estimated from the 2025 holiday rules, no make-up working days."
)


def years_beyond_package(today: dt.date | None = None) -> list[int]:
    """The years the test calendar stands in for: after the package's last year through next year."""
    day = today if today is not None else timezone.localdate()
    return list(provisional_years(last_known=package_years()[-1], today=day))


def ensure_test_calendar(today: dt.date | None = None) -> list[int]:
    """Load the test calendar for each of ``years_beyond_package`` that the override table lacks.

    Cheap when nothing is missing (one query); returns the years loaded now.
    """
    years = years_beyond_package(today)
    present = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    loaded = [year for year in years if year not in present]
    for year in loaded:
        spec = provisional_year_spec(year, source=TEST_CALENDAR_SOURCE)
        row = CalendarYear.objects.create(
            year=year, source=spec.source, notes=TEST_CALENDAR_NOTES, loaded_by="tests"
        )
        CalendarDay.objects.bulk_create(
            CalendarDay(
                calendar_year=row,
                day=day,
                kind=DayKind.HOLIDAY.value,
                name_zh=spec.names[day].zh if day in spec.names else "",
                name_en=spec.names[day].en if day in spec.names else "",
            )
            for day in sorted(spec.holidays)
        )
    if loaded:
        calendar_cache_clear()
    return loaded


def drop_test_calendar() -> None:
    """Remove the test calendar (for a test of the fail-closed behaviour; rolled back after it)."""
    CalendarYear.objects.filter(source=TEST_CALENDAR_SOURCE).delete()
    calendar_cache_clear()
