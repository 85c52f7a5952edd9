"""Subcommands of `shijian credit` contributed by the abnormal list: ``abnormal-sweep``."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shijian.core.actor import system_actor
from shijian.core.errors import DomainError
from shijian.credit.abnormal.sweep import DEFAULT_BATCH, abnormal_sweep


def _sweep_arguments(parser: CommandParser) -> None:
    parser.add_argument("--year", type=int, required=True, help="the report year (报告年度), e.g. 2025")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH, help="entities per committed batch")
    parser.add_argument("--today", help="the listing date YYYY-MM-DD (default: today)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    parser.add_argument("--json", action="store_true", help="print a JSON summary")


def _sweep(command: BaseCommand, options: dict[str, Any]) -> None:
    import datetime as dt

    try:
        today = dt.date.fromisoformat(options["today"]) if options.get("today") else timezone.localdate()
    except ValueError:
        raise CommandError("日期格式应为 YYYY-MM-DD\na date is written YYYY-MM-DD", returncode=1) from None
    try:
        summary = abnormal_sweep(
            actor=system_actor("abnormal-sweep"),
            report_year=options["year"],
            today=today,
            batch_size=options["batch_size"],
            progress=not options["no_progress"] and not options["json"],
        )
    except DomainError as exc:
        raise CommandError(f"{exc.message_zh}\n{exc.message_en}", returncode=1) from None
    if options["json"]:
        command.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
        return
    resumed = "（续跑 resumed）" if summary.resumed else ""
    command.stdout.write(
        command.style.SUCCESS(
            f"{summary.report_year}年度未年报列入完成{resumed} sweep finished: "
            f"列入名录 listed {summary.listed}, "
            f"标记经营异常状态 abnormal status {summary.marked}, 失败 failed {summary.failed}, "
            f"批次 batches {summary.batches}"
        )
    )


#: (name, help, add_arguments, handle)
SUBCOMMANDS = [
    (
        "abnormal-sweep",
        "list entities without last year's annual report (未年报企业列入经营异常名录)",
        _sweep_arguments,
        _sweep,
    )
]
