"""Clock replay (计时回放): the state of a running legal period from its stored events.

A clock is its event list - start, pauses, resumes, extensions, restarts
and the stop - replayed through the counting convention. Replaying (instead
of patching a stored due date) means every recomputation, explanation and
audit check derives the same answer from the same facts.

Event semantics:

* ``PAUSE on=D``: D is the first paused day (中止/扣除期间开始).
* ``RESUME on=R``: R is the first day counted again, so the pause window is
  ``[D, R-1]``; R must be after D.
* ``EXTEND``: one approved extension (延长) of the rule's extension amount.
* ``RESTART on=S``: the period starts again from S (重新起算, e.g. a
  corrected disclosure request); earlier pauses and extensions no longer apply.
* ``STOP``/``COMPLETE``: the clock ends (终止 / 办结); an open pause closes the
  day before.

While a pause is open the due date is provisional: computed as if the clock
resumed the day after the pause began (the earliest possible resumption).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from shijian.core.clock.domain.calendar import WorkCalendar
from shijian.core.clock.domain.counting import ONE_DAY, DateRange, DueComputation, compute_due
from shijian.core.clock.domain.errors import ClockEventRejected, ExtensionNotAllowed
from shijian.core.clock.domain.rules import Period, RuleSpec
from shijian.core.clock.domain.trace import TraceEvent, TraceKind


class ClockStatus(StrEnum):
    """Where a clock stands."""

    RUNNING = "running"  # 计时中
    PAUSED = "paused"  # 暂停
    STOPPED = "stopped"  # 终止（未办结即停止，如撤回、移送）
    COMPLETED = "completed"  # 办结（法定行为已作出）

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return {"running": "计时中", "paused": "暂停", "stopped": "已终止", "completed": "已办结"}[self.value]

    @property
    def label_en(self) -> str:
        """English label."""
        return {"running": "running", "paused": "paused", "stopped": "stopped", "completed": "completed"}[
            self.value
        ]


#: Clocks whose period is still open.
ACTIVE_STATUSES: frozenset[ClockStatus] = frozenset({ClockStatus.RUNNING, ClockStatus.PAUSED})


class ClockEventKind(StrEnum):
    """What happened to a clock."""

    START = "start"  # 开始计时
    PAUSE = "pause"  # 暂停计时
    RESUME = "resume"  # 恢复计时
    EXTEND = "extend"  # 批准延长
    RESTART = "restart"  # 重新起算
    STOP = "stop"  # 终止计时
    COMPLETE = "complete"  # 办结

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return _EVENT_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label."""
        return _EVENT_LABELS[self][1]


_EVENT_LABELS: dict[ClockEventKind, tuple[str, str]] = {
    ClockEventKind.START: ("开始计时", "clock started"),
    ClockEventKind.PAUSE: ("暂停计时", "paused"),
    ClockEventKind.RESUME: ("恢复计时", "resumed"),
    ClockEventKind.EXTEND: ("批准延长", "extension approved"),
    ClockEventKind.RESTART: ("重新起算", "restarted"),
    ClockEventKind.STOP: ("终止计时", "stopped"),
    ClockEventKind.COMPLETE: ("办结", "completed"),
}


@dataclass(frozen=True, slots=True)
class ClockEventSpec:
    """One stored clock event as a plain value: kind, date, reason, who recorded and who approved."""

    kind: ClockEventKind
    on: dt.date
    reason: str = ""
    actor: str = ""
    approver: str = ""

    def text(self, lang: str) -> str:
        """The history line in ``lang``."""
        if lang == "zh":
            line = f"{self.on.isoformat()} {self.kind.label_zh}"
            if self.reason:
                line += f"：{self.reason}"
            if self.approver:
                line += f"（批准人：{self.approver}）"
            if self.actor:
                line += f"（记录人：{self.actor}）"
            return line
        line = f"{self.on.isoformat()} {self.kind.label_en}"
        if self.reason:
            line += f": {self.reason}"
        if self.approver:
            line += f" (approved by {self.approver})"
        if self.actor:
            line += f" (recorded by {self.actor})"
        return line


