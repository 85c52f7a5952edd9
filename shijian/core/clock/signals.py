"""Keep the cached calendar in step with the override table.

Any change to a ``CalendarYear`` or ``CalendarDay`` clears this process's
cached calendar at once; a day change also touches its year's ``updated_at``
so that other processes, which compare that timestamp, rebuild theirs too.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from shijian.core.clock.calendar import calendar_cache_clear
from shijian.core.clock.models import CalendarDay, CalendarYear


@receiver([post_save, post_delete], sender=CalendarYear, dispatch_uid="clock_calendar_year_changed")
def calendar_year_changed(sender: type[CalendarYear], instance: CalendarYear, **kwargs: Any) -> None:
    """A year was added, edited or removed: drop the cached calendar."""
    calendar_cache_clear()


@receiver([post_save, post_delete], sender=CalendarDay, dispatch_uid="clock_calendar_day_changed")
def calendar_day_changed(sender: type[CalendarDay], instance: CalendarDay, **kwargs: Any) -> None:
    """A day changed: bump its year's timestamp (seen by other processes) and drop the cache."""
    if not kwargs.get("raw"):
        CalendarYear.objects.filter(pk=instance.calendar_year_id).update(updated_at=timezone.now())
    calendar_cache_clear()
