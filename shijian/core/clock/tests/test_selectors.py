"""Scoped reads: the workbench deadline list, clock_get and the explanation."""

from __future__ import annotations

import datetime as dt

import pytest

from shijian.core.actor import Actor, system_actor
from shijian.core.clock import selectors, services
from shijian.core.clock.models import Clock
from shijian.core.clock.tests.conftest import HOME_UNIT, OTHER
from shijian.core.errors import NotFound

# The clock engine is tested on the package calendar and the years a test loads itself:
# years after the package are missing (fail closed), as in production before the notice.
pytestmark = [pytest.mark.django_db, pytest.mark.without_test_calendar]

D = dt.date


def _start(
    actor: Actor,
    subject: str,
    on: dt.date,
    *,
    assignee: int | None,
    path: str = HOME_UNIT,
    rule_id: str = "complaint.accept",
) -> Clock:
    return services.clock_start(
        actor=system_actor("tests"),
        subject_type="complaints.complaint",
        subject_id=subject,
        rule_id=rule_id,
        start=on,
        org_unit_path=path,
        assignee_user_id=assignee,
        today=on,
    )


def test_deadlines_for_officer_chief_and_outsider(
    officer: Actor, chief: Actor, head: Actor, other_officer: Actor
) -> None:
    today = D(2025, 10, 14)
    overdue = _start(officer, "a", D(2025, 9, 26), assignee=officer.user_id)  # due 10-13
    mine_later = _start(officer, "b", D(2025, 10, 9), assignee=officer.user_id)  # due 7 WD after 10-09
    colleague = _start(officer, "c", D(2025, 9, 28), assignee=999)  # due 10-14 (today)
    elsewhere = _start(officer, "d", D(2025, 9, 26), assignee=officer.user_id, path=OTHER + "x/")
    done = _start(officer, "e", D(2025, 9, 26), assignee=officer.user_id)
    services.clock_stop(actor=system_actor("tests"), clock=done, on=D(2025, 10, 1), reason="done")
    paused = _start(officer, "f", D(2025, 10, 9), assignee=officer.user_id)
    services.clock_pause(actor=system_actor("tests"), clock=paused, from_date=D(2025, 10, 10), reason="送检")

    rows = selectors.deadlines_for(actor=officer, today=today)
    # Own open clocks in scope only: overdue first, then by due date; not the colleague's,
    # not the one outside the jurisdiction, not the completed one.
    assert next(r.clock.pk for r in rows) == overdue.pk
    assert {r.clock.pk for r in rows} == {overdue.pk, mine_later.pk, paused.pk}
    first = rows[0]
    assert first.is_overdue and first.days_remaining == -1  # 10-13 -> 10-14 is one working day late
    later = next(r for r in rows if r.clock.pk == mine_later.pk)
    # Due 7 WD after Thu 10-09: 10-10, 10-11 (Sat make-up), 10-13, 10-14, 10-15, 10-16, 10-17.
    assert later.due_date == D(2025, 10, 17) and later.days_remaining == 3 and later.is_due_soon

    chief_rows = selectors.deadlines_for(actor=chief, today=today)
    assert {r.clock.pk for r in chief_rows} == {overdue.pk, mine_later.pk, colleague.pk, paused.pk}
    due_today = next(r for r in chief_rows if r.clock.pk == colleague.pk)
    assert due_today.days_remaining == 0 and due_today.is_due_soon and not due_today.is_overdue
    head_rows = selectors.deadlines_for(actor=head, today=today)
    assert elsewhere.pk in {r.clock.pk for r in head_rows}
    assert selectors.deadlines_for(actor=other_officer, today=today) == []
    assert len(selectors.deadlines_for(actor=chief, today=today, limit=2)) == 2


def test_clock_get_is_scoped(officer: Actor, chief: Actor, other_officer: Actor) -> None:
    clock = _start(officer, "a", D(2025, 9, 26), assignee=officer.user_id)
    assert selectors.clock_get(actor=chief, clock_id=clock.pk) == clock
    with pytest.raises(NotFound):
        selectors.clock_get(actor=other_officer, clock_id=clock.pk)
    with pytest.raises(NotFound):
        selectors.clock_get(actor=officer, clock_id=clock.pk + 1000)
    with pytest.raises(NotFound):
        selectors.clock_explain(actor=other_officer, clock_id=clock.pk)


def test_clock_explain_shows_history_and_calculation(officer: Actor, chief: Actor) -> None:
    clock = _start(officer, "a", D(2025, 9, 26), assignee=officer.user_id, rule_id="report.verify")
    clock = services.clock_pause(actor=officer, clock=clock, from_date=D(2025, 10, 9), reason="检测")
    clock = services.clock_resume(actor=officer, clock=clock, on=D(2025, 10, 11))
    clock = services.clock_extend(
        actor=officer, clock=clock, approver=chief, reason="案情复杂", on=D(2025, 10, 20)
    )
    zh = selectors.clock_explain(actor=officer, clock_id=clock.pk, lang="zh")
    en = clock.explain("en")
    assert "report.verify" in zh and "办理经过" in zh and "期限计算" in zh
    assert "暂停计时：检测" in zh and "批准延长：案情复杂" in zh and chief.display_name in zh
    assert "2025-10-01 至 2025-10-08 法定节假日" in zh and "调休上班日" in zh
    assert f"到期日 {clock.due_date.isoformat()}" in zh
    assert "History:" in en and "extension approved" in en and "make-up working day" in en
    state = selectors.clock_state(clock=clock)
    assert state.due == clock.due_date and state.as_dict()["history"][0]["kind"] == "start"


def test_clocks_for_subject(officer: Actor, other_officer: Actor) -> None:
    _start(officer, "a", D(2025, 9, 26), assignee=officer.user_id)
    _start(officer, "a", D(2025, 9, 26), assignee=officer.user_id, rule_id="complaint.mediation")
    assert (
        selectors.clocks_for_subject(
            actor=officer, subject_type="complaints.complaint", subject_id="a"
        ).count()
        == 2
    )
    assert not selectors.clocks_for_subject(
        actor=other_officer, subject_type="complaints.complaint", subject_id="a"
    ).exists()


def test_rule_set_from_the_table() -> None:
    rules = selectors.rule_set()
    assert "foi.reply" in rules and len(rules.ids()) >= 23
    spec = selectors.rule_in_force(rule_id="case.decide", on=D(2025, 1, 1))
    assert spec.period.amount == 90 and spec.period.extension_amount == 30
