"""Clock services on PostgreSQL: audit records, validation, approver rule, pause/resume/restart/stop, sweep.

Due dates are the hand-worked ones of test_domain.py (2025 National Day, 2026 Spring Festival).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shijian.core.actor import Actor, system_actor
from shijian.core.audit.models import AuditRecord
from shijian.core.clock import services
from shijian.core.clock.domain import (
    CalendarYearMissing,
    ClockEventRejected,
    ClockStatus,
    ExtensionNotAllowed,
    RuleNotInForce,
    UnknownRule,
)
from shijian.core.clock.models import Clock, ClockEvent, Rule
from shijian.core.clock.tasks import clock_sweep_task
from shijian.core.clock.tests.conftest import HOME_UNIT
from shijian.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed

# The clock engine is tested on the package calendar and the years a test loads itself:
# years after the package are missing (fail closed), as in production before the notice.
pytestmark = [pytest.mark.django_db, pytest.mark.without_test_calendar]

D = dt.date
TODAY = D(2025, 9, 26)


def start(
    actor: Actor, rule_id: str = "complaint.accept", on: dt.date = TODAY, subject: str = "1", **kw: object
) -> Clock:
    """Start a clock on a complaint of the home bureau."""
    return services.clock_start(
        actor=actor,
        subject_type="complaints.complaint",
        subject_id=subject,
        rule_id=rule_id,
        start=on,
        org_unit_path=kw.pop("path", HOME_UNIT),  # type: ignore[arg-type]
        assignee_user_id=kw.pop("assignee", actor.user_id),  # type: ignore[arg-type]
        today=kw.pop("today", on),  # type: ignore[arg-type]
    )


def audit(action: str) -> list[AuditRecord]:
    return list(AuditRecord.objects.filter(action=action).order_by("seq"))


def test_seeded_rules_are_present() -> None:
    ids = set(Rule.objects.values_list("rule_id", flat=True))
    for rule_id in (
        "complaint.accept",
        "complaint.mediation",
        "complaint.termination_notice",
        "report.verify",
        "report.notify_reporter",
        "case.file",
        "case.decide",
        "case.legal_review",
        "penalty.publish",
        "penalty.withdraw",
        "inspection.publish",
        "annual_report.deadline",
        "abnormal.list",
        "abnormal.remove",
        "objection.verify",
        "foi.reply",
        "foi.correction_notice",
        "foi.third_party",
        "foi.fee_payment",
        "sampling.lab_report",
        "sampling.retest_request",
        "equipment.use_registration",
        "disclosure.proactive",
    ):
        assert rule_id in ids, rule_id
    for row in Rule.objects.all():
        row.to_spec()  # every seeded row is a valid period
        assert row.legal_basis and row.confidence in {"V", "V2", "M"}
    foi = Rule.objects.get(rule_id="foi.reply")
    assert (foi.amount, foi.unit, foi.extension_amount, foi.extension_limit) == (20, "working_days", 20, 1)
    annual = Rule.objects.get(rule_id="annual_report.deadline")
    assert (annual.unit, annual.fixed_month, annual.fixed_day, annual.shift_to_workday) == (
        "fixed_date",
        6,
        30,
        False,
    )


def test_start_computes_due_and_writes_one_audit_record(officer: Actor) -> None:
    clock = start(officer)
    assert clock.due_date == D(2025, 10, 13)
    assert clock.status == "running" and clock.rule_version == 1 and clock.started_on == TODAY
    assert not clock.is_overdue and not clock.is_due_soon  # 7 WD away on the start day
    records = audit("clock.started")
    assert len(records) == 1
    record = records[0]
    assert record.object_type == "clock.clock" and record.object_id == str(clock.pk)
    assert record.org_unit_path == HOME_UNIT and record.actor == officer.audit_label
    assert record.after is not None and record.after["due_date"] == "2025-10-13"
    assert ClockEvent.objects.filter(clock=clock, kind="start", seq=1, due_after=D(2025, 10, 13)).exists()


def test_start_validation(officer: Actor, other_officer: Actor) -> None:
    with pytest.raises(PermissionDenied):
        start(other_officer)
    with pytest.raises(UnknownRule):
        start(officer, rule_id="complaint.nope")
    with pytest.raises(RuleNotInForce):
        start(officer, on=D(2010, 1, 4))
    with pytest.raises(ValidationFailed):
        start(officer, path="410305")
    with pytest.raises(ValidationFailed):
        services.clock_start(
            actor=officer,
            subject_type=" ",
            subject_id="1",
            rule_id="complaint.accept",
            start=TODAY,
            org_unit_path=HOME_UNIT,
        )
    start(officer)
    with pytest.raises(Conflict) as info:
        start(officer)
    assert info.value.code == "clock_exists"
    # Another rule on the same subject is fine.
    start(officer, rule_id="complaint.mediation")
    assert len(audit("clock.started")) == 2


def test_start_fails_closed_without_calendar(officer: Actor) -> None:
    with pytest.raises(CalendarYearMissing) as info:
        start(officer, on=D(2026, 12, 28))
    assert info.value.year == 2027
    assert not Clock.objects.exists() and not audit("clock.started")


def test_pause_and_resume(officer: Actor) -> None:
    clock = start(officer)
    with pytest.raises(ValidationFailed):
        services.clock_pause(actor=officer, clock=clock, from_date=D(2025, 9, 29), reason=" ")
    clock = services.clock_pause(
        actor=officer, clock=clock, from_date=D(2025, 9, 29), reason="送检", today=TODAY
    )
    assert clock.status == "paused" and clock.paused_since == D(2025, 9, 29)
    assert clock.due_date == D(2025, 10, 14)  # provisional: resumes 09-30 at the earliest
    with pytest.raises(ClockEventRejected) as info:
        services.clock_pause(actor=officer, clock=clock, from_date=D(2025, 9, 30), reason="again")
    assert info.value.code == "clock_not_running"
    clock = services.clock_resume(actor=officer, clock=clock, on=D(2025, 10, 11), today=D(2025, 10, 11))
    assert clock.status == "running" and clock.paused_since is None
    assert clock.due_date == D(2025, 10, 17)
    assert [e.kind for e in clock.events.order_by("seq")] == ["start", "pause", "resume"]
    assert [e.due_after for e in clock.events.order_by("seq")] == [
        D(2025, 10, 13),
        D(2025, 10, 14),
        D(2025, 10, 17),
    ]
    paused, resumed = audit("clock.paused"), audit("clock.resumed")
    assert len(paused) == 1 and len(resumed) == 1
    assert paused[0].reason == "送检"
    assert paused[0].before is not None and paused[0].before["status"] == "running"
    assert paused[0].after is not None and paused[0].after["status"] == "paused"
    with pytest.raises(ClockEventRejected) as info:
        services.clock_resume(actor=officer, clock=clock, on=D(2025, 10, 12))
    assert info.value.code == "clock_not_paused"


def test_lapsed_period_cannot_be_paused(officer: Actor) -> None:
    clock = start(officer)
    with pytest.raises(ClockEventRejected) as info:
        services.clock_pause(actor=officer, clock=clock, from_date=D(2025, 10, 14), reason="too late")
    assert info.value.code == "clock_lapsed"
    assert "2025-10-13" in info.value.message_zh and "2025-10-13" in info.value.message_en


def test_actor_outside_jurisdiction_gets_not_found(officer: Actor, other_officer: Actor) -> None:
    clock = start(officer)
    with pytest.raises(NotFound):
        services.clock_pause(actor=other_officer, clock=clock, from_date=D(2025, 9, 29), reason="x")


def test_extension_approver_rules(officer: Actor, chief: Actor, other_chief: Actor) -> None:
    clock = start(officer, rule_id="report.verify")
    assert clock.due_date == D(2025, 10, 23)
    when = D(2025, 10, 20)
    with pytest.raises(DomainError) as info:
        services.clock_extend(actor=officer, clock=clock, approver=officer, reason="复杂", on=when)
    assert info.value.code == "approver_role_required"
    with pytest.raises(DomainError) as info:
        services.clock_extend(actor=officer, clock=clock, approver=other_chief, reason="复杂", on=when)
    assert info.value.code == "approver_out_of_jurisdiction"
    with pytest.raises(DomainError) as info:
        services.clock_extend(actor=officer, clock=clock, approver=system_actor(), reason="复杂", on=when)
    assert info.value.code == "approver_role_required"
    with pytest.raises(ValidationFailed):
        services.clock_extend(actor=officer, clock=clock, approver=chief, reason="", on=when)
    clock = services.clock_extend(
        actor=officer, clock=clock, approver=chief, reason="案情复杂", on=when, today=when
    )
    assert clock.due_date == D(2025, 11, 13) and clock.normal_due_date == D(2025, 10, 23)
    assert clock.extensions_used == 1
    event = clock.events.get(kind="extend")
    assert event.approver_user_id == chief.user_id and event.actor_user_id == officer.user_id
    (record,) = audit("clock.extended")
    assert record.after is not None and record.after["approved_by"] == chief.audit_label
    assert record.reason == "案情复杂"
    with pytest.raises(ExtensionNotAllowed):
        services.clock_extend(actor=officer, clock=clock, approver=chief, reason="again", on=when)


def test_assignee_cannot_approve_own_extension(chief: Actor, head: Actor) -> None:
    clock = start(chief, rule_id="report.verify")  # the chief handles this one himself
    with pytest.raises(DomainError) as info:
        services.clock_extend(actor=chief, clock=clock, approver=chief, reason="x", on=D(2025, 10, 1))
    assert info.value.code == "approver_is_assignee"
    clock = services.clock_extend(actor=chief, clock=clock, approver=head, reason="x", on=D(2025, 10, 1))
    assert clock.due_date == D(2025, 11, 13)


def test_extension_not_allowed_by_rule_or_after_lapse(officer: Actor, chief: Actor) -> None:
    clock = start(officer)
    with pytest.raises(ExtensionNotAllowed):
        services.clock_extend(actor=officer, clock=clock, approver=chief, reason="x", on=D(2025, 10, 1))
    late = start(officer, rule_id="report.verify", subject="2")
    with pytest.raises(ClockEventRejected) as info:
        services.clock_extend(actor=officer, clock=late, approver=chief, reason="x", on=D(2025, 10, 24))
    assert info.value.code == "clock_lapsed"
    assert not audit("clock.extended")


def test_restart_for_a_corrected_foi_request(officer: Actor, chief: Actor) -> None:
    clock = start(officer, rule_id="foi.reply", on=D(2026, 2, 11))
    assert clock.due_date == D(2026, 3, 17)
    clock = services.clock_extend(actor=officer, clock=clock, approver=chief, reason="x", on=D(2026, 2, 12))
    assert clock.due_date == D(2026, 4, 15)
    with pytest.raises(ValidationFailed):
        services.clock_restart(actor=officer, clock=clock, start=D(2026, 2, 13), reason="")
    clock = services.clock_restart(
        actor=officer, clock=clock, start=D(2026, 2, 13), reason="申请人补正", today=D(2026, 2, 13)
    )
    # 20 WD from 02-13 (see test_replay_restart_for_a_corrected_request).
    assert clock.due_date == D(2026, 3, 19) and clock.extensions_used == 0
    assert clock.period_start == D(2026, 2, 13) and clock.started_on == D(2026, 2, 11)
    assert len(audit("clock.restarted")) == 1


def test_stop_and_complete(officer: Actor) -> None:
    clock = start(officer)
    with pytest.raises(ValidationFailed):
        services.clock_stop(
            actor=officer, clock=clock, on=D(2025, 10, 9), reason="", outcome=ClockStatus.STOPPED
        )
    done = services.clock_stop(actor=officer, clock=clock, on=D(2025, 10, 14), reason="已作出受理决定")
    assert done.status == "completed" and done.completed_late and done.ended_on == D(2025, 10, 14)
    assert not done.is_overdue and not done.is_due_soon
    with pytest.raises(ClockEventRejected) as info:
        services.clock_pause(actor=officer, clock=done, from_date=D(2025, 10, 14), reason="x")
    assert info.value.code in {"clock_ended", "clock_lapsed"}
    with pytest.raises(ClockEventRejected):
        services.clock_resume(actor=officer, clock=done, on=D(2025, 10, 15))
    other = start(officer, subject="2")
    stopped = services.clock_stop(
        actor=officer, clock=other, on=D(2025, 9, 30), reason="投诉人撤回", outcome=ClockStatus.STOPPED
    )
    assert stopped.status == "stopped" and not stopped.completed_late
    assert len(audit("clock.completed")) == 1 and len(audit("clock.stopped")) == 1
    # A finished clock no longer blocks a new one on the same subject and rule.
    start(officer)


def test_events_cannot_be_back_dated(officer: Actor) -> None:
    clock = start(officer)
    clock = services.clock_pause(actor=officer, clock=clock, from_date=D(2025, 10, 9), reason="送检")
    with pytest.raises(ClockEventRejected) as info:
        services.clock_resume(actor=officer, clock=clock, on=D(2025, 10, 8))
    assert info.value.code == "clock_event_out_of_order"


def _clock_due(actor: Actor, subject: str, due: dt.date, status: str = "running") -> Clock:
    clock = start(actor, subject=subject)
    Clock.objects.filter(pk=clock.pk).update(due_date=due, status=status)
    return clock


def test_sweep_marks_overdue_and_due_soon_set_based(officer: Actor) -> None:
    today = D(2025, 9, 30)  # Tue; 3 WD ahead -> 10-09, 10-10, 10-11, so due soon means due <= 10-11
    late = _clock_due(officer, "late", D(2025, 9, 29))
    due_today = _clock_due(officer, "today", today)
    soon = _clock_due(officer, "soon", D(2025, 10, 11))
    later = _clock_due(officer, "later", D(2025, 10, 13))
    paused = _clock_due(officer, "paused", D(2025, 9, 1), status="paused")
    Clock.objects.filter(pk=later.pk).update(is_overdue=True)  # stale flag from an earlier run
    result = services.clock_sweep(today=today)
    assert result.threshold == D(2025, 10, 11)
    flags = {c.subject_id: (c.is_overdue, c.is_due_soon) for c in Clock.objects.all()}
    assert flags[late.subject_id] == (True, False)
    assert flags[due_today.subject_id] == (False, True)
    assert flags[soon.subject_id] == (False, True)
    assert flags[later.subject_id] == (False, False)
    assert flags[paused.subject_id] == (False, False)
    assert (result.marked_overdue, result.marked_due_soon, result.cleared) == (1, 2, 1)
    (record,) = audit("clock.swept")
    assert record.actor == "system:clock-sweep" and record.after is not None
    assert record.after["marked_overdue"] == 1
    again = services.clock_sweep(today=today)
    assert (again.marked_overdue, again.marked_due_soon, again.cleared, again.cleared_inactive) == (
        0,
        0,
        0,
        0,
    )


def test_sweep_query_count_does_not_grow_with_clocks(officer: Actor) -> None:
    for i in range(3):
        _clock_due(officer, f"a{i}", D(2025, 9, 1))
    with CaptureQueriesContext(connection) as few:
        services.clock_sweep(today=D(2025, 9, 30))
    for i in range(30):
        _clock_due(officer, f"b{i}", D(2025, 9, 1))
    with CaptureQueriesContext(connection) as many:
        services.clock_sweep(today=D(2025, 9, 30))
    assert len(many) == len(few)
    assert Clock.objects.filter(is_overdue=True).count() == 33


def test_sweep_task(officer: Actor) -> None:
    _clock_due(officer, "late", D(2025, 9, 1))
    result = clock_sweep_task.enqueue(today="2025-09-30")
    assert result.return_value is not None and result.return_value["marked_overdue"] == 1


def test_calendar_year_load_service_audits_and_replaces() -> None:
    from shijian.core.clock.domain import parse_calendar_data
    from shijian.core.clock.tests.conftest import TEST_2027

    spec, _ = parse_calendar_data(TEST_2027)
    actor = system_actor("calendar-load")
    year = services.calendar_year_load(actor=actor, spec=spec)
    assert year.days.count() == 9
    with pytest.raises(Conflict):
        services.calendar_year_load(actor=actor, spec=spec)
    services.calendar_year_load(actor=actor, spec=spec, replace=True)
    (loaded,) = audit("clock.calendar.loaded")
    (replaced,) = audit("clock.calendar.replaced")
    assert loaded.actor == "system:calendar-load" and loaded.after is not None
    assert loaded.after["workdays"] == ["2027-02-14"]
    assert replaced.before is not None and replaced.before["year"] == 2027
