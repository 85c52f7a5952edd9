"""Writes of the clock engine: clocks (start, pause, resume, extend, restart, stop), the sweep,
and loading a calendar year. Each service validates, runs in one transaction and writes one
audit record; periods come from the rule table, never from literals here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone

from shijian.core.actor import Actor, system_actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.clock.calendar import calendar_cache_clear, db_calendar
from shijian.core.clock.domain import (
    ClockEventKind,
    ClockEventSpec,
    ClockState,
    ClockStatus,
    DayKind,
    RuleSpec,
    WorkCalendar,
    YearSpec,
    check_within_period,
    due_soon_threshold,
    replay_clock,
)
from shijian.core.clock.models import ACTIVE, CalendarDay, CalendarYear, Clock, ClockEvent
from shijian.core.clock.selectors import rule_in_force, rule_version
from shijian.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed
from shijian.core.roles import APPROVER_ROLES
from shijian.core.scoping import path_in_scope

# -- helpers -------------------------------------------------------------------------


def _actor_label(actor: Actor) -> str:
    """How an actor is named in clock history (shown to people)."""
    return actor.display_name or actor.username or actor.audit_label


def _require_text(value: str, field: str, what_zh: str, what_en: str) -> str:
    """The stripped text, or ``ValidationFailed`` naming ``field`` when it is empty (必填)."""
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(field, f"必须填写{what_zh}", f"{what_en} is required", code="required")
    return text


def _require_clock_scope(actor: Actor, clock: Clock) -> None:
    """``NotFound`` unless the clock lies in the actor's jurisdiction (管辖范围)."""
    # Out of jurisdiction looks exactly like missing (404), as for reads.
    if not path_in_scope(actor, clock.org_unit_path):
        raise NotFound("clock")


def _today(today: dt.date | None) -> dt.date:
    """The given day, else the local date: services may read the clock, the domain may not."""
    return today if today is not None else timezone.localdate()


def _due_soon_days() -> int:
    """How many working days ahead count as due soon (settings.SHIJIAN)."""
    return int(settings.SHIJIAN["DUE_SOON_WORKING_DAYS"])


def _flags(status: ClockStatus, due: dt.date, today: dt.date, calendar: WorkCalendar) -> tuple[bool, bool]:
    """(overdue, due soon) of a clock today: only running clocks carry either flag."""
    if status is not ClockStatus.RUNNING:
        return False, False
    if due < today:
        return True, False
    return False, due <= due_soon_threshold(today, calendar, _due_soon_days())


def _store(clock: Clock, state: ClockState, today: dt.date, calendar: WorkCalendar) -> None:
    """Copy the replayed state onto the clock row (the stored, indexable form)."""
    clock.status = state.status.value
    clock.period_start = state.period_start
    clock.due_date = state.due
    clock.normal_due_date = state.normal_due
    clock.extensions_used = state.extensions
    clock.paused_since = state.open_pause
    clock.ended_on = state.ended_on
    clock.completed_late = state.completed_late
    clock.is_overdue, clock.is_due_soon = _flags(state.status, state.due, today, calendar)


def _append_event(
    *,
    actor: Actor,
    clock: Clock,
    event: ClockEventSpec,
    action: str,
    calendar: WorkCalendar | None,
    today: dt.date | None,
    approver: Actor | None = None,
    rule: RuleSpec | None = None,
    check: tuple[str, str] | None = None,
    audit_extra: dict[str, Any] | None = None,
) -> Clock:
    """Lock the clock, replay its events plus ``event``, store the result, audit once.

    ``rule`` replaces the clock's pinned rule version (restart); ``check``
    (zh, en verb) refuses the event when it is dated after the period ran out.
    """
    _require_clock_scope(actor, clock)
    calendar = calendar or db_calendar()
    locked = Clock.objects.select_for_update().get(pk=clock.pk)
    events = locked.event_specs()
    current_rule = rule_version(rule_id=locked.rule_id, version=locked.rule_version)
    if check is not None:
        before_state = replay_clock(events, current_rule.period, calendar, rule=current_rule)
        check_within_period(before_state, event.on, check[0], check[1])
    rule = rule or current_rule
    state = replay_clock([*events, event], rule.period, calendar, rule=rule)
    before = model_snapshot(locked)
    ClockEvent.objects.create(
        clock=locked,
        seq=len(events) + 1,
        kind=event.kind.value,
        on=event.on,
        reason=event.reason,
        actor=event.actor,
        actor_user_id=actor.user_id,
        approver=event.approver,
        approver_user_id=approver.user_id if approver is not None else None,
        due_after=state.due,
    )
    locked.rule_version = rule.version
    _store(locked, state, _today(today), calendar)
    locked.save()
    after = model_snapshot(locked)
    after.update(audit_extra or {})
    audit_record(actor=actor, action=action, obj=locked, before=before, after=after, reason=event.reason)
    return locked


