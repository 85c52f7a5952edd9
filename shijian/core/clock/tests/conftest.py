"""Fixtures of the clock tests: calendars, an in-memory rule set, actors in and out of scope."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from shijian.core.actor import Actor
from shijian.core.clock.calendar import calendar_cache_clear, package_calendar
from shijian.core.clock.domain import Confidence, Period, RuleSet, RuleSpec, Unit, YearTableCalendar
from shijian.core.roles import Role

HOME = "/410000/410300/410305/"
HOME_UNIT = "/410000/410300/410305/410305-AMR/"
OTHER = "/410000/410300/410302/"
CITY = "/410000/410300/"


@pytest.fixture
def cal() -> YearTableCalendar:
    """The chinesecalendar package calendar (2004-2026)."""
    return package_calendar()


def rule(
    rule_id: str, period: Period, effective_from: dt.date = dt.date(2019, 1, 1), **kwargs: object
) -> RuleSpec:
    """A rule spec with test defaults."""
    return RuleSpec(
        rule_id=rule_id,
        period=period,
        effective_from=effective_from,
        confidence=Confidence.V,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
def rules() -> RuleSet:
    """A small in-memory rule table mirroring a few seeded rules (no database)."""
    return RuleSet(
        [
            rule("complaint.accept", Period(7, Unit.WORKING_DAYS), name_zh="投诉受理决定"),
            rule("report.verify", Period(15, Unit.WORKING_DAYS, 15, 1)),
            rule("report.notify_reporter", Period(5, Unit.WORKING_DAYS)),
            rule("penalty.withdraw", Period(3, Unit.WORKING_DAYS)),
            rule("case.decide", Period(90, Unit.CALENDAR_DAYS, 30, 1)),
            rule("foi.reply", Period(20, Unit.WORKING_DAYS, 20, 1)),
            rule("foi.lawsuit", Period(6, Unit.MONTHS)),
            rule("equipment.use_registration", Period(30, Unit.CALENDAR_DAYS)),
            rule("penalty.publicity", Period(36, Unit.MONTHS, shift_to_workday=False)),
            rule(
                "annual_report.deadline",
                Period(1, Unit.FIXED_DATE, shift_to_workday=False, fixed_month=6, fixed_day=30),
            ),
        ]
    )


def actor(user_id: int, role: Role, *paths: str, name: str = "") -> Actor:
    """A staff actor with one role over ``paths``."""
    return Actor(
        user_id=user_id,
        username=name or f"{role.value}{user_id}",
        display_name=name or f"{role.label_zh}{user_id}",
        roles=frozenset({role}),
        jurisdiction_paths=tuple(paths),
    )


@pytest.fixture
def officer() -> Actor:
    """An officer of the home county."""
    return actor(101, Role.OFFICER, HOME)


@pytest.fixture
def chief() -> Actor:
    """A section chief of the home county."""
    return actor(102, Role.SECTION_CHIEF, HOME)


@pytest.fixture
def head() -> Actor:
    """A bureau head of the city (sees both counties)."""
    return actor(103, Role.BUREAU_HEAD, CITY)


@pytest.fixture
def other_officer() -> Actor:
    """An officer of the other county (out of scope of home clocks)."""
    return actor(201, Role.OFFICER, OTHER)


@pytest.fixture
def other_chief() -> Actor:
    """A section chief of the other county."""
    return actor(202, Role.SECTION_CHIEF, OTHER)


# A 2027 table for tests only: it is NOT the official 2027 arrangement (not
# published when this was written). 2027-01-01 is a Friday; the Spring
# Festival block is 02-06 (Sat) .. 02-12 (Fri), with Sunday 02-14 worked.
TEST_2027 = {
    "year": 2027,
    "source": "测试数据 test data (not the official notice)",
    "holidays": [
        {"date": "2027-01-01", "name_zh": "元旦", "name_en": "New Year's Day"},
        "2027-02-06",
        "2027-02-07",
        "2027-02-08",
        "2027-02-09",
        "2027-02-10",
        "2027-02-11",
        "2027-02-12",
    ],
    "workdays": ["2027-02-14"],
}


@pytest.fixture
def file_2027(tmp_path: Path) -> Path:
    """The test 2027 calendar as a file."""
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(TEST_2027, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> Iterator[None]:
    # Each database test rolls back its override years: never reuse a cache across tests.
    calendar_cache_clear()
    yield
    calendar_cache_clear()
