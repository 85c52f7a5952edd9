"""The calendar file (日历文件) an administrator loads for a new year: parsing and validation.

Format (JSON, UTF-8; see docs/clock.md)::

    {
      "year": 2027,
      "source": "国办发明电〔2026〕X号",
      "holidays": ["2027-01-01", {"date": "2027-02-06", "name_zh": "春节", "name_en": "Spring Festival"}],
      "workdays": ["2027-02-14"],
      "notes": "optional free text"
    }

``holidays`` are the days off (the whole block, weekends included);
``workdays`` are the weekend days worked (调休上班日). Every problem found is
reported with its field, in Chinese and English, in one ``CalendarFileInvalid``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from shijian.core.clock.domain.calendar import DayName, YearSpec
from shijian.core.clock.domain.errors import CalendarFileInvalid, FieldProblem

ALLOWED_KEYS = frozenset({"year", "source", "holidays", "workdays", "notes"})
MIN_YEAR, MAX_YEAR = 2000, 2100


def parse_calendar_text(text: str) -> tuple[YearSpec, str]:
    """Parse a calendar file's text; returns the year table and the notes."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CalendarFileInvalid(
            [
                FieldProblem(
                    "(file)",
                    f"不是有效的 JSON：第{exc.lineno}行第{exc.colno}列，{exc.msg}",
                    f"not valid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}",
                )
            ]
        ) from None
    return parse_calendar_data(data)


def parse_calendar_data(data: Any) -> tuple[YearSpec, str]:
    """Validate a decoded calendar file; returns the year table and the notes.

    Checks: the keys; ``year`` an integer in range; ``source`` non-empty;
    every date real, written ``YYYY-MM-DD`` and inside ``year``; no duplicate;
    no day both a holiday and a working day; make-up working days on a weekend.
    """
    problems: list[FieldProblem] = []
    if not isinstance(data, Mapping):
        raise CalendarFileInvalid(
            [FieldProblem("(file)", "顶层必须是 JSON 对象", "the top level must be a JSON object")]
        )
    for key in sorted(set(data) - ALLOWED_KEYS):
        problems.append(
            FieldProblem(
                str(key),
                f"未知字段（允许的字段：{', '.join(sorted(ALLOWED_KEYS))}）",
                f"unknown field (allowed: {', '.join(sorted(ALLOWED_KEYS))})",
            )
        )
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int):
        problems.append(
            FieldProblem("year", "必须是整数年份，如 2027", "must be an integer year such as 2027")
        )
        year = None
    elif not MIN_YEAR <= year <= MAX_YEAR:
        problems.append(
            FieldProblem(
                "year", f"年份须在 {MIN_YEAR}-{MAX_YEAR} 之间", f"must be between {MIN_YEAR} and {MAX_YEAR}"
            )
        )
        year = None
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        problems.append(
            FieldProblem(
                "source",
                "必须注明来源（国务院办公厅通知文号）",
                "must cite the source (the State Council General Office notice)",
            )
        )
        source = ""
    notes = data.get("notes", "")
    if not isinstance(notes, str):
        problems.append(FieldProblem("notes", "必须是文本", "must be text"))
        notes = ""
    holidays = _days(data, "holidays", year, problems, required=True)
    workdays = _days(data, "workdays", year, problems, required=False)
    for day in sorted(set(holidays) & set(workdays)):
        problems.append(
            FieldProblem(
                "workdays",
                f"{day.isoformat()} 同时列为节假日和调休上班日",
                f"{day.isoformat()} is listed both as a holiday and as a working day",
            )
        )
    if problems:
        raise CalendarFileInvalid(problems)
    assert year is not None  # guarded by the problems check above
    names = {day: name for day, name in {**holidays, **workdays}.items() if name.zh or name.en}
    spec = YearSpec(
        year=year,
        holidays=frozenset(holidays),
        workdays=frozenset(workdays),
        source=source.strip(),
        origin="override",
        names=names,
    )
    return spec, notes


def _days(
    data: Mapping[str, Any], key: str, year: int | None, problems: list[FieldProblem], *, required: bool
) -> dict[dt.date, DayName]:
    """The dates of one list (with optional names), recording every problem found."""
    raw = data.get(key, None if required else [])
    if not isinstance(raw, list):
        problems.append(FieldProblem(key, "必须是日期列表", "must be a list of dates"))
        return {}
    if required and not raw:
        problems.append(
            FieldProblem(
                key, "不能为空：每年都有法定节假日", "must not be empty: every year has statutory holidays"
            )
        )
    days: dict[dt.date, DayName] = {}
    for i, item in enumerate(raw):
        where = f"{key}[{i}]"
        name = DayName()
        text: Any = item
        if isinstance(item, Mapping):
            text = item.get("date")
            extra = set(item) - {"date", "name_zh", "name_en"}
            if extra:
                problems.append(
                    FieldProblem(
                        where,
                        f"未知字段 {sorted(extra)}（允许 date、name_zh、name_en）",
                        f"unknown fields {sorted(extra)} (allowed: date, name_zh, name_en)",
                    )
                )
            name_zh, name_en = item.get("name_zh", ""), item.get("name_en", "")
            if not isinstance(name_zh, str) or not isinstance(name_en, str):
                problems.append(FieldProblem(where, "名称必须是文本", "names must be text"))
            else:
                name = DayName(name_zh, name_en)
        if not isinstance(text, str):
            problems.append(
                FieldProblem(where, "必须是 YYYY-MM-DD 格式的日期", "must be a date written YYYY-MM-DD")
            )
            continue
        try:
            if len(text) != 10:
                raise ValueError(text)
            day = dt.date.fromisoformat(text)
        except ValueError:
            problems.append(
                FieldProblem(
                    where,
                    f"{text!r} 不是 YYYY-MM-DD 格式的真实日期",
                    f"{text!r} is not a real date written YYYY-MM-DD",
                )
            )
            continue
        if year is not None and day.year != year:
            problems.append(
                FieldProblem(
                    where,
                    f"{text} 不在 {year} 年内（year 字段为 {year}）",
                    f"{text} is not in {year} (the year field says {year})",
                )
            )
            continue
        if day in days:
            problems.append(FieldProblem(where, f"{text} 重复出现", f"{text} is listed twice"))
            continue
        if key == "workdays" and day.weekday() < 5:
            problems.append(
                FieldProblem(
                    where,
                    f"{text} 是工作日（周一至周五），调休上班日只能是周六或周日",
                    f"{text} is a weekday: a make-up working day must be a Saturday or Sunday",
                )
            )
            continue
        days[day] = name
    return days


def year_spec_to_data(spec: YearSpec, notes: str = "") -> dict[str, Any]:
    """A year table in the calendar-file format (``calendar show --json`` prints this)."""

    def entry(day: dt.date) -> Any:
        """A date string, or an object when the day has a name."""
        name = spec.names.get(day)
        if name is None or not (name.zh or name.en):
            return day.isoformat()
        return {"date": day.isoformat(), "name_zh": name.zh, "name_en": name.en}

    data: dict[str, Any] = {
        "year": spec.year,
        "source": spec.source,
        "holidays": [entry(d) for d in sorted(spec.holidays)],
        "workdays": [entry(d) for d in sorted(spec.workdays)],
    }
    if notes:
        data["notes"] = notes
    return data
