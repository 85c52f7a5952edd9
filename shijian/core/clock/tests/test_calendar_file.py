"""Validation of the calendar file an administrator loads (pure, no database)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from shijian.core.clock.domain import (
    CalendarFileInvalid,
    parse_calendar_data,
    parse_calendar_text,
    year_spec_to_data,
)
from shijian.core.clock.tests.conftest import TEST_2027


def _problems(data: Any) -> dict[str, str]:
    with pytest.raises(CalendarFileInvalid) as info:
        parse_calendar_data(data)
    assert info.value.code == "calendar_file_invalid"
    return {p.field: f"{p.message_zh} | {p.message_en}" for p in info.value.problems}


def test_valid_file_round_trips() -> None:
    spec, notes = parse_calendar_data({**TEST_2027, "notes": "测试"})
    assert spec.year == 2027 and notes == "测试" and spec.origin == "override"
    assert dt.date(2027, 2, 14) in spec.workdays and len(spec.holidays) == 8
    assert spec.names[dt.date(2027, 1, 1)].zh == "元旦"
    again, _ = parse_calendar_data(year_spec_to_data(spec))
    assert again == spec


def test_every_problem_is_reported_with_its_field() -> None:
    problems = _problems(
        {
            "year": 2027,
            "source": "",
            "holidays": ["2027-01-01", "2026-12-31", "2027-02-30", "2027-01-01", "2027-02-14", 5],
            "workdays": ["2027-02-14", "2027-02-15"],
            "workday": [],
        }
    )
    assert "不在 2027 年内" in problems["holidays[1]"] and "not in 2027" in problems["holidays[1]"]
    assert "not a real date" in problems["holidays[2]"]
    assert "listed twice" in problems["holidays[3]"]
    assert "holidays[5]" in problems
    assert "Saturday or Sunday" in problems["workdays[1]"]
    assert "both as a holiday and as a working day" in problems["workdays"]
    assert "source" in problems and "workday" in problems


def test_year_must_be_an_integer_in_range() -> None:
    assert "year" in _problems({**TEST_2027, "year": "2027"})
    assert "year" in _problems({**TEST_2027, "year": 1900})
    assert "year" in _problems({**TEST_2027, "year": True})


def test_year_field_must_match_the_dates() -> None:
    problems = _problems({**TEST_2027, "year": 2028})
    assert any("the year field says 2028" in text for text in problems.values())


def test_holidays_required_and_lists_checked() -> None:
    assert "holidays" in _problems({**TEST_2027, "holidays": []})
    assert "holidays" in _problems({k: v for k, v in TEST_2027.items() if k != "holidays"})
    assert "workdays" in _problems({**TEST_2027, "workdays": "2027-02-14"})
    assert "holidays[0]" in _problems({**TEST_2027, "holidays": [{"date": "2027-01-01", "colour": "red"}]})


def test_bad_json_and_top_level() -> None:
    with pytest.raises(CalendarFileInvalid) as info:
        parse_calendar_text("{not json")
    assert "JSON" in info.value.message_zh and "JSON" in info.value.message_en
    assert "(file)" in _problems([1, 2])
    spec, _ = parse_calendar_text(json.dumps(TEST_2027))
    assert spec.year == 2027


def test_error_message_names_fields_in_both_languages() -> None:
    with pytest.raises(CalendarFileInvalid) as info:
        parse_calendar_data({**TEST_2027, "workdays": ["2027-02-15"]})
    assert "workdays[0]" in info.value.message_zh and "workdays[0]" in info.value.message_en
    assert info.value.as_dict()["details"]["problems"][0]["field"] == "workdays[0]"
