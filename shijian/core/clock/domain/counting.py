"""The counting convention (期间计算规则): pure functions from a start date to a due date.

The convention (see docs/clock.md for worked examples):

* The start day is not counted (期间开始之日不计算在期间内).
* Working-day periods (工作日): the due date is the N-th working day after
  the start. Working days inside a pause window do not count.
* Calendar-day periods (日): due = start + N days plus every paused day after
  the start; an end on a non-working day moves to the next working day
  (期间届满的最后一日是节假日的，以其后的第一个工作日为届满日) when the
  rule says ``shift_to_workday``.
* Month periods (月): the same day-of-month N months later (the month's last
  day when it has no such day), then pauses and the shift as for calendar days.
* Fixed-date periods: a month/day N years after the start's year (the
  annual report: 30 June of the following year); shifted only when the rule
  says so.
* A pause window (中止/扣除期间) includes its first and its last day.
* An extension (延长) adds the rule's extension amount, in the same unit,
  counted from the previous due date (the original due date for the first
  extension), at most ``extension_limit`` times.

``compute_due`` returns the due date at once and builds the explanation
trace lazily, so bulk callers (the sweep, the benchmark) pay only for the
date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from shijian.core.clock.domain.calendar import DayKind, WorkCalendar
from shijian.core.clock.domain.errors import ExtensionNotAllowed, InvalidPause
from shijian.core.clock.domain.rules import Period, RuleSpec, Unit, month_end
from shijian.core.clock.domain.trace import TraceEvent, TraceKind
from shijian.core.errors import ValidationFailed

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DateRange:
    """An inclusive range of days (both ``first`` and ``last`` belong to it), e.g. a pause window."""

    first: dt.date
    last: dt.date
    reason: str = ""

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise InvalidPause(
                f"暂停期间的结束日 {self.last.isoformat()} 早于开始日 {self.first.isoformat()}",
                f"pause ends ({self.last.isoformat()}) before it starts ({self.first.isoformat()})",
            )

    @property
    def days(self) -> int:
        """Number of calendar days in the range."""
        return (self.last - self.first).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= day <= self.last

    @classmethod
    def parse(cls, text: str, reason: str = "") -> DateRange:
        """Parse ``YYYY-MM-DD:YYYY-MM-DD`` (a single ``YYYY-MM-DD`` is a one-day range)."""
        parts = text.strip().split(":")
        if len(parts) not in (1, 2):
            raise InvalidPause(
                f"暂停期间格式应为 开始日:结束日（YYYY-MM-DD:YYYY-MM-DD），收到 {text!r}",
                f"a pause is written FIRST:LAST (YYYY-MM-DD:YYYY-MM-DD), got {text!r}",
            )
        first = parse_date(parts[0], field="pauses")
        last = parse_date(parts[-1], field="pauses")
        return cls(first, last, reason)


def parse_date(text: str, *, field: str = "date") -> dt.date:
    """Parse an ISO date ``YYYY-MM-DD``, or raise ``ValidationFailed`` with zh/en messages."""
    try:
        if len(text.strip()) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationFailed(
            field,
            f"日期 {text!r} 无效，应为 YYYY-MM-DD 格式的真实日期",
            f"invalid date {text!r}: expected a real date written YYYY-MM-DD",
            code="date_invalid",
        ) from None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day-of-month ``months`` later; the month's last day when it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, month_end(year, month)))


def merge_windows(pauses: Iterable[DateRange], after: dt.date) -> list[DateRange]:
    """Pause windows clipped to days after ``after``, sorted, overlapping/adjacent ones merged.

    Days on or before the start are not part of the period, so pausing them
    changes nothing; merging keeps every later step linear.
    """
    clipped = sorted(
        (DateRange(max(p.first, after + ONE_DAY), p.last, p.reason) for p in pauses if p.last > after),
        key=lambda p: p.first,
    )
    merged: list[DateRange] = []
    for window in clipped:
        if merged and window.first <= merged[-1].last + ONE_DAY:
            previous = merged[-1]
            reason = previous.reason
            if window.reason and window.reason not in previous.reason.split("；"):
                reason = f"{previous.reason}；{window.reason}" if previous.reason else window.reason
            merged[-1] = DateRange(previous.first, max(previous.last, window.last), reason)
        else:
            merged.append(window)
    return merged


@dataclass(frozen=True, slots=True)
class PauseEffect:
    """What one pause window did to the count: ``excluded`` units kept out (working days or days)."""

    window: DateRange
    excluded: int
    unit: Unit


@dataclass(frozen=True, slots=True)
class Segment:
    """One counted stretch: the normal period (``index`` 0) or an extension (``index`` >= 1)."""

    index: int
    counted_from: dt.date
    amount: int
    unit: Unit
    raw_end: dt.date
    due: dt.date
    effects: tuple[PauseEffect, ...]


def _walk_workdays(
    cursor: dt.date, n: int, windows: Sequence[DateRange], calendar: WorkCalendar, effects: list[PauseEffect]
) -> dt.date:
    """The n-th working day after ``cursor`` not inside a pause window: one lookup per window."""
    for window in windows:
        if window.last <= cursor:
            continue
        first = window.first if window.first > cursor else cursor + ONE_DAY
        available = calendar.workdays_between(cursor, first - ONE_DAY)
        if available >= n:
            break
        n -= available
        excluded = calendar.workdays_between(first - ONE_DAY, window.last)
        effects.append(PauseEffect(DateRange(first, window.last, window.reason), excluded, Unit.WORKING_DAYS))
        cursor = window.last
    return calendar.nth_workday_after(cursor, n)


def _walk_days(cursor: dt.date, n: int, windows: Sequence[DateRange], effects: list[PauseEffect]) -> dt.date:
    """``cursor`` + ``n`` days, plus every paused day met before the end."""
    for window in windows:
        if window.last <= cursor:
            continue
        first = window.first if window.first > cursor else cursor + ONE_DAY
        available = (first - cursor).days - 1
        if available >= n:
            break
        n -= available
        paused = DateRange(first, window.last, window.reason)
        effects.append(PauseEffect(paused, paused.days, Unit.CALENDAR_DAYS))
        cursor = window.last
    return cursor + dt.timedelta(days=n)


def _shift(end: dt.date, windows: Sequence[DateRange], calendar: WorkCalendar) -> dt.date:
    """The first working day on or after ``end`` that is not inside a pause window."""
    day = calendar.next_workday(end)
    for window in windows:
        if window.last < day:
            continue
        if window.first > day:
            break
        day = calendar.next_workday(window.last + ONE_DAY)
    return day


def _segments(
    start: dt.date, period: Period, calendar: WorkCalendar, windows: Sequence[DateRange], extensions: int
) -> list[Segment]:
    """Count the normal period, then each extension from the previous due date (期间与延长)."""
    unit = period.unit
    if unit is Unit.FIXED_DATE:
        year = start.year + period.amount
        month = period.fixed_month or 1
        raw = dt.date(year, month, min(period.fixed_day or 1, month_end(year, month)))
        if raw < start:
            raise ValidationFailed(
                "start",
                f"起算日 {start.isoformat()} 晚于固定到期日 {raw.isoformat()}",
                f"start {start.isoformat()} is after the fixed due date {raw.isoformat()}",
                code="start_after_fixed_date",
            )
        due = calendar.next_workday(raw) if period.shift_to_workday else raw
        return [Segment(0, start, period.amount, unit, raw, due, ())]
    segments: list[Segment] = []
    cursor = start
    for index in range(extensions + 1):
        amount = period.amount if index == 0 else period.extension_amount
        effects: list[PauseEffect] = []
        if unit is Unit.WORKING_DAYS:
            due = raw = _walk_workdays(cursor, amount, windows, calendar, effects)
        else:
            days = amount if unit is Unit.CALENDAR_DAYS else (add_months(cursor, amount) - cursor).days
            raw = _walk_days(cursor, days, windows, effects)
            due = _shift(raw, windows, calendar) if period.shift_to_workday else raw
        segments.append(Segment(index, cursor, amount, unit, raw, due, tuple(effects)))
        cursor = due
    return segments


def _check_inputs(period: Period, pauses: Sequence[DateRange], extensions: int, rule_id: str) -> None:
    """Refuse extensions beyond the rule's limit (延长次数) and pauses on fixed-date periods."""
    if extensions < 0:
        raise ValidationFailed(
            "extensions", "延长次数不能为负数", "the number of extensions cannot be negative"
        )
    if extensions > (period.extension_limit if period.extension_allowed else 0):
        raise ExtensionNotAllowed(
            rule_id, period.extension_limit if period.extension_allowed else 0, extensions
        )
    if pauses and period.unit is Unit.FIXED_DATE:
        raise InvalidPause(
            "固定日期的期限（如年报截止日）不适用暂停",
            "pauses do not apply to a fixed-date deadline (such as the annual-report deadline)",
        )


