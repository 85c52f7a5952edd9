"""Django app configuration for the statutory clock engine."""

from __future__ import annotations

from django.apps import AppConfig


class ClockConfig(AppConfig):
    """The statutory clock app (label ``clock``): rules, calendar overrides, clocks."""

    name = "shijian.core.clock"
    label = "clock"
    verbose_name = "法定期限 Statutory clocks"

    def ready(self) -> None:
        # Connect the calendar-cache invalidation to the override tables.
        from shijian.core.clock import signals  # noqa: F401
