"""Pure rules of simplified deregistration (简易注销)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class NoticeStatus(StrEnum):
    """Where a simplified deregistration stands."""

    NOTICE = "notice"  # 公示中
    BLOCKED = "blocked"  # 有异议，不予简易注销
    COMPLETED = "completed"  # 已注销
    WITHDRAWN = "withdrawn"  # 申请人撤回


class ObjectionStatus(StrEnum):
    """The outcome of an objection (异议)."""

    PENDING = "pending"
    UPHELD = "upheld"
    DISMISSED = "dismissed"


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why an entity may not use the simplified procedure."""

    check_id: str
    message_zh: str
    message_en: str


def notice_open(today: dt.date, notice_start: dt.date, notice_end: dt.date) -> bool:
    """True while objections may be lodged (both ends included)."""
    return notice_start <= today <= notice_end


def completion_blockers(
    *, today: dt.date, notice_end: dt.date, objection_statuses: Iterable[ObjectionStatus]
) -> list[tuple[str, str]]:
    """Why the deregistration cannot be completed yet (zh, en); empty when it can."""
    blockers: list[tuple[str, str]] = []
    if today <= notice_end:
        blockers.append(("公示期尚未届满", "the public-notice period has not ended"))
    statuses = list(objection_statuses)
    if ObjectionStatus.PENDING in statuses:
        blockers.append(("有尚未处理的异议", "an objection is still pending"))
    if ObjectionStatus.UPHELD in statuses:
        blockers.append(("异议成立，不适用简易注销", "an objection was upheld"))
    return blockers