class DueComputation:
    """The result of ``compute_due``: the due date now, the explanation on demand.

    ``due`` is the final due date; ``normal_due`` the date before any
    extension. ``trace`` (built on first access) lists the start, every
    holiday and make-up working day crossed, pauses, shifts, extensions and
    the due date; ``explain(lang)`` renders it; ``as_dict()`` is the JSON form.
    """

    __slots__ = ("_calendar", "_trace", "extensions", "pauses", "period", "rule", "segments", "start")

    def __init__(
        self,
        *,
        start: dt.date,
        period: Period,
        pauses: tuple[DateRange, ...],
        extensions: int,
        segments: list[Segment],
        calendar: WorkCalendar,
        rule: RuleSpec | None,
    ) -> None:
        self.start = start
        self.period = period
        self.pauses = pauses
        self.extensions = extensions
        self.segments = segments
        self.rule = rule
        self._calendar = calendar
        self._trace: tuple[TraceEvent, ...] | None = None

    @property
    def due(self) -> dt.date:
        """The due date (到期日)."""
        return self.segments[-1].due

    @property
    def normal_due(self) -> dt.date:
        """The due date before extensions (原到期日)."""
        return self.segments[0].due

    @property
    def pause_effects(self) -> tuple[PauseEffect, ...]:
        """Every pause window that changed the count, with the days it kept out."""
        return tuple(effect for segment in self.segments for effect in segment.effects)

    @property
    def trace(self) -> tuple[TraceEvent, ...]:
        """The date-ordered explanation events."""
        if self._trace is None:
            self._trace = tuple(sorted(self._build_trace(), key=lambda e: e.sort_key))
        return self._trace

    def _build_trace(self) -> list[TraceEvent]:
        """The explanation events, unsorted (``trace`` sorts them)."""
        period, unit = self.period, self.period.unit
        events = [TraceEvent(TraceKind.START, self.start, amount=period.amount, unit=unit)]
        # Holidays matter for working-day counts and for shifted ends; a
        # long unshifted calendar period (e.g. three years of publicity)
        # does not depend on them, so it does not need their years either.
        if unit is Unit.WORKING_DAYS or period.shift_to_workday:
            after = self.start if unit is not Unit.FIXED_DATE else self.segments[0].raw_end - ONE_DAY
            events.extend(_special_events(self._calendar, after, self.due, unit))
        for effect in self.pause_effects:
            events.append(
                TraceEvent(
                    TraceKind.PAUSE,
                    effect.window.first,
                    until=effect.window.last,
                    amount=effect.excluded,
                    unit=effect.unit,
                    reason=effect.window.reason,
                )
            )
        for segment in self.segments:
            if unit is not Unit.WORKING_DAYS:
                events.append(
                    TraceEvent(TraceKind.PERIOD_END, segment.raw_end, unit=unit, index=segment.index)
                )
                if segment.due != segment.raw_end:
                    events.append(
                        TraceEvent(
                            TraceKind.SHIFT,
                            segment.raw_end,
                            until=segment.due,
                            unit=unit,
                            index=segment.index,
                        )
                    )
            if segment.index:
                events.append(
                    TraceEvent(
                        TraceKind.EXTENSION,
                        segment.counted_from,
                        until=segment.due,
                        amount=segment.amount,
                        unit=unit,
                        index=segment.index,
                    )
                )
        if len(self.segments) > 1:
            events.append(TraceEvent(TraceKind.NORMAL_DUE, self.normal_due, unit=unit))
        counted: tuple[dt.date, ...] = ()
        if unit is Unit.WORKING_DAYS:
            windows = [effect.window for effect in self.pause_effects]
            counted = tuple(
                day
                for day in self._calendar.workdays_in(self.start, self.due)
                if not any(day in w for w in windows)
            )
        events.append(TraceEvent(TraceKind.DUE, self.due, unit=unit, counted=counted))
        return events

    def header(self, lang: str) -> list[str]:
        """The rule and period lines that open an explanation."""
        lines: list[str] = []
        rule = self.rule
        if rule is not None:
            if lang == "zh":
                lines.append(
                    f"规则：{rule.title('zh')}（第{rule.version}版，{rule.effective_from.isoformat()}起施行；"
                    f"可信度 {rule.confidence.value}：{rule.confidence.label_zh}）"
                )
                if rule.legal_basis:
                    lines.append(f"法律依据：{rule.legal_basis}")
            else:
                lines.append(
                    f"Rule: {rule.title('en')} (version {rule.version}, in force from "
                    f"{rule.effective_from.isoformat()}; confidence {rule.confidence.value}: "
                    f"{rule.confidence.label_en})"
                )
                if rule.legal_basis:
                    lines.append(f"Legal basis: {rule.legal_basis}")
        if lang == "zh":
            lines.append(f"期限：{self.period.text('zh')}；已延长{self.extensions}次")
        else:
            lines.append(f"Period: {self.period.text('en')}; extensions granted: {self.extensions}")
        return lines

    def explain(self, lang: str = "zh") -> str:
        """The explanation as text lines in ``lang`` (``zh`` or ``en``)."""
        lines = self.header(lang)
        lines.extend(f"  {event.text(lang)}" for event in self.trace)
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: rule, start, due, period, pauses and the trace (a list of objects)."""
        period = self.period
        return {
            "rule": self.rule.rule_id if self.rule is not None else None,
            "rule_version": self.rule.version if self.rule is not None else None,
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
            "normal_due": self.normal_due.isoformat(),
            "period": {
                "amount": period.amount,
                "unit": period.unit.value,
                "extension_amount": period.extension_amount,
                "extension_limit": period.extension_limit,
                "shift_to_workday": period.shift_to_workday,
                "fixed_month": period.fixed_month,
                "fixed_day": period.fixed_day,
            },
            "extensions": self.extensions,
            "pauses": [
                {"from": p.first.isoformat(), "to": p.last.isoformat(), "reason": p.reason}
                for p in self.pauses
            ],
            "trace": [event.as_dict() for event in self.trace],
            "explain_zh": self.explain("zh"),
            "explain_en": self.explain("en"),
        }

    def __repr__(self) -> str:
        return f"DueComputation(start={self.start}, due={self.due}, period={self.period})"


def _special_events(calendar: WorkCalendar, after: dt.date, until: dt.date, unit: Unit) -> list[TraceEvent]:
    """Holidays (consecutive days grouped into one block) and make-up working days in ``(after, until]``."""
    events: list[TraceEvent] = []
    block: list[tuple[dt.date, str, str]] = []

    def flush() -> None:
        """Emit the pending block of consecutive holidays as one event."""
        if not block:
            return
        names_zh = "、".join(dict.fromkeys(n for _, n, _ in block if n))
        names_en = ", ".join(dict.fromkeys(n for _, _, n in block if n))
        events.append(
            TraceEvent(
                TraceKind.HOLIDAY,
                block[0][0],
                until=block[-1][0],
                amount=len(block),
                unit=unit,
                name_zh=names_zh,
                name_en=names_en,
            )
        )
        block.clear()

    for special in calendar.special_days(after, until):
        if special.kind is DayKind.HOLIDAY:
            if block and special.day != block[-1][0] + ONE_DAY:
                flush()
            block.append((special.day, special.name.zh, special.name.en))
        else:
            flush()
            events.append(
                TraceEvent(
                    TraceKind.MAKEUP_WORKDAY,
                    special.day,
                    unit=unit,
                    name_zh=special.name.zh,
                    name_en=special.name.en,
                )
            )
    flush()
    return events


def compute_due(
    start: dt.date,
    period: Period,
    calendar: WorkCalendar,
    pauses: Sequence[DateRange] = (),
    extensions: int = 0,
    *,
    rule: RuleSpec | None = None,
) -> DueComputation:
    """The statutory due date (法定期限到期日) of ``period`` started on ``start``, with its explanation.

    ``pauses`` are inclusive windows kept out of the count (中止/扣除期间);
    ``extensions`` is how many approved extensions (延长) apply. Raises
    ``ExtensionNotAllowed`` beyond the period's limit, ``InvalidPause`` for
    pauses on a fixed-date period, and ``CalendarYearMissing`` when the count
    reaches a year the calendar has no table for.
    """
    rule_id = rule.rule_id if rule is not None else ""
    pauses = tuple(pauses)
    _check_inputs(period, pauses, extensions, rule_id)
    windows = merge_windows(pauses, start) if pauses else []
    segments = _segments(start, period, calendar, windows, extensions)
    return DueComputation(
        start=start,
        period=period,
        pauses=pauses,
        extensions=extensions,
        segments=segments,
        calendar=calendar,
        rule=rule,
    )


def due_date(
    start: dt.date,
    period: Period,
    calendar: WorkCalendar,
    pauses: Sequence[DateRange] = (),
    extensions: int = 0,
) -> dt.date:
    """Only the due date of ``compute_due`` (same rules, no explanation kept)."""
    return compute_due(start, period, calendar, pauses, extensions).due


def days_remaining(today: dt.date, due: dt.date, calendar: WorkCalendar) -> int:
    """Working days left until ``due`` (剩余工作日): 0 on the due date, negative once overdue.

    Counted like a period: ``today`` itself is not counted, ``due`` is.
    """
    if due >= today:
        return calendar.workdays_between(today, due)
    return -calendar.workdays_between(due, today)


def due_soon_threshold(today: dt.date, calendar: WorkCalendar, working_days: int) -> dt.date:
    """The last due date that counts as "due soon" (即将到期): ``working_days`` working days ahead."""
    if working_days <= 0:
        return today
    return calendar.nth_workday_after(today, working_days)
