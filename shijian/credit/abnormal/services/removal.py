"""Removal from the list (移出经营异常名录 / 恢复正常记载状态) after the cure (整改)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.clock import services as clocks
from shijian.core.errors import Conflict, ValidationFailed
from shijian.credit import policies
from shijian.credit.abnormal import kinds
from shijian.credit.abnormal.domain import Ground, ListingStatus, Mode
from shijian.credit.abnormal.models import AbnormalListing
from shijian.credit.abnormal.services._common import (
    LISTING_SUBJECT,
    REMOVE_RULE,
    SERIES_REMOVE,
    _locked_listing,
    _next_number,
    _require_text,
)
from shijian.credit.services import credit_fact_record
from shijian.registry.reports.models import AnnualReport, DisclosureStatus
from shijian.registry.services import public_fact_withdraw


def _check_cure(listing: AbnormalListing, cure_note: str) -> str:
    """The cure must fit the ground; what the platform can see it checks itself."""
    ground = Ground(listing.ground)
    if ground is Ground.ANNUAL_REPORT:
        year = listing.report_year or 0  # set for every ground-(1) listing (check constraint)
        report = AnnualReport.objects.filter(entity=listing.entity, report_year=year).first()
        if report is None:
            raise Conflict(
                "cure_missing",
                f"该主体尚未补报{listing.report_year}年度报告",
                f"the {listing.report_year} report has not been filed yet",
                field="cure_note",
            )
        return cure_note.strip() or f"已补报{listing.report_year}年度报告（{report.filed_on.isoformat()}）"
    if ground is Ground.ADHOC_DISCLOSURE and listing.disclosure is not None:
        if listing.disclosure.status != DisclosureStatus.FILED:
            raise Conflict(
                "cure_missing",
                "该即时信息尚未公示",
                "the ordered information is not disclosed yet",
                field="cure_note",
            )
        return cure_note.strip() or "已公示责令公示的即时信息"
    return _require_text(cure_note, "cure_note", "整改情况", "the cure (what the enterprise did)")


@transaction.atomic
def cure_record(
    *, actor: Actor, listing: AbnormalListing, cured_on: dt.date, cure_note: str, today: dt.date
) -> AbnormalListing:
    """Record the cure (整改) and start the ``abnormal.remove`` clock (the removal is due within it)."""
    policies.require_credit_officer(actor, "credit.abnormal.cure", listing.entity.supervisor_path)
    listing = _locked_listing(listing)
    if listing.status != ListingStatus.LISTED.value:
        raise Conflict("not_listed", "该主体不在名录中", "the listing is no longer in force")
    if listing.remove_clock is not None:
        raise Conflict("cure_recorded", "已登记整改情况", "the cure is already recorded")
    if cured_on > today:
        raise ValidationFailed("cured_on", "整改日期不能晚于今天", "the cure date is in the future")
    if cured_on < listing.ground_on:
        raise ValidationFailed("cured_on", "整改日期早于列入事由", "the cure date is before the ground")
    note = _check_cure(listing, cure_note)
    before = model_snapshot(listing)
    clock = clocks.clock_start(
        actor=actor,
        subject_type=LISTING_SUBJECT,
        subject_id=listing.pk,
        rule_id=REMOVE_RULE,
        start=cured_on,
        org_unit_path=listing.entity.supervisor_path,
        today=today,
    )
    listing.cured_on = cured_on
    listing.cure_note = note
    listing.remove_clock = clock
    listing.remove_due = clock.due_date
    listing.save(update_fields=["cured_on", "cure_note", "remove_clock", "remove_due", "updated_at"])
    audit_record(
        actor=actor,
        action="credit.abnormal.cure_recorded",
        obj=listing,
        before=before,
        after=model_snapshot(listing),
    )
    return listing


@transaction.atomic
def abnormal_remove(
    *,
    actor: Actor,
    listing: AbnormalListing,
    today: dt.date,
    cured_on: dt.date | None = None,
    cure_note: str = "",
    decided_on: dt.date | None = None,
    cause: str = "list_removed",
) -> AbnormalListing:
    """Remove a cured entity from the list (移出经营异常名录 / 恢复正常记载状态).

    The cure must fit the ground (report filed, information disclosed or
    corrected, contact restored); a cure not recorded yet is recorded now
    (``cured_on``). The ``abnormal.remove`` clock completes on ``decided_on``
    (late removals are kept as such). The listing's portal entry is withdrawn
    with the reason - the listing was lawful and ended, it is not revoked -
    and the non-public fact ``abnormal.removed`` records the removal decision.
    ``cause`` goes to the change feed (``credit_repair`` when a repair removes it).
    """
    policies.require_credit_officer(actor, "credit.abnormal.remove", listing.entity.supervisor_path)
    decided_on = decided_on or today
    if decided_on > today:
        raise ValidationFailed("decided_on", "移出日期不能晚于今天", "the removal date is in the future")
    listing = _locked_listing(listing)
    if listing.remove_clock is None:
        if cured_on is None:
            raise ValidationFailed("cured_on", "请填写整改日期", "the cure date is required")
        listing = cure_record(
            actor=actor, listing=listing, cured_on=cured_on, cure_note=cure_note, today=today
        )
        listing = _locked_listing(listing)
    elif listing.status != ListingStatus.LISTED.value:
        raise Conflict("not_listed", "该主体不在名录中", "the listing is no longer in force")
    assert listing.cured_on is not None and listing.remove_clock is not None
    if decided_on < listing.cured_on:
        raise ValidationFailed(
            "decided_on", "移出日期不能早于整改日期", "the removal cannot precede the cure"
        )
    before = model_snapshot(listing)
    clock = clocks.clock_stop(
        actor=actor, clock=listing.remove_clock, on=decided_on, reason="已移出 removed", today=today
    )
    number = _next_number(authority=listing.authority, year=decided_on.year, series=SERIES_REMOVE)
    mode = Mode(listing.mode)
    measure = "移出经营异常名录" if mode is Mode.LIST else "恢复正常记载状态"
    assert listing.fact is not None
    entry = listing.fact.public_fact
    if entry is not None and entry.withdrawn_on is None:
        public_fact_withdraw(
            actor=actor,
            fact=entry,
            on=today,
            reason=f"{measure}（{number}）：{listing.cure_note}"[:2000],
            cause=cause,
        )
    removal = credit_fact_record(
        actor=actor,
        entity=listing.entity,
        kind=kinds.REMOVED.kind,
        title=f"{measure}（原列入决定 {listing.document_number}）"[:300],
        decided_on=decided_on,
        source_department=listing.authority.name,
        document_number=number,
        legal_basis=listing.fact.legal_basis,
        body={
            "listed_fact": listing.fact.pk,
            "listing_document_number": listing.document_number,
            "cured_on": listing.cured_on.isoformat(),
            "cure": listing.cure_note,
        },
        source_type=LISTING_SUBJECT,
        source_id=listing.pk,
        today=today,
    )
    listing.status = ListingStatus.REMOVED.value
    listing.removed_on = decided_on
    listing.removed_late = clock.completed_late
    listing.removal_document_number = number
    listing.removal_fact = removal
    listing.save()
    audit_record(
        actor=actor,
        action="credit.abnormal.removed",
        obj=listing,
        before=before,
        after=model_snapshot(listing),
    )
    return listing
