"""`shijian credit <subcommand>`: the credit sub-apps' operator commands.

Each installed credit sub-app (``shijian.credit.<name>``) may provide a
module ``cli`` with ``SUBCOMMANDS``: a list of ``(name, help, add_arguments,
handle)``; ``add_arguments(parser)`` adds the subcommand's options and
``handle(command, options)`` runs it. New sub-apps add their own ``cli``
module; this file needs no edit.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser

Handler = Callable[[BaseCommand, dict[str, Any]], None]


Subcommand = tuple[str, str, Callable[[CommandParser], None], Handler]


def _subcommands() -> list[Subcommand]:
    found: list[Subcommand] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("shijian.credit."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.cli")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.cli":
                raise
            continue
        found.extend(getattr(module, "SUBCOMMANDS", []))
    return found


class Command(BaseCommand):
    help = (
        "Credit supervision tools (信用监管), e.g. 'abnormal-sweep --year YYYY' "
        "(未年报企业批量列入经营异常名录)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text, add_arguments, _handle in _subcommands():
            add_arguments(sub.add_parser(name, help=text))

    def handle(self, *args: Any, **options: Any) -> None:
        for name, _text, _add, handle in _subcommands():
            if name == options["action"]:
                handle(self, options)
                return
        raise CommandError(f"unknown subcommand {options['action']}")
