"""Removal from the list: when the period ends (期满移出) and early after credit repair (提前移出)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from shijian.core.actor import Actor
from shijian.core.audit.services import model_snapshot
from shijian.core.clock import services as clocks
from shijian.core.clock.domain import ClockStatus
from shijian.core.errors import ValidationFailed
from shijian.credit import policies
from shijian.credit.serious import kinds
from shijian.credit.serious.domain import (
    ListingStatus,
    RepairConditions,
    early_removal_problems,
)
from shijian.credit.serious.models import SeriousListing
from shijian.credit.serious.services._common import (
    RULE_REPAIR_AFTER,
    SUBJECT_TYPE,
    _audit,
    _due,
    _locked,
    _publication_clock,
    _raise_first,
)
from shijian.credit.services import credit_fact_record
from shijian.registry.services import public_fact_withdraw

# -- removal ---------------------------------------------------------------------------------------


def _remove(
    *,
    actor: Actor,
    listing: SeriousListing,
    removed_on: dt.date,
    kind: str,
    reason: str,
    document_number: str,
    today: dt.date,
) -> SeriousListing:
    before = model_snapshot(listing)
    label_zh = "期满移出" if kind == "expired" else "提前移出（信用修复）"
    label_en = "period ended" if kind == "expired" else "removed early (credit repair)"
    text = f"移出严重违法失信名单（{label_zh}）removed ({label_en}): {reason}".strip()
    entry = listing.listed_fact.public_fact if listing.listed_fact is not None else None
    if entry is not None and entry.withdrawn_on is None:
        cause = "period_ended" if kind == "expired" else "credit_repair"
        public_fact_withdraw(actor=actor, fact=entry, on=today, reason=text, cause=cause)
    clock = _publication_clock(listing)
    if clock is not None:
        clocks.clock_stop(
            actor=actor,
            clock=clock,
            on=max(today, clock.started_on),
            reason=text,
            outcome=ClockStatus.STOPPED,
        )
    listing.removed_fact = credit_fact_record(
        actor=actor,
        entity=listing.entity,
        kind=kinds.REMOVED.kind,
        title=f"移出严重违法失信名单（{label_zh}）：{listing.decision_number}"[:300],
        decided_on=removed_on,
        source_department=listing.deciding_authority,
        document_number=document_number,
        legal_basis=listing.legal_basis,
        body={"listing_decision": listing.decision_number, "removal": kind, "reason": reason},
        source_type=SUBJECT_TYPE,
        source_id=listing.pk,
        today=today,
    )
    listing.status = ListingStatus.REMOVED.value
    listing.removed_on = removed_on
    listing.removal_kind = kind
    listing.removal_reason = reason.strip()
    listing.removal_document_number = document_number.strip()
    listing.save()
    _audit(actor, f"credit_serious.removed_{kind}", listing, before, reason)
    return listing


@transaction.atomic
def serious_remove_early(
    *,
    actor: Actor,
    listing: SeriousListing,
    removed_on: dt.date,
    conditions: RepairConditions,
    reason: str,
    document_number: str = "",
    today: dt.date,
) -> SeriousListing:
    """Remove a listing early after credit repair (提前移出); the repair app calls this.

    Possible once the listing has lasted ``serious.repair_after`` (1 year)
    and when the conditions checked by the repair officer hold (restriction
    ended, obligations performed, harm removed, no new heavier penalty).
    The listing leaves the portal at once and ``serious.removed`` is recorded.
    """
    policies.require_credit_officer(actor, "credit_serious.remove", listing.entity.supervisor_path)
    listing = _locked(listing)
    if not reason.strip():
        raise ValidationFailed("reason", "须说明提前移出的理由", "a reason is required")
    earliest = _due(RULE_REPAIR_AFTER, listing.decided_on) if listing.decided_on else removed_on
    _raise_first(
        early_removal_problems(
            status=ListingStatus(listing.status),
            removed_on=removed_on,
            earliest=earliest,
            restriction_until=listing.restriction_until,
            conditions=conditions,
            today=today,
        )
    )
    return _remove(
        actor=actor,
        listing=listing,
        removed_on=removed_on,
        kind="early",
        reason=reason,
        document_number=document_number,
        today=today,
    )


def serious_expire(*, actor: Actor, today: dt.date) -> list[int]:
    """Remove every listing whose period ended before ``today`` (期满移出); idempotent.

    ``listed_until`` is the last day on the list, so a listing is removed as
    from the day after it. Each listing is removed in its own transaction.
    """
    removed: list[int] = []
    due = SeriousListing.objects.filter(status=ListingStatus.LISTED.value, listed_until__lt=today)
    for listing_id in due.order_by("listed_until", "id").values_list("id", flat=True):
        with transaction.atomic():
            listing = (
                SeriousListing.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("entity")
                .filter(pk=listing_id, status=ListingStatus.LISTED.value)
                .first()
            )
            if listing is None or listing.listed_until is None:
                continue
            _remove(
                actor=actor,
                listing=listing,
                removed_on=listing.listed_until + dt.timedelta(days=1),
                kind="expired",
                reason=f"列入期限至 {listing.listed_until} 届满 "
                f"the listing period ended on {listing.listed_until}",
                document_number="",
                today=today,
            )
            removed.append(listing.pk)
    return removed