# -- clocks --------------------------------------------------------------------------


@transaction.atomic
def clock_start(
    *,
    actor: Actor,
    subject_type: str,
    subject_id: str | int,
    rule_id: str,
    start: dt.date,
    org_unit_path: str,
    assignee_user_id: int | None = None,
    calendar: WorkCalendar | None = None,
    today: dt.date | None = None,
) -> Clock:
    """Start a statutory clock (开始计时) on a subject under the rule in force on ``start``.

    ``start`` is the day the period starts from (not counted); ``calendar``
    defaults to the platform calendar and ``today`` (for the flags) to the local date.
    Raises ``Conflict`` when the subject already has an open clock of this rule.
    """
    subject_type = _require_text(subject_type, "subject_type", "对象类型", "subject_type")
    subject_key = _require_text(str(subject_id), "subject_id", "对象ID", "subject_id")
    if not (org_unit_path.startswith("/") and org_unit_path.endswith("/")):
        raise ValidationFailed(
            "org_unit_path",
            "所属单位路径格式应为 /410000/410300/",
            "the org unit path must look like /410000/410300/",
        )
    if not path_in_scope(actor, org_unit_path):
        raise PermissionDenied("clock.start")
    rule = rule_in_force(rule_id=rule_id, on=start)
    if Clock.objects.filter(
        subject_type=subject_type, subject_id=subject_key, rule_id=rule.rule_id, status__in=ACTIVE
    ).exists():
        raise Conflict(
            "clock_exists",
            f"{subject_type}:{subject_key} 已有进行中的 {rule.rule_id} 计时",
            f"{subject_type}:{subject_key} already has an open {rule.rule_id} clock",
        )
    calendar = calendar or db_calendar()
    event = ClockEventSpec(ClockEventKind.START, start, actor=_actor_label(actor))
    state = replay_clock([event], rule.period, calendar, rule=rule)
    clock = Clock(
        subject_type=subject_type,
        subject_id=subject_key,
        org_unit_path=org_unit_path,
        assignee_user_id=assignee_user_id,
        rule_id=rule.rule_id,
        rule_version=rule.version,
        started_on=start,
    )
    _store(clock, state, _today(today), calendar)
    try:
        with transaction.atomic():
            clock.save(force_insert=True)
    except IntegrityError:
        # A concurrent start won the race for the one-open-clock constraint.
        raise Conflict(
            "clock_exists",
            f"{subject_type}:{subject_key} 已有进行中的 {rule.rule_id} 计时",
            f"{subject_type}:{subject_key} already has an open {rule.rule_id} clock",
        ) from None
    ClockEvent.objects.create(
        clock=clock,
        seq=1,
        kind=event.kind.value,
        on=start,
        actor=event.actor,
        actor_user_id=actor.user_id,
        due_after=state.due,
    )
    audit_record(actor=actor, action="clock.started", obj=clock, after=model_snapshot(clock))
    return clock


@transaction.atomic
def clock_pause(
    *,
    actor: Actor,
    clock: Clock,
    from_date: dt.date,
    reason: str,
    calendar: WorkCalendar | None = None,
    today: dt.date | None = None,
) -> Clock:
    """Pause a running clock (暂停计时/中止) from ``from_date``, the first day not counted.

    For excluded time such as testing, inspection or appraisal (检测、检验、
    鉴定期间不计入). A reason is required; a period that already ran out
    cannot be paused.
    """
    text = _require_text(reason, "reason", "暂停理由", "a reason for the pause")
    event = ClockEventSpec(ClockEventKind.PAUSE, from_date, reason=text, actor=_actor_label(actor))
    return _append_event(
        actor=actor,
        clock=clock,
        event=event,
        action="clock.paused",
        calendar=calendar,
        today=today,
        check=("暂停", "paused"),
    )


@transaction.atomic
def clock_resume(
    *,
    actor: Actor,
    clock: Clock,
    on: dt.date,
    reason: str = "",
    calendar: WorkCalendar | None = None,
    today: dt.date | None = None,
) -> Clock:
    """Resume a paused clock (恢复计时): ``on`` is the first day counted again.

    The pause window is the pause's first day to the day before ``on``.
    """
    event = ClockEventSpec(ClockEventKind.RESUME, on, reason=reason.strip(), actor=_actor_label(actor))
    return _append_event(
        actor=actor, clock=clock, event=event, action="clock.resumed", calendar=calendar, today=today
    )


