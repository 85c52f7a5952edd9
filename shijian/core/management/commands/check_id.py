"""`shijian check-id uscc|idcard CODE`: check one identifier and explain the result.

Exit code 0 when the code is valid, 1 when it is not (so scripts can use it).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shijian.core.identifiers import (
    CheckResult,
    IdCardResult,
    UsccResult,
    division_name_path,
    idcard_check,
    idcard_mask,
    uscc_check,
)

_KIND_LABELS = {
    "uscc": "统一社会信用代码 USCC",
    "idcard": "居民身份证号码 resident ID number",
}


def _parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today must be YYYY-MM-DD (日期格式应为 YYYY-MM-DD), got {value!r}") from exc


class Command(BaseCommand):
    help = (
        "Check a unified social credit code (统一社会信用代码, GB 32100-2015) or a resident "
        "identity card number (居民身份证号码, GB 11643) and print every problem found, in Chinese "
        "and English. Division codes (行政区划代码, GB/T 2260) are checked against the shipped "
        "snapshot, retired codes included. Exit code 0 when valid, 1 when invalid."
    )
    # Pure computation: no database, no system checks needed.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind",
            choices=sorted(_KIND_LABELS),
            help="uscc = 统一社会信用代码 (unified social credit code); idcard = 居民身份证号码 (ID number)",
        )
        parser.add_argument(
            "code", help="the code to check; spaces, full-width and lower case are normalised"
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help='print one JSON object {"valid", "errors", "warnings", ...} instead of text',
        )
        parser.add_argument(
            "--today",
            type=_parse_day,
            default=None,
            help="reference date YYYY-MM-DD for the ID birth-date check (出生日期; default: today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind: str = options["kind"]
        raw: str = options["code"]
        today: date = options["today"] or timezone.localdate()
        result: CheckResult = uscc_check(raw) if kind == "uscc" else idcard_check(raw, today=today)

        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self._print_text(kind, result)
        if not result.valid:
            raise CommandError("无效 invalid", returncode=1)

    def _print_text(self, kind: str, result: CheckResult) -> None:
        # An ID number is personal data: the header line (the one that lands in
        # terminal logs and screenshots) shows it masked; the operator typed it anyway.
        shown = idcard_mask(result.normalised) if kind == "idcard" else result.normalised
        verdict = self.style.SUCCESS("有效 VALID") if result.valid else self.style.ERROR("无效 INVALID")
        self.stdout.write(f"{_KIND_LABELS[kind]} {shown}: {verdict}")
        for problem in result.errors:
            self.stdout.write(self._line("错误 error", problem.code, problem.message_zh, problem.message_en))
        for problem in result.warnings:
            self.stdout.write(
                self._line("提示 warning", problem.code, problem.message_zh, problem.message_en)
            )
        if isinstance(result, UsccResult):
            if result.division_code and (path := division_name_path(result.division_code)):
                self.stdout.write(f"  登记机关所在地 registering authority: {result.division_code} {path}")
            if result.only_check_character_failed:
                self.stdout.write(
                    "  仅第18位校验码不符：早期试点代码可经办人确认后导入（保留标记）；新登记不得使用。\n"
                    "  Only the position-18 check character fails: an early pilot code may be imported "
                    "with an officer's explicit override (kept flagged); never for a new registration."
                )
        elif isinstance(result, IdCardResult):
            if result.division_code and (path := division_name_path(result.division_code)):
                self.stdout.write(f"  户籍地 place of registration: {result.division_code} {path}")
            if result.converted:
                self.stdout.write(f"  18位号码 18-digit form: {result.converted}")

    @staticmethod
    def _line(label: str, code: str, zh: str, en: str) -> str:
        return f"  {label} [{code}] {zh}\n      {en}"
