"""`shijian credit-serious expire`: remove listings whose period has ended (严重违法失信名单期满移出).

The same sweep is `shijian credit serious-expire` where the credit app's
command group is installed (see ``shijian.credit.serious.cli``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from shijian.credit.serious.cli import add_expire_arguments, handle_expire


class Command(BaseCommand):
    help = (
        "Serious-violation list (严重违法失信名单). 'expire' removes every listing whose period "
        "(serious.auto_remove or the longer restriction) ended before today; idempotent, run it daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add_expire_arguments(
            sub.add_parser("expire", help="remove listings whose period has ended (期满移出)")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        handle_expire(self, options)
