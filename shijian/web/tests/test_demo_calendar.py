"""The demo's provisional calendar for years the calendar package lacks (never production)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from shijian.core.actor import system_actor
from shijian.core.audit.models import AuditRecord
from shijian.core.clock import services as clock_services
from shijian.core.clock.calendar import db_calendar, package_years
from shijian.core.clock.domain import YearSpec
from shijian.core.clock.models import CalendarYear
from shijian.testing.calendars import years_beyond_package
from shijian.testing.world import World
from shijian.web.demo_calendar import DEMO_CALENDAR_SOURCE, demo_calendar_estimate

# These tests see the years after the package missing, as the demo database does.
pytestmark = [pytest.mark.django_db, pytest.mark.without_test_calendar]

D = dt.date
FIRST = package_years()[-1] + 1


def test_the_demo_loads_a_labelled_estimate_and_warns() -> None:
    out = io.StringIO()
    loaded = demo_calendar_estimate(actor=system_actor("demo-data"), out=out, today=D(FIRST - 1, 12, 18))
    assert loaded == [FIRST]
    row = CalendarYear.objects.get(year=FIRST)
    assert row.source == DEMO_CALENDAR_SOURCE and "not the State Council notice" in row.source
    assert "--replace" in row.notes
    warning = out.getvalue()
    assert "警告 WARNING" in warning and "ESTIMATED" in warning and "shijian calendar load" in warning
    # Loaded through the audited service, like any calendar year.
    assert AuditRecord.objects.filter(action="clock.calendar.loaded").count() == 1
    assert db_calendar().year_spec(FIRST).source == DEMO_CALENDAR_SOURCE  # type: ignore[union-attr]
    # Nothing more to do the next time; the year after comes into view in January.
    again = io.StringIO()
    demo = system_actor("demo-data")
    assert demo_calendar_estimate(actor=demo, out=again, today=D(FIRST - 1, 12, 31)) == []
    assert again.getvalue() == ""
    assert demo_calendar_estimate(actor=demo, out=again, today=D(FIRST, 1, 4)) == [FIRST + 1]


def test_a_loaded_year_is_left_alone() -> None:
    notice = YearSpec(
        year=FIRST, holidays=frozenset({D(FIRST, 1, 1)}), workdays=frozenset(), source="国办发明电（测试）"
    )
    clock_services.calendar_year_load(actor=system_actor("tests"), spec=notice)
    demo = system_actor("demo-data")
    loaded = demo_calendar_estimate(actor=demo, out=io.StringIO(), today=D(FIRST, 12, 20))
    assert loaded == [FIRST + 1]
    assert CalendarYear.objects.get(year=FIRST).source == "国办发明电（测试）"


def test_demo_data_loads_the_estimate_even_when_the_demo_exists(world: World) -> None:
    # The demo database of an earlier year: the site still computes from today's date.
    out, err = io.StringIO(), io.StringIO()
    call_command("demo_data", "--if-empty", "--json", stdout=out, stderr=err)
    summary = json.loads(out.getvalue())
    assert summary["skipped"] is True
    assert summary["calendar_estimated"] == years_beyond_package()
    assert "ESTIMATED" in err.getvalue()
    assert all(db_calendar().covers(year) for year in years_beyond_package())
    # `make demo` checks the calendar after demo-data: it passes and names the estimate.
    check = io.StringIO()
    call_command("calendar", "check", stdout=check)
    assert "calendar OK" in check.getvalue() and DEMO_CALENDAR_SOURCE in check.getvalue()