@dataclass(frozen=True, slots=True)
class ClockState:
    """A clock's state after replaying its events (计时状态)."""

    status: ClockStatus
    started_on: dt.date
    period_start: dt.date
    pauses: tuple[DateRange, ...]
    open_pause: dt.date | None
    open_pause_reason: str
    extensions: int
    ended_on: dt.date | None
    computation: DueComputation
    history: tuple[ClockEventSpec, ...]

    @property
    def due(self) -> dt.date:
        """The current due date (provisional while a pause is open)."""
        return self.computation.due

    @property
    def normal_due(self) -> dt.date:
        """The due date before extensions."""
        return self.computation.normal_due

    @property
    def completed_late(self) -> bool:
        """True when the clock was completed after its due date (逾期办结)."""
        return self.status is ClockStatus.COMPLETED and self.ended_on is not None and self.ended_on > self.due

    @property
    def trace(self) -> tuple[TraceEvent, ...]:
        """The calculation trace, with the open pause (if any) noted."""
        events = list(self.computation.trace)
        if self.open_pause is not None:
            events.append(TraceEvent(TraceKind.OPEN_PAUSE, self.open_pause, reason=self.open_pause_reason))
        return tuple(sorted(events, key=lambda e: e.sort_key))

    def status_text(self, lang: str) -> str:
        """The status line in ``lang``."""
        label = self.status.label_zh if lang == "zh" else self.status.label_en
        if self.completed_late:
            label += "（逾期办结）" if lang == "zh" else " (late)"
        if self.ended_on is not None:
            label += f" {self.ended_on.isoformat()}"
        return label

    def explain(self, lang: str = "zh") -> str:
        """The rule, the status, the event history and the calculation, in ``lang``."""
        zh = lang == "zh"
        lines = self.computation.header(lang)
        lines.append(f"状态：{self.status_text(lang)}" if zh else f"Status: {self.status_text(lang)}")
        lines.append("办理经过：" if zh else "History:")
        lines.extend(f"  {event.text(lang)}" for event in self.history)
        lines.append("期限计算：" if zh else "Calculation:")
        lines.extend(f"  {event.text(lang)}" for event in self.trace)
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form of the state, with the calculation and history."""
        payload = self.computation.as_dict()
        payload["trace"] = [event.as_dict() for event in self.trace]
        payload.update(
            {
                "status": self.status.value,
                "started_on": self.started_on.isoformat(),
                "period_start": self.period_start.isoformat(),
                "open_pause": self.open_pause.isoformat() if self.open_pause else None,
                "ended_on": self.ended_on.isoformat() if self.ended_on else None,
                "completed_late": self.completed_late,
                "history": [
                    {
                        "kind": e.kind.value,
                        "on": e.on.isoformat(),
                        "reason": e.reason,
                        "actor": e.actor,
                        "approver": e.approver,
                        "text_zh": e.text("zh"),
                        "text_en": e.text("en"),
                    }
                    for e in self.history
                ],
                "explain_zh": self.explain("zh"),
                "explain_en": self.explain("en"),
            }
        )
        return payload


def _reject(code: str, zh: str, en: str) -> ClockEventRejected:
    """The error for an event that does not fit the clock (事件与计时状态不符)."""
    return ClockEventRejected(code, zh, en)


def replay_clock(
    events: Sequence[ClockEventSpec],
    period: Period,
    calendar: WorkCalendar,
    *,
    rule: RuleSpec | None = None,
) -> ClockState:
    """Replay a clock's events (in order) into its state and due date.

    Raises ``ClockEventRejected`` when an event does not fit (wrong order,
    resuming a running clock, anything after the stop) and
    ``ExtensionNotAllowed`` past the rule's extension limit.
    """
    if not events or events[0].kind is not ClockEventKind.START:
        raise _reject("clock_no_start", "计时必须以开始事件起始", "a clock's first event must be its start")
    rule_id = rule.rule_id if rule is not None else ""
    status = ClockStatus.RUNNING
    started_on = period_start = last_on = events[0].on
    pauses: list[DateRange] = []
    open_pause: dt.date | None = None
    open_reason = ""
    extensions = 0
    ended_on: dt.date | None = None
    # Extension limits are checked for the current period only: extensions of
    # a period replaced by a restart were checked (under the rule version of
    # that time) when they were recorded.
    last_restart = max((i for i, e in enumerate(events) if e.kind is ClockEventKind.RESTART), default=0)
    for position, event in enumerate(events[1:], start=1):
        on = event.on
        if on < last_on:
            raise _reject(
                "clock_event_out_of_order",
                f"事件日期 {on.isoformat()} 早于上一事件 {last_on.isoformat()}，不能倒填",
                f"event date {on.isoformat()} is before the previous event ({last_on.isoformat()}): "
                "no back-dating",
            )
        if status in (ClockStatus.STOPPED, ClockStatus.COMPLETED):
            ended_text = ended_on.isoformat() if ended_on else ""
            raise _reject(
                "clock_ended",
                f"计时已于 {ended_text} {status.label_zh}，不能再变更",
                f"the clock is {status.label_en} since {ended_text}: no more changes",
            )
        kind = event.kind
        if kind is ClockEventKind.START:
            raise _reject("clock_already_started", "计时已经开始", "the clock has already started")
        if kind is ClockEventKind.PAUSE:
            if status is not ClockStatus.RUNNING:
                raise _reject(
                    "clock_not_running", "只有计时中的期限才能暂停", "only a running clock can be paused"
                )
            open_pause, open_reason, status = on, event.reason, ClockStatus.PAUSED
        elif kind is ClockEventKind.RESUME:
            if status is not ClockStatus.PAUSED or open_pause is None:
                raise _reject(
                    "clock_not_paused", "只有暂停中的期限才能恢复", "only a paused clock can be resumed"
                )
            if on <= open_pause:
                raise _reject(
                    "resume_before_pause",
                    f"恢复日 {on.isoformat()} 必须晚于暂停开始日 {open_pause.isoformat()}"
                    "（暂停至少包含开始当日）",
                    f"the resume day {on.isoformat()} must be after the first paused day "
                    f"{open_pause.isoformat()} (a pause covers at least its first day)",
                )
            pauses.append(DateRange(open_pause, on - ONE_DAY, open_reason))
            open_pause, open_reason, status = None, "", ClockStatus.RUNNING
        elif kind is ClockEventKind.EXTEND:
            limit = period.extension_limit if period.extension_allowed else 0
            if extensions + 1 > limit and position > last_restart:
                raise ExtensionNotAllowed(rule_id, limit, extensions + 1)
            extensions += 1
        elif kind is ClockEventKind.RESTART:
            period_start = on
            pauses, open_pause, open_reason, extensions = [], None, "", 0
            status = ClockStatus.RUNNING
        else:  # STOP or COMPLETE
            if open_pause is not None and on > open_pause:
                pauses.append(DateRange(open_pause, on - ONE_DAY, open_reason))
            open_pause, open_reason = None, ""
            status = ClockStatus.COMPLETED if kind is ClockEventKind.COMPLETE else ClockStatus.STOPPED
            ended_on = on
        last_on = on
    windows = list(pauses)
    if open_pause is not None:
        # Provisional: the earliest the clock could resume is the next day.
        windows.append(DateRange(open_pause, open_pause, open_reason))
    computation = compute_due(period_start, period, calendar, windows, extensions, rule=rule)
    return ClockState(
        status=status,
        started_on=started_on,
        period_start=period_start,
        pauses=tuple(pauses),
        open_pause=open_pause,
        open_pause_reason=open_reason,
        extensions=extensions,
        ended_on=ended_on,
        computation=computation,
        history=tuple(events),
    )


def check_within_period(state: ClockState, on: dt.date, action_zh: str, action_en: str) -> None:
    """Refuse an act (pause, extension) dated after the period has already run out (期限已届满)."""
    if on > state.due:
        raise _reject(
            "clock_lapsed",
            f"期限已于 {state.due.isoformat()} 届满，{on.isoformat()} 不能再{action_zh}",
            f"the period ran out on {state.due.isoformat()}: it cannot be {action_en} on {on.isoformat()}",
        )
