"""Pure rules of licences under the separation of permits and business licences (证照分离): no Django.

The reform sorts every licence item (涉企经营许可事项) into one of four modes
(《国务院关于深化“证照分离”改革进一步激发市场主体发展活力的通知》国发〔2021〕7号
[V2]): approval abolished, approval turned into a filing, approval on a
written commitment (告知承诺), or an optimised approval. A licence granted on
a commitment is verified afterwards (核查); a broken commitment is a credit
fact for the credit app.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from shijian.core.errors import Conflict, ValidationFailed


class ReformMode(StrEnum):
    """How the reform treats a licence item (改革方式)."""

    ABOLISHED = "abolished"  # 直接取消审批
    TO_FILING = "to_filing"  # 审批改为备案
    COMMITMENT = "commitment"  # 实行告知承诺
    OPTIMISED = "optimised"  # 优化审批服务

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return REFORM_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label."""
        return REFORM_LABELS[self][1]


REFORM_LABELS: dict[ReformMode, tuple[str, str]] = {
    ReformMode.ABOLISHED: ("直接取消审批", "approval abolished"),
    ReformMode.TO_FILING: ("审批改为备案", "approval replaced by a filing"),
    ReformMode.COMMITMENT: ("实行告知承诺", "approval on a written commitment"),
    ReformMode.OPTIMISED: ("优化审批服务", "optimised approval"),
}


class LicenceStatus(StrEnum):
    """The status of a licence (许可状态). ``EXPIRED`` is derived from the expiry date, never stored."""

    VALID = "valid"  # 有效
    SUSPENDED = "suspended"  # 暂扣
    REVOKED = "revoked"  # 撤销、吊销
    CANCELLED = "cancelled"  # 注销
    EXPIRED = "expired"  # 已过有效期

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return STATUS_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label."""
        return STATUS_LABELS[self][1]


STATUS_LABELS: dict[LicenceStatus, tuple[str, str]] = {
    LicenceStatus.VALID: ("有效", "valid"),
    LicenceStatus.SUSPENDED: ("暂扣", "suspended"),
    LicenceStatus.REVOKED: ("撤销（吊销）", "revoked"),
    LicenceStatus.CANCELLED: ("注销", "cancelled"),
    LicenceStatus.EXPIRED: ("已过有效期", "expired"),
}

#: Stored statuses a licence may move between (from -> allowed targets).
STATUS_TRANSITIONS: dict[LicenceStatus, frozenset[LicenceStatus]] = {
    LicenceStatus.VALID: frozenset({LicenceStatus.SUSPENDED, LicenceStatus.REVOKED, LicenceStatus.CANCELLED}),
    LicenceStatus.SUSPENDED: frozenset({LicenceStatus.VALID, LicenceStatus.REVOKED, LicenceStatus.CANCELLED}),
    LicenceStatus.REVOKED: frozenset({LicenceStatus.CANCELLED}),
    LicenceStatus.CANCELLED: frozenset(),
}


class VerificationOutcome(StrEnum):
    """The result of verifying a commitment (核查结果)."""

    PENDING = "pending"  # 待核查
    KEPT = "kept"  # 承诺属实
    BROKEN = "broken"  # 承诺不实（违反承诺）

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return {"pending": "待核查", "kept": "承诺属实", "broken": "承诺不实"}[self.value]

    @property
    def label_en(self) -> str:
        """English label."""
        return {"pending": "pending", "kept": "commitment kept", "broken": "commitment broken"}[self.value]


class LicenceErrorCode(StrEnum):
    """Stable error codes of the licence app."""

    ITEM_ABOLISHED = "item_abolished"
    ITEM_INACTIVE = "item_inactive"
    COMMITMENT_NOT_ALLOWED = "commitment_not_allowed"
    DUPLICATE_NUMBER = "duplicate_number"
    DUPLICATE_CODE = "duplicate_code"
    STATUS_TRANSITION = "status_transition"
    ALREADY_VERIFIED = "already_verified"
    ENTITY_CLOSED = "entity_closed"


def grant_check(
    *,
    reform_mode: ReformMode,
    item_active: bool,
    on_commitment: bool,
    issued_on: dt.date,
    expires_on: dt.date | None,
    established_on: dt.date,
    today: dt.date,
) -> None:
    """Refuse a licence that cannot be recorded (``ValidationFailed`` / ``Conflict`` naming the field).

    * no licence for an item whose approval was abolished, or an item no
      longer in the catalogue;
    * a grant on a written commitment only for items in the commitment mode;
    * issued neither in the future nor before the entity existed; expiring
      after it was issued.
    """
    if reform_mode is ReformMode.ABOLISHED:
        raise Conflict(
            LicenceErrorCode.ITEM_ABOLISHED,
            "该事项已直接取消审批，不再核发许可",
            "the approval of this item was abolished: no licence is issued",
            field="item",
        )
    if not item_active:
        raise Conflict(
            LicenceErrorCode.ITEM_INACTIVE,
            "该许可事项已停用",
            "this licence item is no longer in use",
            field="item",
        )
    if on_commitment and reform_mode is not ReformMode.COMMITMENT:
        raise ValidationFailed(
            "on_commitment",
            "该事项未实行告知承诺，不能以告知承诺方式许可",
            "this item is not approved on a written commitment",
            code=LicenceErrorCode.COMMITMENT_NOT_ALLOWED,
        )
    if issued_on > today:
        raise ValidationFailed("issued_on", "发证日期不能晚于今天", "the issue date is in the future")
    if issued_on < established_on:
        raise ValidationFailed(
            "issued_on", "发证日期早于主体成立日期", "the licence was issued before the entity existed"
        )
    if expires_on is not None and expires_on < issued_on:
        raise ValidationFailed(
            "expires_on", "有效期截止日早于发证日期", "the licence expires before it was issued"
        )


def effective_status(status: LicenceStatus, expires_on: dt.date | None, today: dt.date) -> LicenceStatus:
    """The status shown today: a valid licence past its expiry date is expired (已过有效期)."""
    if status is LicenceStatus.VALID and expires_on is not None and expires_on < today:
        return LicenceStatus.EXPIRED
    return status


def status_change_allowed(current: LicenceStatus, target: LicenceStatus) -> bool:
    """Whether a stored status may move to ``target`` (expiry is never set by hand)."""
    return target in STATUS_TRANSITIONS.get(current, frozenset())


def outcome_check(
    *, outcome: VerificationOutcome, found_on: dt.date, issued_on: dt.date, note: str, today: dt.date
) -> None:
    """Refuse an impossible verification outcome (``ValidationFailed`` naming the field)."""
    if outcome is VerificationOutcome.PENDING:
        raise ValidationFailed("outcome", "请选择核查结果", "choose an outcome")
    if found_on > today:
        raise ValidationFailed("found_on", "核查日期不能晚于今天", "the verification date is in the future")
    if found_on < issued_on:
        raise ValidationFailed(
            "found_on", "核查日期早于发证日期", "the verification is dated before the licence"
        )
    if outcome is VerificationOutcome.BROKEN and not note.strip():
        raise ValidationFailed(
            "note", "承诺不实须写明核查发现的情况", "describe what was found when the commitment was broken"
        )
