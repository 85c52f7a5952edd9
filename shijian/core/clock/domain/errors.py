"""Errors of the clock engine: each a ``DomainError`` with a stable code and zh/en messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from shijian.core.errors import Conflict, DomainError, ValidationFailed


class CalendarYearMissing(DomainError):
    """No working-day calendar (工作日历) for a year: the engine fails closed instead of guessing.

    Weekends alone are not a safe guess: every year moves several working days
    (调休), so a weekday-only count would give wrong legal deadlines silently.
    """

    # A configuration gap on the server side, not a bad request.
    status_code = 503

    def __init__(self, year: int) -> None:
        super().__init__(
            "calendar_year_missing",
            f"缺少 {year} 年的工作日历（法定节假日与调休上班日），无法计算期限。"
            f"请系统管理员依据国务院办公厅发布的 {year} 年节假日安排通知，"
            f"使用 `shijian calendar load 文件` 导入该年日历。",
            f"No working-day calendar for {year} (statutory holidays and make-up working days): "
            f"deadlines in {year} cannot be computed. A system administrator must load {year} "
            f"from the State Council holiday notice with `shijian calendar load FILE`.",
            field="calendar",
            details={"year": year},
        )
        self.year = year


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One field-level problem in a calendar file (日历文件字段错误)."""

    field: str
    message_zh: str
    message_en: str


class CalendarFileInvalid(DomainError):
    """A calendar file (日历文件) failed validation; ``problems`` names every bad field."""

    status_code = 422

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems = tuple(problems)
        zh = "；".join(f"{p.field}：{p.message_zh}" for p in self.problems)
        en = "; ".join(f"{p.field}: {p.message_en}" for p in self.problems)
        super().__init__(
            "calendar_file_invalid",
            f"日历文件有 {len(self.problems)} 处错误：{zh}",
            f"the calendar file has {len(self.problems)} problem(s): {en}",
            field=self.problems[0].field if self.problems else None,
            details={
                "problems": [
                    {"field": p.field, "message_zh": p.message_zh, "message_en": p.message_en}
                    for p in self.problems
                ]
            },
        )


class UnknownRule(ValidationFailed):
    """No rule (期限规则) with this id exists."""

    def __init__(self, rule_id: str) -> None:
        super().__init__(
            "rule_id",
            f"未知的期限规则：{rule_id}",
            f"unknown deadline rule: {rule_id}",
            code="rule_unknown",
        )
        self.details = {"rule_id": rule_id}


class RuleNotInForce(ValidationFailed):
    """The rule exists but no version of it is in force (未生效或已失效) on the date."""

    def __init__(self, rule_id: str, on: dt.date) -> None:
        super().__init__(
            "rule_id",
            f"期限规则 {rule_id} 在 {on.isoformat()} 没有有效的版本",
            f"deadline rule {rule_id} has no version in force on {on.isoformat()}",
            code="rule_not_in_force",
        )
        self.details = {"rule_id": rule_id, "on": on.isoformat()}


class ExtensionNotAllowed(DomainError):
    """The rule does not allow (more) extensions (延长期限) of the period."""

    status_code = 409

    def __init__(self, rule_id: str, limit: int, requested: int) -> None:
        label = rule_id or "该期限 this period"
        if limit <= 0:
            zh = f"{label} 依法不得延长"
            en = f"{label} may not be extended"
        else:
            zh = f"{label} 最多延长 {limit} 次，已申请第 {requested} 次；再延长须依法另行处理（如集体讨论）"
            en = (
                f"{label} may be extended at most {limit} time(s); extension {requested} was requested "
                f"(anything further needs the separate statutory procedure, e.g. a collective decision)"
            )
        super().__init__(
            "extension_not_allowed",
            zh,
            en,
            field="extensions",
            details={"rule_id": rule_id, "limit": limit, "requested": requested},
        )


class InvalidPause(ValidationFailed):
    """A pause window (中止/扣除期间) is malformed, e.g. it ends before it starts."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__("pauses", message_zh, message_en, code="pause_invalid")


class ClockEventRejected(Conflict):
    """A clock event does not fit the clock's state (e.g. resuming a clock that is not paused)."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(code, message_zh, message_en, field="event")
