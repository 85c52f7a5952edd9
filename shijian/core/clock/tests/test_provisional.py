"""Provisional year tables (demo and tests only) and the test calendar the suite loads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shijian.core.clock.calendar import db_calendar, package_years
from shijian.core.clock.domain import CalendarYearMissing, Period, Unit, YearTableCalendar, due_date
from shijian.core.clock.domain.provisional import provisional_year_spec, provisional_years
from shijian.core.clock.models import CalendarYear
from shijian.testing.calendars import TEST_CALENDAR_SOURCE, years_beyond_package

D = dt.date
WD7 = Period(7, Unit.WORKING_DAYS)


def test_the_2027_estimate_follows_the_2025_rules() -> None:
    spec = provisional_year_spec(2027, source="估算 estimate")
    assert spec.source == "估算 estimate" and spec.origin == "override" and spec.workdays == frozenset()
    expected = {
        D(2027, 1, 1),  # New Year's Day, a Friday
        # Spring Festival 02-06 (Sat): the eve (Fri) and the first three days; Sat and Sun given back.
        *(D(2027, 2, n) for n in range(5, 11)),
        D(2027, 4, 5),  # Qingming (Mon)
        *(D(2027, 5, n) for n in range(1, 5)),  # Labour Day Sat-Sun, given back Mon-Tue
        D(2027, 6, 9),  # Dragon Boat (Wed)
        D(2027, 9, 15),  # Mid-Autumn (Wed)
        *(D(2027, 10, n) for n in range(1, 8)),  # National Day week
    }
    assert spec.holidays == expected
    assert spec.names[D(2027, 2, 6)].zh == "春节" and "补假" in spec.names[D(2027, 2, 9)].zh
    assert spec.names[D(2027, 5, 3)].en == "Labour Day (day given back)"


def test_a_year_without_known_lunar_dates_has_the_fixed_holidays_only() -> None:
    spec = provisional_year_spec(2031, source="估算 estimate")
    # 2031-01-01 is a Wednesday; 05-01 Thu, 05-02 Fri.
    assert spec.holidays == {
        D(2031, 1, 1),
        D(2031, 5, 1),
        D(2031, 5, 2),
        *(D(2031, 10, n) for n in range(1, 8)),
    }


def test_an_estimate_must_say_so() -> None:
    with pytest.raises(ValueError, match="source"):
        provisional_year_spec(2027, source=" ")


def test_the_years_an_estimate_stands_in_for() -> None:
    assert list(provisional_years(last_known=2026, today=D(2026, 11, 24))) == [2027]
    assert list(provisional_years(last_known=2026, today=D(2027, 12, 20))) == [2027, 2028]
    assert list(provisional_years(last_known=2026, today=D(2025, 6, 1))) == []


def test_a_period_across_new_year_with_the_estimate() -> None:
    calendar = YearTableCalendar(
        {2026: provisional_year_spec(2026, source="x"), 2027: provisional_year_spec(2027, source="x")}
    )
    # 2026-12-28 (Mon): 12-29 #1, 12-30 #2, 12-31 #3, [01-01 off, 01-02/03 weekend], 01-04..01-07 #4-#7.
    assert due_date(D(2026, 12, 28), WD7, calendar) == D(2027, 1, 7)


@pytest.mark.django_db
def test_the_suite_loads_the_test_calendar_beyond_the_package() -> None:
    years = years_beyond_package()
    assert years and years[0] == package_years()[-1] + 1 and years[-1] == timezone.localdate().year + 1
    loaded = CalendarYear.objects.filter(year__in=years)
    assert loaded.count() == len(years)
    assert {row.source for row in loaded} == {TEST_CALENDAR_SOURCE}
    assert "not the State Council notice" in TEST_CALENDAR_SOURCE
    assert all(db_calendar().covers(year) for year in years)


@pytest.mark.django_db
@pytest.mark.without_test_calendar
def test_without_the_test_calendar_the_years_are_missing() -> None:
    year = package_years()[-1] + 1
    assert not CalendarYear.objects.filter(source=TEST_CALENDAR_SOURCE).exists()
    with pytest.raises(CalendarYearMissing):
        db_calendar().is_workday(D(year, 1, 4))
