"""Reads of the clock engine: rules, clocks, explanations and the officer's deadlines (我的期限)."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, IntegerField, QuerySet, Value, When

from shijian.core.actor import Actor
from shijian.core.clock.calendar import db_calendar
from shijian.core.clock.domain import (
    CalendarYearMissing,
    ClockState,
    ClockStatus,
    DateRange,
    DueComputation,
    RuleSet,
    RuleSpec,
    UnknownRule,
    WorkCalendar,
    compute_due,
    days_remaining,
    due_soon_threshold,
    replay_clock,
)
from shijian.core.clock.models import ACTIVE, Clock, Rule
from shijian.core.errors import DomainError
from shijian.core.roles import Role
from shijian.core.scoping import get_in_scope, scope

#: Roles whose workbench shows every open clock in their jurisdiction, not only their own.
SUPERVISOR_ROLES: frozenset[Role] = frozenset({Role.SECTION_CHIEF, Role.BUREAU_HEAD})


def rule_set(*, rule_ids: Iterable[str] | None = None) -> RuleSet:
    """The stored rule table (期限规则表) as an in-memory ``RuleSet`` (optionally only some ids)."""
    rows = Rule.objects.all()
    if rule_ids is not None:
        rows = rows.filter(rule_id__in=list(rule_ids))
    return RuleSet(row.to_spec() for row in rows)


def rule_in_force(*, rule_id: str, on: dt.date) -> RuleSpec:
    """The version of ``rule_id`` in force on ``on``; ``UnknownRule``/``RuleNotInForce`` otherwise."""
    return rule_set(rule_ids=[rule_id]).get(rule_id, on=on)


def rule_version(*, rule_id: str, version: int) -> RuleSpec:
    """A specific stored version of a rule (clocks keep the version they started under)."""
    row = Rule.objects.filter(rule_id=rule_id, version=version).first()
    if row is None:
        raise UnknownRule(f"{rule_id} v{version}")
    return row.to_spec()


def clock_get(*, actor: Actor, clock_id: int | str) -> Clock:
    """One clock within the actor's jurisdiction; ``NotFound`` when missing or out of scope."""
    return get_in_scope(actor, Clock.objects.all(), clock_id, what="clock")


def clocks_for_subject(*, actor: Actor, subject_type: str, subject_id: str) -> QuerySet[Clock]:
    """Every clock of one subject the actor may see, oldest first."""
    return scope(actor, Clock.objects.filter(subject_type=subject_type, subject_id=str(subject_id))).order_by(
        "created_at", "id"
    )


def clock_state(*, clock: Clock, calendar: WorkCalendar | None = None) -> ClockState:
    """Replay a clock's stored events into its state (due date, pauses, history, trace).

    Not scoped: callers pass a clock they already obtained through a scoped
    read (``clock_get``) or a service.
    """
    rule = rule_version(rule_id=clock.rule_id, version=clock.rule_version)
    return replay_clock(clock.event_specs(), rule.period, calendar or db_calendar(), rule=rule)


def clock_explain(
    *, actor: Actor, clock_id: int | str, lang: str = "zh", calendar: WorkCalendar | None = None
) -> str:
    """The explanation of a clock (期限说明) in ``lang``: rule, status, history and calculation."""
    clock = clock_get(actor=actor, clock_id=clock_id)
    return clock_state(clock=clock, calendar=calendar).explain(lang)


@dataclass(frozen=True, slots=True)
class Deadline:
    """One row of the workbench's deadline list (我的期限)."""

    clock: Clock
    due_date: dt.date
    status: ClockStatus
    is_overdue: bool
    is_due_soon: bool
    #: Working days left (0 = due today, negative = overdue); ``None`` if the calendar lacks a year.
    days_remaining: int | None


def deadlines_for(
    *,
    actor: Actor,
    today: dt.date,
    calendar: WorkCalendar | None = None,
    limit: int = 100,
) -> list[Deadline]:
    """The open clocks an officer must watch, most urgent first (overdue, then by due date).

    Officers see the running and paused clocks assigned to them; section
    chiefs and bureau heads (and administrators) see every open clock in
    their jurisdiction. ``days_remaining`` counts working days.
    """
    calendar = calendar or db_calendar()
    clocks = Clock.objects.filter(status__in=ACTIVE)
    if not (actor.has_any(SUPERVISOR_ROLES) or actor.sees_everything):
        if actor.user_id is None:
            return []
        clocks = clocks.filter(assignee_user_id=actor.user_id)
    clocks = scope(actor, clocks)
    running = ClockStatus.RUNNING.value
    clocks = clocks.annotate(
        urgency=Case(
            When(status=running, due_date__lt=today, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("urgency", "due_date", "id")[:limit]
    try:
        threshold: dt.date | None = due_soon_threshold(
            today, calendar, settings.SHIJIAN["DUE_SOON_WORKING_DAYS"]
        )
    except CalendarYearMissing:
        threshold = None
    rows: list[Deadline] = []
    for clock in clocks:
        status = ClockStatus(clock.status)
        overdue = status is ClockStatus.RUNNING and clock.due_date < today
        if threshold is not None:
            soon = status is ClockStatus.RUNNING and today <= clock.due_date <= threshold
        else:
            soon = clock.is_due_soon
        try:
            remaining: int | None = days_remaining(today, clock.due_date, calendar)
        except CalendarYearMissing:
            remaining = None
        rows.append(
            Deadline(
                clock=clock,
                due_date=clock.due_date,
                status=status,
                is_overdue=overdue,
                is_due_soon=soon,
                days_remaining=remaining,
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class DeadlineAnswer:
    """A deadline computed without a clock: the rule version used and the computation."""

    rule: RuleSpec
    computation: DueComputation


def deadline_compute(
    *,
    rule_id: str,
    start: dt.date,
    pauses: Sequence[DateRange] = (),
    extensions: int = 0,
    calendar: WorkCalendar | None = None,
) -> DeadlineAnswer:
    """Compute (and explain) the due date of ``rule_id`` started on ``start`` (法定期限计算).

    Uses the rule version in force on ``start`` and the platform calendar. An
    unknown rule id suggests close matches; a missing calendar year raises
    ``CalendarYearMissing`` here rather than later when the trace is read.
    """
    rules = rule_set()
    try:
        rule = rules.get(rule_id, on=start)
    except UnknownRule as exc:
        close = difflib.get_close_matches(rule_id, rules.ids(), n=3)
        if close:
            exc.message_zh += f"（是否指：{'、'.join(close)}）"
            exc.message_en += f" (did you mean: {', '.join(close)})"
        raise
    computation = compute_due(start, rule.period, calendar or db_calendar(), pauses, extensions, rule=rule)
    computation.trace  # noqa: B018 - built now so that a missing calendar year surfaces as an error
    return DeadlineAnswer(rule=rule, computation=computation)


def period_end(*, rule_id: str, start: dt.date) -> dt.date:
    """The last day of ``rule_id``'s period (version in force on ``start``) counted from ``start``.

    For periods that are a fact's span rather than a running clock (publicity
    windows, minimum listing times, notice periods): no pauses or extensions.
    """
    rule = rule_in_force(rule_id=rule_id, on=start)
    return compute_due(start, rule.period, db_calendar(), rule=rule).due


def rules_in_force(*, on: dt.date) -> list[RuleSpec]:
    """Every rule in force on ``on``, ordered by id (for pickers and the public rule list)."""
    rules = rule_set()
    found: list[RuleSpec] = []
    for rule_id in sorted(rules.ids()):
        try:
            found.append(rules.get(rule_id, on=on))
        except DomainError:
            continue
    return found
