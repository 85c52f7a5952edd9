"""Benchmark: statutory deadline computations, engine vs a day-by-day walk.

100,000 deadlines with varied start dates across 2025-2026 and varied rules
(working-day and calendar-day periods, some with pauses, some extended) are
computed twice in this process:

* with the engine (``shijian.core.clock.domain.compute_due`` over the
  precomputed year tables of the ``chinesecalendar`` package), and
* with a naive baseline that walks day by day calling
  ``chinese_calendar.is_workday`` for every day it steps over.

The results must agree. Prints exactly one line:
``BENCH name=clock n=100000 seconds=<s> baseline=day_walk baseline_seconds=<s> ratio=<x>``
(ratio = baseline / engine). No database is needed.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import chinese_calendar

from shijian.core.clock.calendar import package_year_spec
from shijian.core.clock.domain import DateRange, Period, Unit, YearTableCalendar, compute_due

N = 100_000
SEED = 20260101
ONE = dt.timedelta(days=1)

# The periods of a few seeded rules (complaint.accept, complaint.mediation,
# report.verify, foi.reply, penalty.withdraw, case.decide, equipment.use_registration).
PERIODS = [
    Period(7, Unit.WORKING_DAYS),
    Period(45, Unit.WORKING_DAYS),
    Period(15, Unit.WORKING_DAYS, 15, 1),
    Period(20, Unit.WORKING_DAYS, 20, 1),
    Period(3, Unit.WORKING_DAYS),
    Period(90, Unit.CALENDAR_DAYS, 30, 1),
    Period(30, Unit.CALENDAR_DAYS),
]

Case = tuple[dt.date, Period, tuple[DateRange, ...], int]


def make_cases() -> list[Case]:
    """Deterministic inputs: starts in 2025-01-01 .. 2026-06-30, 30% with a pause, 10% extended."""
    rng = random.Random(SEED)
    first = dt.date(2025, 1, 1).toordinal()
    last = dt.date(2026, 6, 30).toordinal()
    cases: list[Case] = []
    for _ in range(N):
        start = dt.date.fromordinal(rng.randint(first, last))
        period = rng.choice(PERIODS)
        pauses: tuple[DateRange, ...] = ()
        if rng.random() < 0.3:
            begin = start + dt.timedelta(days=rng.randint(1, 20))
            pauses = (DateRange(begin, begin + dt.timedelta(days=rng.randint(0, 14))),)
        extensions = 1 if period.extension_allowed and rng.random() < 0.1 else 0
        cases.append((start, period, pauses, extensions))
    return cases


def day_walk(start: dt.date, period: Period, pauses: tuple[DateRange, ...], extensions: int) -> dt.date:
    """The naive way: step one day at a time, asking chinese_calendar about each day."""

    def paused(day: dt.date) -> bool:
        return any(p.first <= day <= p.last for p in pauses)

    cursor = start
    for index in range(extensions + 1):
        remaining = period.amount if index == 0 else period.extension_amount
        day = cursor
        while remaining:
            day += ONE
            if paused(day):
                continue
            if period.unit is Unit.WORKING_DAYS and not chinese_calendar.is_workday(day):
                continue
            remaining -= 1
        if period.unit is not Unit.WORKING_DAYS and period.shift_to_workday:
            while paused(day) or not chinese_calendar.is_workday(day):
                day += ONE
        cursor = day
    return cursor


def main() -> None:
    cases = make_cases()

    began = time.perf_counter()
    # A fresh calendar: building the year indexes is part of the measured cost.
    calendar = YearTableCalendar(source=package_year_spec, label="bench")
    engine = [compute_due(s, p, calendar, ps, e).due for s, p, ps, e in cases]
    seconds = time.perf_counter() - began

    began = time.perf_counter()
    baseline = [day_walk(s, p, ps, e) for s, p, ps, e in cases]
    baseline_seconds = time.perf_counter() - began

    mismatches = [i for i, (a, b) in enumerate(zip(engine, baseline, strict=True)) if a != b]
    if mismatches:
        start, period, pauses, extensions = cases[mismatches[0]]
        sys.stderr.write(
            f"bench clock: {len(mismatches)} results disagree, first: start={start} period={period} "
            f"pauses={pauses} extensions={extensions} engine={engine[mismatches[0]]} "
            f"baseline={baseline[mismatches[0]]}\n"
        )
        sys.exit(1)
    ratio = baseline_seconds / seconds
    print(
        f"BENCH name=clock n={N} seconds={seconds:.3f} baseline=day_walk "
        f"baseline_seconds={baseline_seconds:.3f} ratio={ratio:.1f}"
    )


if __name__ == "__main__":
    main()
