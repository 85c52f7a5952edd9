"""Shared parts of the serious-list services: rule ids, errors, lookups and checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.clock.domain import ClockStatus
from shijian.core.clock.models import Clock
from shijian.core.clock.selectors import period_end
from shijian.core.errors import Conflict, DomainError, ValidationFailed
from shijian.credit.serious.domain import (
    ListingStatus,
    Problem,
)
from shijian.credit.serious.models import SeriousListing

SUBJECT_TYPE = "credit_serious.seriouslisting"
RULE_STATEMENT = "serious.statement"
RULE_HEARING_REQUEST = "serious.hearing_request"
RULE_PUBLISH = "serious.publish"
RULE_AUTO_REMOVE = "serious.auto_remove"
RULE_REPAIR_AFTER = "serious.repair_after"
RULE_PERSON_BAR = "serious.person_bar"


class WrongApprover(DomainError):
    """The approver is not a chief of the bureau one level up (403)."""

    status_code = 403


def _raise_first(problems: Sequence[Problem]) -> None:
    if problems:
        first = problems[0]
        raise ValidationFailed(first.field, first.message_zh, first.message_en)


def _due(rule_id: str, start: dt.date) -> dt.date:
    """The end of the period of ``rule_id`` (version in force on ``start``) counted from ``start``."""
    return period_end(rule_id=rule_id, start=start)


def _locked(listing: SeriousListing) -> SeriousListing:
    return SeriousListing.objects.select_for_update(of=("self",)).select_related("entity").get(pk=listing.pk)


def _require_status(
    listing: SeriousListing, allowed: Sequence[ListingStatus], what_zh: str, what_en: str
) -> None:
    status = ListingStatus(listing.status)
    if status not in allowed:
        raise Conflict(
            "wrong_status",
            f"当前状态（{status.label_zh}）不能{what_zh}",
            f"cannot {what_en} in status '{status.value}'",
            field="status",
        )


def _not_future(day: dt.date, today: dt.date, field: str) -> None:
    if day > today:
        raise ValidationFailed(field, "日期不能晚于今天", "the date is in the future")


def _audit(
    actor: Actor, action: str, listing: SeriousListing, before: dict[str, Any] | None, reason: str = ""
) -> None:
    audit_record(
        actor=actor, action=action, obj=listing, before=before, after=model_snapshot(listing), reason=reason
    )


def _publication_clock(listing: SeriousListing) -> Clock | None:
    return Clock.objects.filter(
        subject_type=SUBJECT_TYPE,
        subject_id=str(listing.pk),
        rule_id=RULE_PUBLISH,
        status__in=[ClockStatus.RUNNING.value, ClockStatus.PAUSED.value],
    ).first()
