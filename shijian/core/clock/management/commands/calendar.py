"""`shijian calendar`: load, show and check the working-day calendar (工作日历)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shijian.core.actor import system_actor
from shijian.core.clock import services
from shijian.core.clock.calendar import db_calendar, year_origin
from shijian.core.clock.domain import (
    CalendarYearMissing,
    DayKind,
    parse_calendar_text,
    parse_date,
    year_spec_to_data,
)
from shijian.core.clock.management.commands._common import command_error
from shijian.core.errors import DomainError

ORIGIN_TEXT = {
    "override": ("管理员导入", "loaded by an administrator"),
    "package": ("chinesecalendar 软件包", "chinesecalendar package"),
    "missing": ("缺失", "missing"),
}


class Command(BaseCommand):
    help = (
        "Working-day calendar (工作日历). 'load FILE [--replace]' loads a year's holidays and make-up "
        "working days from the State Council notice (JSON, see docs/clock.md); 'show YEAR [--json]' "
        "prints a year; 'check' verifies the current year (and, from November, the next year) is present: "
        "exit 1 when the current year is missing, a warning only when the next year is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load a year from a calendar file (导入年度日历)")
        load.add_argument("file", help="calendar file (JSON)")
        load.add_argument("--replace", action="store_true", help="replace a year that is already loaded")
        show = sub.add_parser("show", help="show one year (查看年度日历)")
        show.add_argument("year", type=int)
        show.add_argument("--json", action="store_true", help="print in the calendar-file format")
        check = sub.add_parser("check", help="check that the calendar covers this year and next (检查日历)")
        check.add_argument("--today", help="check as of this date, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "load":
            self._load(options["file"], replace=options["replace"])
        elif action == "show":
            self._show(options["year"], as_json=options["json"])
        else:
            self._check(options.get("today"))

    # -- load ------------------------------------------------------------------------
    def _load(self, file: str, *, replace: bool) -> None:
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"找不到文件 {file}\nfile not found: {file}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(
                f"无法读取文件 {file}（须为 UTF-8）：{exc}\ncannot read {file} (UTF-8 expected): {exc}"
            ) from None
        try:
            spec, notes = parse_calendar_text(text)
            year = services.calendar_year_load(
                actor=system_actor("calendar-load"), spec=spec, notes=notes, replace=replace
            )
            workdays = db_calendar().workdays_of_year(spec.year)
        except DomainError as exc:
            raise command_error(exc) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"已导入 {year.year} 年日历（{year.source}）：{len(spec.holidays)} 个节假日，"
                f"{len(spec.workdays)} 个调休上班日，全年 {workdays} 个工作日\n"
                f"loaded {year.year} ({year.source}): {len(spec.holidays)} holidays, "
                f"{len(spec.workdays)} make-up working days, {workdays} working days in the year"
            )
        )

    # -- show ------------------------------------------------------------------------
    def _show(self, year: int, *, as_json: bool) -> None:
        calendar = db_calendar()
        spec = calendar.year_spec(year)
        if spec is None:
            raise command_error(CalendarYearMissing(year))
        workdays = calendar.workdays_of_year(year)
        origin = year_origin(calendar, year)
        if as_json:
            payload = year_spec_to_data(spec)
            payload["origin"] = origin
            payload["working_days"] = workdays
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        zh, en = ORIGIN_TEXT.get(origin, (origin, origin))
        self.stdout.write(f"{year} 年工作日历 calendar {year} — 来源 source: {zh} {en}; {spec.source}")
        self.stdout.write(f"全年工作日 working days: {workdays}")
        self.stdout.write("法定节假日 holidays:")
        for special in spec.special_days():
            if special.kind is DayKind.HOLIDAY:
                self.stdout.write(f"  {special.day.isoformat()} {special.name.zh} {special.name.en}".rstrip())
        self.stdout.write("调休上班日 make-up working days:")
        for special in spec.special_days():
            if special.kind is DayKind.MAKEUP_WORKDAY:
                self.stdout.write(f"  {special.day.isoformat()} {special.name.zh} {special.name.en}".rstrip())

    # -- check -----------------------------------------------------------------------
    def _check(self, today_text: str | None) -> None:
        try:
            today = parse_date(today_text, field="today") if today_text else timezone.localdate()
        except DomainError as exc:
            raise command_error(exc) from None
        calendar = db_calendar()
        current, following = today.year, today.year + 1
        for year in (current, following):
            origin = year_origin(calendar, year)
            zh, en = ORIGIN_TEXT.get(origin, (origin, origin))
            spec = calendar.year_spec(year)
            # Name the notice of a loaded year, so that an estimate (the demo's) is plain to see.
            source = f" — {spec.source}" if spec is not None and origin == "override" else ""
            self.stdout.write(f"{year}: {zh} {en}{source}")
        if not calendar.covers(current):
            missing = CalendarYearMissing(current)
            self.stderr.write(self.style.ERROR(f"错误 ERROR: {missing.message_zh}\n{missing.message_en}"))
            raise CommandError(
                f"当前年度 {current} 缺少工作日历\nthe calendar has no data for the current year {current}",
                returncode=1,
            )
        # The State Council publishes next year's table in November or December.
        if today >= dt.date(current, 11, 1) and not calendar.covers(following):
            self.stderr.write(
                self.style.WARNING(
                    f"警告 WARNING: 尚未导入 {following} 年工作日历。"
                    "国务院办公厅通常在 11-12 月发布次年节假日安排，"
                    "发布后请用 `shijian calendar load 文件` 导入；"
                    f"在此之前，到期日落在 {following} 年的期限将无法计算（系统不会猜测）。\n"
                    f"the {following} calendar is not loaded yet. The State Council usually publishes next "
                    f"year's holidays in November or December; load it with `shijian calendar load FILE`. "
                    f"Until then deadlines reaching {following} cannot be computed "
                    "(the platform does not guess)."
                )
            )
            return
        self.stdout.write(self.style.SUCCESS("工作日历完整 calendar OK"))
