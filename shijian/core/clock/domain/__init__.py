"""Pure rules of the statutory clock (法定期限): no Django, every input passed in.

The calendar, "today" and the rule table are arguments; nothing here reads a
global, the clock or the database. Public API re-exported from the submodules.
"""

from shijian.core.clock.domain.calendar import (
    DayKind,
    DayName,
    SpecialDay,
    WorkCalendar,
    YearSpec,
    YearTableCalendar,
    weekday_text,
)
from shijian.core.clock.domain.calendar_file import (
    parse_calendar_data,
    parse_calendar_text,
    year_spec_to_data,
)
from shijian.core.clock.domain.clock import (
    ACTIVE_STATUSES,
    ClockEventKind,
    ClockEventSpec,
    ClockState,
    ClockStatus,
    check_within_period,
    replay_clock,
)
from shijian.core.clock.domain.counting import (
    DateRange,
    DueComputation,
    PauseEffect,
    Segment,
    add_months,
    compute_due,
    days_remaining,
    due_date,
    due_soon_threshold,
    merge_windows,
    parse_date,
)
from shijian.core.clock.domain.errors import (
    CalendarFileInvalid,
    CalendarYearMissing,
    ClockEventRejected,
    ExtensionNotAllowed,
    FieldProblem,
    InvalidPause,
    RuleNotInForce,
    UnknownRule,
)
from shijian.core.clock.domain.rules import Confidence, Period, RuleSet, RuleSpec, Unit
from shijian.core.clock.domain.trace import TraceEvent, TraceKind

__all__ = [
    "ACTIVE_STATUSES",
    "CalendarFileInvalid",
    "CalendarYearMissing",
    "ClockEventKind",
    "ClockEventRejected",
    "ClockEventSpec",
    "ClockState",
    "ClockStatus",
    "Confidence",
    "DateRange",
    "DayKind",
    "DayName",
    "DueComputation",
    "ExtensionNotAllowed",
    "FieldProblem",
    "InvalidPause",
    "PauseEffect",
    "Period",
    "RuleNotInForce",
    "RuleSet",
    "RuleSpec",
    "Segment",
    "SpecialDay",
    "TraceEvent",
    "TraceKind",
    "Unit",
    "UnknownRule",
    "WorkCalendar",
    "YearSpec",
    "YearTableCalendar",
    "add_months",
    "check_within_period",
    "compute_due",
    "days_remaining",
    "due_date",
    "due_soon_threshold",
    "merge_windows",
    "parse_calendar_data",
    "parse_calendar_text",
    "parse_date",
    "replay_clock",
    "weekday_text",
    "year_spec_to_data",
]
