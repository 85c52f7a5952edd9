"""Objections to a listing (异议): filing, acceptance and the verified decision, with the reply letter."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.clock import services as clocks
from shijian.core.clock.domain import ClockStatus
from shijian.core.errors import Conflict, ValidationFailed
from shijian.credit import policies
from shijian.credit.abnormal.domain import Ground, ListingStatus, ObjectionStatus, objection_in_time
from shijian.credit.abnormal.models import AbnormalListing, AbnormalObjection
from shijian.credit.abnormal.services._common import (
    OBJECTION_ACCEPT_RULE,
    OBJECTION_SUBJECT,
    OBJECTION_VERIFY_RULE,
    _clock_actor,
    _locked_listing,
    _require_text,
)
from shijian.credit.services import credit_fact_revoke
from shijian.registry.selectors import entities_represented


@transaction.atomic
def objection_file(
    *,
    actor: Actor,
    listing: AbnormalListing,
    objector_name: str,
    contact: str,
    reason: str,
    today: dt.date,
) -> AbnormalObjection:
    """File an objection to a listing (提出异议) within the ``objection.submit`` period of its publication.

    The entity's representative files online; a credit officer of the
    jurisdiction may enter a paper objection. Starts ``objection.accept``.
    """
    entity = listing.entity
    represents = entities_represented(actor=actor, on=today).filter(pk=entity.pk).exists()
    if not represents:
        policies.require_credit_officer(actor, "credit.abnormal.objection_file", entity.supervisor_path)
    listing = _locked_listing(listing)
    if listing.status != ListingStatus.LISTED.value:
        raise Conflict("not_listed", "该列入决定已不在效力中", "the listing is no longer in force")
    if not objection_in_time(filed_on=today, last_day=listing.objection_until):
        raise Conflict(
            "objection_late",
            f"异议期限已于{listing.objection_until.isoformat()}届满，不予受理",
            f"the objection period ended on {listing.objection_until.isoformat()}",
            field="filed_on",
        )
    name = _require_text(objector_name, "objector_name", "异议人", "the objector's name", limit=200)
    phone = _require_text(contact, "contact", "联系方式", "a contact", limit=100)
    text = _require_text(reason, "reason", "异议理由", "the reason")
    if listing.objections.filter(
        status__in=[ObjectionStatus.SUBMITTED.value, ObjectionStatus.ACCEPTED.value]
    ).exists():
        raise Conflict("objection_pending", "已有正在处理的异议", "an objection is already being handled")
    objection = AbnormalObjection.objects.create(
        listing=listing,
        filed_by_id=actor.user_id,
        objector_name=name,
        contact=phone,
        reason=text,
        filed_on=today,
        accept_due=today,  # replaced by the clock's due date below
    )
    clock = clocks.clock_start(
        actor=_clock_actor(actor, entity.supervisor_path),
        subject_type=OBJECTION_SUBJECT,
        subject_id=objection.pk,
        rule_id=OBJECTION_ACCEPT_RULE,
        start=today,
        org_unit_path=entity.supervisor_path,
        today=today,
    )
    objection.accept_clock = clock
    objection.accept_due = clock.due_date
    objection.save(update_fields=["accept_clock", "accept_due"])
    audit_record(
        actor=actor, action="credit.abnormal.objection_filed", obj=objection, after=model_snapshot(objection)
    )
    return objection


def _locked_objection(objection: AbnormalObjection) -> AbnormalObjection:
    return (
        AbnormalObjection.objects.select_for_update(of=("self",))
        .select_related(
            "listing__entity", "listing__fact", "listing__authority", "accept_clock", "verify_clock"
        )
        .get(pk=objection.pk)
    )


def reply_letter(*, objection: AbnormalObjection, outcome_zh: str, text: str, on: dt.date) -> str:
    """The reply letter to the objector (异议处理答复书), as plain text kept with the objection."""
    listing = objection.listing
    return (
        f"{objection.objector_name}：\n"
        f"你（单位）于{objection.filed_on.isoformat()}对{listing.authority.name}作出的"
        f"{listing.document_number}号列入决定（{listing.entity.name}，事由：{Ground(listing.ground).label_zh}）"
        f"提出的异议，经审查，{outcome_zh}。\n"
        f"{text}\n"
        f"{listing.authority.name}\n{on.isoformat()}"
    )


@transaction.atomic
def objection_accept(
    *, actor: Actor, objection: AbnormalObjection, accept: bool, reason: str = "", today: dt.date
) -> AbnormalObjection:
    """Accept or refuse the objection (受理/不予受理) within ``objection.accept``.

    Accepting starts ``objection.verify``; refusing needs the reason and writes the reply letter.
    """
    policies.require_credit_officer(
        actor, "credit.abnormal.objection_accept", objection.listing.entity.supervisor_path
    )
    objection = _locked_objection(objection)
    if objection.status != ObjectionStatus.SUBMITTED.value:
        raise Conflict(
            "objection_not_submitted", "该异议已作出受理决定", "the objection was already dealt with"
        )
    if today < objection.filed_on:
        raise ValidationFailed("today", "日期早于异议提出日期", "the date is before the objection was filed")
    before = model_snapshot(objection)
    if objection.accept_clock is not None:
        clocks.clock_stop(
            actor=actor,
            clock=objection.accept_clock,
            on=today,
            reason="已受理 accepted" if accept else "不予受理 refused",
            today=today,
        )
    if accept:
        clock = clocks.clock_start(
            actor=actor,
            subject_type=OBJECTION_SUBJECT,
            subject_id=objection.pk,
            rule_id=OBJECTION_VERIFY_RULE,
            start=today,
            org_unit_path=objection.listing.entity.supervisor_path,
            today=today,
        )
        objection.status = ObjectionStatus.ACCEPTED.value
        objection.accepted_on = today
        objection.verify_clock = clock
        objection.verify_due = clock.due_date
    else:
        text = _require_text(reason, "reason", "不予受理的理由", "the reason for refusing")
        objection.status = ObjectionStatus.REFUSED.value
        objection.decided_on = today
        objection.reply = reply_letter(objection=objection, outcome_zh="决定不予受理", text=text, on=today)
    objection.save()
    audit_record(
        actor=actor,
        action="credit.abnormal.objection_accepted" if accept else "credit.abnormal.objection_refused",
        obj=objection,
        before=before,
        after=model_snapshot(objection),
    )
    return objection


@transaction.atomic
def objection_decide(
    *,
    actor: Actor,
    objection: AbnormalObjection,
    upheld: bool,
    reply: str,
    today: dt.date,
    document_number: str = "",
) -> AbnormalObjection:
    """Decide a verified objection (异议核实结果): upheld annuls the listing, rejected keeps it.

    An upheld objection means the listing should not have been made: its
    credit fact is revoked (``credit_fact_revoke``, naming the decision),
    which also takes it off the portal.
    """
    listing = objection.listing
    policies.require_credit_officer(actor, "credit.abnormal.objection_decide", listing.entity.supervisor_path)
    objection = _locked_objection(objection)
    if objection.status != ObjectionStatus.ACCEPTED.value:
        raise Conflict(
            "objection_not_accepted",
            "该异议未受理或已办结",
            "the objection is not accepted or already decided",
        )
    text = _require_text(reply, "reply", "答复内容", "the reply")
    if today < (objection.accepted_on or objection.filed_on):
        raise ValidationFailed("today", "日期早于受理日期", "the date is before the acceptance")
    before = model_snapshot(objection)
    if objection.verify_clock is not None:
        clocks.clock_stop(
            actor=actor, clock=objection.verify_clock, on=today, reason="已核实 verified", today=today
        )
    objection.status = (ObjectionStatus.UPHELD if upheld else ObjectionStatus.REJECTED).value
    objection.decided_on = today
    objection.reply = reply_letter(
        objection=objection,
        outcome_zh="异议成立，决定撤销原列入决定" if upheld else "异议不成立，维持原列入决定",
        text=text,
        on=today,
    )
    objection.save()
    if upheld:
        listing = _locked_listing(objection.listing)
        if listing.status == ListingStatus.LISTED.value:
            listing_before = model_snapshot(listing)
            assert listing.fact is not None
            credit_fact_revoke(
                actor=actor,
                fact=listing.fact,
                reason=f"异议成立 objection upheld: {text}"[:2000],
                decided_on=today,
                document_number=document_number.strip(),
                today=today,
            )
            if listing.remove_clock is not None and listing.remove_clock.status in (
                ClockStatus.RUNNING.value,
                ClockStatus.PAUSED.value,
            ):
                clocks.clock_stop(
                    actor=actor,
                    clock=listing.remove_clock,
                    on=today,
                    reason="异议成立，列入决定撤销 listing annulled",
                    outcome=ClockStatus.STOPPED,
                    today=today,
                )
            listing.status = ListingStatus.ANNULLED.value
            listing.save(update_fields=["status", "updated_at"])
            audit_record(
                actor=actor,
                action="credit.abnormal.annulled",
                obj=listing,
                before=listing_before,
                after=model_snapshot(listing),
                reason=text,
            )
    audit_record(
        actor=actor,
        action="credit.abnormal.objection_decided",
        obj=objection,
        before=before,
        after=model_snapshot(objection),
    )
    return objection
