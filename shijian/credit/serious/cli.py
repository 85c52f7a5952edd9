"""Subcommands of `shijian credit` for the serious-violation list (see credit/management/commands/credit.py).

``shijian credit serious-expire [--today D] [--json]`` is the same as
``shijian credit-serious expire`` (this sub-app's own command).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shijian.core.actor import system_actor
from shijian.core.clock.domain import parse_date
from shijian.core.errors import DomainError
from shijian.credit.serious.services import serious_expire


def add_expire_arguments(parser: CommandParser) -> None:
    """Options of the expiry sweep."""
    parser.add_argument("--today", help="the date to sweep for, YYYY-MM-DD (default: today)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def handle_expire(command: BaseCommand, options: dict[str, Any]) -> None:
    """Remove every listing whose period ended before today (期满移出); idempotent."""
    try:
        today = parse_date(options["today"], field="today") if options.get("today") else timezone.localdate()
        removed = serious_expire(actor=system_actor("credit-serious-expire"), today=today)
    except DomainError as exc:
        raise CommandError(f"{exc.message_zh}\n{exc.message_en}", returncode=1) from None
    if options.get("json"):
        command.stdout.write(json.dumps({"today": today.isoformat(), "removed": removed}))
        return
    command.stdout.write(
        f"严重违法失信名单期满移出 serious-list expiry {today.isoformat()}: 移出 removed {len(removed)}"
    )


SUBCOMMANDS = [
    (
        "serious-expire",
        "remove serious-violation listings whose period has ended (严重违法失信名单期满移出)",
        add_expire_arguments,
        handle_expire,
    )
]
