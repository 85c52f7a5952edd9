"""The `deadline`, `calendar` and `clock_sweep` management commands."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shijian.core.audit.models import AuditRecord
from shijian.core.clock.calendar import db_calendar
from shijian.core.clock.models import CalendarYear
from shijian.core.clock.tests.conftest import TEST_2027

# The clock engine is tested on the package calendar and the years a test loads itself:
# years after the package are missing (fail closed), as in production before the notice.
pytestmark = [pytest.mark.django_db, pytest.mark.without_test_calendar]


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def deadline_json(*args: str) -> dict[str, Any]:
    out, _ = run("deadline", *args, "--json")
    payload: dict[str, Any] = json.loads(out)
    return payload


def error_of(*args: str) -> str:
    with pytest.raises(CommandError) as info:
        run(*args)
    return str(info.value)


# -- deadline ------------------------------------------------------------------------------


def test_deadline_json() -> None:
    payload = deadline_json("--rule", "complaint.accept", "--start", "2025-09-26")
    assert payload["rule"] == "complaint.accept" and payload["start"] == "2025-09-26"
    assert payload["due"] == "2025-10-13"
    assert isinstance(payload["trace"], list) and all(isinstance(item, dict) for item in payload["trace"])
    kinds = [item["kind"] for item in payload["trace"]]
    assert kinds[0] == "start" and kinds[-1] == "due" and "holiday" in kinds and "makeup_workday" in kinds
    assert payload["rule_detail"]["legal_basis"].startswith("《市场监督管理投诉举报处理暂行办法》")


def test_deadline_with_pause_and_extension() -> None:
    payload = deadline_json(
        "--rule", "foi.reply", "--start", "2026-02-11", "--pause", "2026-02-24:2026-03-06", "--extend"
    )
    assert payload["due"] == "2026-04-29" and payload["normal_due"] == "2026-03-31"
    assert payload["extensions"] == 1 and payload["pauses"][0]["from"] == "2026-02-24"


def test_deadline_text_in_both_languages() -> None:
    out, _ = run("deadline", "--rule", "case.decide", "--start", "2025-07-03")
    assert out.startswith("到期日：2025-10-09") and "顺延至 2025-10-09" in out
    out, _ = run("deadline", "--rule", "case.decide", "--start", "2025-07-03", "--lang", "en")
    assert out.startswith("Due: 2025-10-09") and "moved to 2025-10-09" in out


def test_deadline_errors() -> None:
    message = error_of("deadline", "--rule", "complaint.acept", "--start", "2025-09-26")
    assert (
        "未知的期限规则" in message and "unknown deadline rule" in message and "complaint.accept" in message
    )
    message = error_of("deadline", "--rule", "complaint.accept", "--start", "2025-02-30")
    assert "日期" in message and "invalid date" in message
    message = error_of(
        "deadline", "--rule", "complaint.accept", "--start", "2025-09-26", "--pause", "2025-10-05:2025-10-01"
    )
    assert "早于开始日" in message and "before it starts" in message
    message = error_of("deadline", "--rule", "complaint.accept", "--start", "2025-09-26", "--extend")
    assert "不得延长" in message and "may not be extended" in message
    message = error_of("deadline", "--rule", "report.verify", "--start", "2025-09-26", "--extend", "--extend")
    assert "最多延长 1 次" in message


def test_deadline_2027_needs_the_calendar_then_works(file_2027: Path) -> None:
    message = error_of("deadline", "--rule", "complaint.accept", "--start", "2027-02-03")
    assert "2027" in message and "缺少 2027 年" in message and "No working-day calendar for 2027" in message
    out, _ = run("calendar", "load", str(file_2027))
    assert "2027" in out
    # Hand count in test_domain.test_override_year_from_a_calendar_file: due Thu 2027-02-18.
    assert deadline_json("--rule", "complaint.accept", "--start", "2027-02-03")["due"] == "2027-02-18"
    assert deadline_json("--rule", "complaint.accept", "--start", "2026-12-28")["due"] == "2027-01-07"


# -- calendar ------------------------------------------------------------------------------


def test_calendar_load_is_audited_and_refuses_a_second_load(file_2027: Path) -> None:
    run("calendar", "load", str(file_2027))
    record = AuditRecord.objects.get(action="clock.calendar.loaded")
    assert record.actor == "system:calendar-load" and record.object_type == "clock.calendaryear"
    message = error_of("calendar", "load", str(file_2027))
    assert "--replace" in message
    run("calendar", "load", str(file_2027), "--replace")
    assert AuditRecord.objects.filter(action="clock.calendar.replaced").count() == 1
    assert CalendarYear.objects.get(year=2027).days.count() == 9


def test_calendar_load_rejects_bad_files(tmp_path: Path) -> None:
    bad = {**TEST_2027, "year": 2028, "workdays": ["2027-02-01"]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    message = error_of("calendar", "load", str(path))
    assert "holidays[0]" in message and "workdays[0]" in message
    assert "日历文件有" in message and "the calendar file has" in message
    both = {**TEST_2027, "workdays": ["2027-02-06"]}  # a Saturday inside the holiday block
    path.write_text(json.dumps(both), encoding="utf-8")
    message = error_of("calendar", "load", str(path))
    assert "同时列为节假日和调休上班日" in message and "both as a holiday and as a working day" in message
    assert "找不到文件" in error_of("calendar", "load", str(tmp_path / "missing.json"))
    assert not CalendarYear.objects.exists() and not AuditRecord.objects.filter(
        action__startswith="clock.calendar"
    )


def test_calendar_show() -> None:
    out, _ = run("calendar", "show", "2025", "--json")
    payload = json.loads(out)
    assert payload["origin"] == "package"
    assert payload["workdays"] == [
        {"date": d, "name_zh": n, "name_en": e}
        for d, n, e in [
            ("2025-01-26", "春节", "Spring Festival"),
            ("2025-02-08", "春节", "Spring Festival"),
            ("2025-04-27", "劳动节", "Labour Day"),
            ("2025-09-28", "国庆节", "National Day"),
            ("2025-10-11", "国庆节", "National Day"),
        ]
    ]
    out, _ = run("calendar", "show", "2026")
    assert "2026-02-14" in out and "2026-10-10" in out and "调休上班日" in out
    assert "2027" in error_of("calendar", "show", "2027")


def test_calendar_check(file_2027: Path) -> None:
    # November 2026: 2026 is there, 2027 is not yet -> warning, exit 0.
    out, err = run("calendar", "check", "--today", "2026-11-23")
    assert "2027" in err and "警告" in err and "WARNING" in err
    # October: too early to warn about next year.
    out, err = run("calendar", "check", "--today", "2026-10-31")
    assert err == "" and "calendar OK" in out
    # The current year missing is an error with a non-zero exit.
    with pytest.raises(CommandError) as info:
        run("calendar", "check", "--today", "2027-01-05")
    assert info.value.returncode == 1 and "2027" in str(info.value)
    run("calendar", "load", str(file_2027))
    out, err = run("calendar", "check", "--today", "2026-11-23")
    assert err == "" and "calendar OK" in out
    assert db_calendar().covers(2027)


# -- sweep ---------------------------------------------------------------------------------


def test_clock_sweep_command() -> None:
    out, _ = run("clock_sweep", "--today", "2025-09-30", "--json")
    payload = json.loads(out)
    assert payload["today"] == "2025-09-30" and payload["threshold"] == "2025-10-11"
    assert "2027" in error_of("clock_sweep", "--today", "2027-01-05")