@transaction.atomic
def clock_extend(
    *,
    actor: Actor,
    clock: Clock,
    approver: Actor,
    reason: str,
    on: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    today: dt.date | None = None,
) -> Clock:
    """Record an approved extension (延长期限) of the clock's period by the rule's extension amount.

    The approver must hold an approver role (section chief or bureau head,
    ``APPROVER_ROLES``), be a named person, have the clock in their
    jurisdiction, and must not be the clock's assignee: nobody approves the
    extension of their own case (自己承办的事项不得自行批准延期). The rule
    decides whether and how often the period may be extended; an extension
    must be granted before the period runs out. ``on`` defaults to today.
    """
    text = _require_text(reason, "reason", "延长理由", "a reason for the extension")
    if not approver.has_any(APPROVER_ROLES):
        raise DomainError(
            "approver_role_required",
            "延长期限须经科室负责人或局负责人批准",
            "an extension must be approved by a section chief or a bureau head",
            field="approver",
        )
    if approver.user_id is None or approver.is_system:
        raise DomainError(
            "approver_must_be_person",
            "延长期限须由具名的负责人批准，不能由系统批准",
            "an extension must be approved by a named person, not by the system",
            field="approver",
        )
    if clock.assignee_user_id is not None and approver.user_id == clock.assignee_user_id:
        raise DomainError(
            "approver_is_assignee",
            "承办人不得批准本人承办事项的延期",
            "the assignee may not approve the extension of their own matter",
            field="approver",
        )
    if not path_in_scope(approver, clock.org_unit_path):
        raise DomainError(
            "approver_out_of_jurisdiction",
            "批准人对该事项没有管辖权",
            "the approver has no jurisdiction over this matter",
            field="approver",
        )
    day = on if on is not None else _today(today)
    event = ClockEventSpec(
        ClockEventKind.EXTEND, day, reason=text, actor=_actor_label(actor), approver=_actor_label(approver)
    )
    return _append_event(
        actor=actor,
        clock=clock,
        event=event,
        action="clock.extended",
        calendar=calendar,
        today=today,
        approver=approver,
        check=("延长", "extended"),
        audit_extra={"approved_by": approver.audit_label},
    )


@transaction.atomic
def clock_restart(
    *,
    actor: Actor,
    clock: Clock,
    start: dt.date,
    reason: str,
    calendar: WorkCalendar | None = None,
    today: dt.date | None = None,
) -> Clock:
    """Restart the period from ``start`` (重新起算), e.g. when a corrected FOI request arrives.

    Earlier pauses and extensions no longer apply; the rule version in force
    on the new start is used. A reason is required.
    """
    text = _require_text(reason, "reason", "重新起算理由", "a reason for the restart")
    rule = rule_in_force(rule_id=clock.rule_id, on=start)
    event = ClockEventSpec(ClockEventKind.RESTART, start, reason=text, actor=_actor_label(actor))
    return _append_event(
        actor=actor,
        clock=clock,
        event=event,
        action="clock.restarted",
        calendar=calendar,
        today=today,
        rule=rule,
    )


@transaction.atomic
def clock_stop(
    *,
    actor: Actor,
    clock: Clock,
    on: dt.date,
    reason: str,
    outcome: ClockStatus = ClockStatus.COMPLETED,
    calendar: WorkCalendar | None = None,
    today: dt.date | None = None,
) -> Clock:
    """End a clock on ``on``: ``COMPLETED`` when the act was done (办结), ``STOPPED`` otherwise (终止).

    Stopping without completing (withdrawal, transfer) needs a reason.
    Completion after the due date is kept as ``completed_late`` (逾期办结).
    """
    if outcome not in (ClockStatus.COMPLETED, ClockStatus.STOPPED):
        raise ValidationFailed("outcome", "结束方式只能是办结或终止", "outcome must be completed or stopped")
    if outcome is ClockStatus.STOPPED:
        text = _require_text(reason, "reason", "终止理由", "a reason for stopping")
    else:
        text = reason.strip()
    kind = ClockEventKind.COMPLETE if outcome is ClockStatus.COMPLETED else ClockEventKind.STOP
    event = ClockEventSpec(kind, on, reason=text, actor=_actor_label(actor))
    action = "clock.completed" if outcome is ClockStatus.COMPLETED else "clock.stopped"
    return _append_event(actor=actor, clock=clock, event=event, action=action, calendar=calendar, today=today)


