"""`shijian clock-sweep`: mark running clocks overdue or due soon (期限扫描)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from shijian.core.actor import system_actor
from shijian.core.clock import services
from shijian.core.clock.domain import parse_date
from shijian.core.clock.management.commands._common import command_error
from shijian.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Mark running statutory clocks overdue (已逾期) or due soon (即将到期) as of today; "
        "set-based, meant to run daily from the scheduler."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="the date to sweep for, YYYY-MM-DD (default: today)")
        parser.add_argument("--json", action="store_true", help="print the counts as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = parse_date(options["today"], field="today") if options["today"] else timezone.localdate()
            result = services.clock_sweep(today=today, actor=system_actor("clock-sweep"))
        except DomainError as exc:
            raise command_error(exc) from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            f"期限扫描 clock sweep {result.today.isoformat()} "
            f"(due-soon threshold {result.threshold.isoformat()}): "
            f"新增逾期 marked overdue {result.marked_overdue}, "
            f"新增即将到期 marked due soon {result.marked_due_soon}, "
            f"清除 cleared {result.cleared + result.cleared_inactive}"
        )
