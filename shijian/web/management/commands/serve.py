"""`shijian serve`: run the site and say where it is."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Start the web site (启动网站). Development server for the demo; use a WSGI server in production."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000", help="address:port to listen on")
        parser.add_argument("--reload", action="store_true", help="restart on code changes")

    def handle(self, *args: Any, **options: Any) -> None:
        addr = options["addr"]
        self.stdout.write(
            self.style.SUCCESS(f"市监 Shijian: http://{addr}/  (API docs http://{addr}/api/docs)")
        )
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        call_command("runserver", addr, use_reloader=options["reload"], insecure_serving=True)