# -- the sweep -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SweepResult:
    """What one sweep changed (counts of rows updated)."""

    today: dt.date
    threshold: dt.date
    marked_overdue: int
    marked_due_soon: int
    cleared: int
    cleared_inactive: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready counts."""
        payload = asdict(self)
        payload["today"] = self.today.isoformat()
        payload["threshold"] = self.threshold.isoformat()
        return payload


@transaction.atomic
def clock_sweep(
    *,
    today: dt.date,
    calendar: WorkCalendar | None = None,
    actor: Actor | None = None,
    due_soon_working_days: int | None = None,
) -> SweepResult:
    """Mark running clocks overdue (已逾期) or due soon (即将到期) as of ``today``.

    Set-based: four UPDATE statements that each touch only rows whose flags
    change, so the cost follows the number of changes, not the number of
    clocks. "Due soon" means due within ``DUE_SOON_WORKING_DAYS`` working days
    (today included); paused and ended clocks carry neither flag. Writes one
    audit record summarising the run.
    """
    calendar = calendar or db_calendar()
    actor = actor or system_actor("clock-sweep")
    days = _due_soon_days() if due_soon_working_days is None else due_soon_working_days
    threshold = due_soon_threshold(today, calendar, days)
    running = Clock.objects.filter(status=ClockStatus.RUNNING.value)
    flagged = Q(is_overdue=True) | Q(is_due_soon=True)
    overdue = (
        running.filter(due_date__lt=today)
        .exclude(is_overdue=True, is_due_soon=False)
        .update(is_overdue=True, is_due_soon=False, updated_at=Now())
    )
    soon = (
        running.filter(due_date__gte=today, due_date__lte=threshold)
        .exclude(is_overdue=False, is_due_soon=True)
        .update(is_overdue=False, is_due_soon=True, updated_at=Now())
    )
    cleared = (
        running.filter(due_date__gt=threshold)
        .filter(flagged)
        .update(is_overdue=False, is_due_soon=False, updated_at=Now())
    )
    inactive = (
        Clock.objects.exclude(status=ClockStatus.RUNNING.value)
        .filter(flagged)
        .update(is_overdue=False, is_due_soon=False, updated_at=Now())
    )
    result = SweepResult(today, threshold, overdue, soon, cleared, inactive)
    audit_record(
        actor=actor,
        action="clock.swept",
        object_type="clock.sweep",
        object_id=today.isoformat(),
        after=result.as_dict(),
    )
    return result


# -- the calendar --------------------------------------------------------------------


@transaction.atomic
def calendar_year_load(
    *, actor: Actor, spec: YearSpec, notes: str = "", replace: bool = False
) -> CalendarYear:
    """Load one year's holidays and make-up working days (导入年度节假日安排) into the override table.

    The year then wins over the ``chinesecalendar`` package. A year already
    in the table is only replaced with ``replace=True``; the audit record
    keeps the previous and the new table.
    """
    source = _require_text(spec.source, "source", "来源（通知文号）", "the source (notice)")
    existing = CalendarYear.objects.select_for_update().filter(year=spec.year).first()
    before: dict[str, Any] | None = None
    if existing is not None:
        if not replace:
            raise Conflict(
                "calendar_year_exists",
                f"{spec.year} 年日历已导入（来源：{existing.source}）；如需替换请使用 --replace",
                f"{spec.year} is already loaded (source: {existing.source}); use --replace to replace it",
            )
        before = existing.summary()
        existing.days.all().delete()
        year = existing
        year.source = source
        year.notes = notes
        year.loaded_by = actor.audit_label
    else:
        year = CalendarYear(year=spec.year, source=source, notes=notes, loaded_by=actor.audit_label)
    year.full_clean(validate_unique=False)
    year.save()
    days = [
        CalendarDay(
            calendar_year=year,
            day=day,
            kind=DayKind.HOLIDAY.value,
            name_zh=spec.names[day].zh if day in spec.names else "",
            name_en=spec.names[day].en if day in spec.names else "",
        )
        for day in sorted(spec.holidays)
    ] + [
        CalendarDay(
            calendar_year=year,
            day=day,
            kind=DayKind.MAKEUP_WORKDAY.value,
            name_zh=spec.names[day].zh if day in spec.names else "",
            name_en=spec.names[day].en if day in spec.names else "",
        )
        for day in sorted(spec.workdays)
    ]
    CalendarDay.objects.bulk_create(days)
    # bulk_create sends no signals: touch the year so every process sees the change.
    year.save(update_fields=["updated_at"])
    calendar_cache_clear()
    audit_record(
        actor=actor,
        action="clock.calendar.replaced" if before is not None else "clock.calendar.loaded",
        obj=year,
        before=before,
        after=year.summary(),
        reason=source,
    )
    return year
