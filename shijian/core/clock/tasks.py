"""Background tasks of the clock engine (django-tasks): thin wrappers over one service each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django_tasks import task

from shijian.core.clock import services


@task()
def clock_sweep_task(today: str | None = None) -> dict[str, Any]:
    """Run the daily deadline sweep (期限扫描); ``today`` is an ISO date (default: the local date)."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return services.clock_sweep(today=day).as_dict()
