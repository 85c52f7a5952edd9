"""Registered letters (挂号信) sent to the registered address: the evidence of ground (4)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.errors import Conflict, ValidationFailed
from shijian.credit import policies
from shijian.credit.abnormal.domain import tracking_number_clean
from shijian.credit.abnormal.models import RegisteredLetter
from shijian.credit.abnormal.services.proposals import _art18_check
from shijian.registry.models import MarketEntity


@transaction.atomic
def letter_record(
    *,
    actor: Actor,
    entity: MarketEntity,
    sent_on: dt.date,
    tracking_number: str,
    returned_unsigned: bool,
    returned_on: dt.date | None = None,
    address: str = "",
    note: str = "",
    today: dt.date,
) -> RegisteredLetter:
    """Record a registered letter (挂号信) sent to the registered address; was it returned unsigned?"""
    policies.require_credit_officer(actor, "credit.abnormal.letter_record", entity.supervisor_path)
    number = tracking_number_clean(tracking_number)
    if number is None:
        raise ValidationFailed(
            "tracking_number",
            "挂号信编号应为8至30位字母或数字",
            "the tracking number must be 8-30 letters or digits",
        )
    if sent_on > today:
        raise ValidationFailed("sent_on", "寄出日期不能晚于今天", "the sending date is in the future")
    if sent_on < entity.established_on:
        raise ValidationFailed(
            "sent_on", "寄出日期早于主体成立日期", "sent before the entity was established"
        )
    if returned_on is not None:
        if not returned_unsigned:
            raise ValidationFailed(
                "returned_on",
                "仅无人签收退回的信件填写退回日期",
                "a return date is only for unsigned letters",
            )
        if returned_on < sent_on or returned_on > today:
            raise ValidationFailed(
                "returned_on",
                "退回日期应在寄出日期与今天之间",
                "the return date must lie between the sending date and today",
            )
    if RegisteredLetter.objects.filter(entity=entity, tracking_number=number).exists():
        raise Conflict("letter_exists", f"挂号信{number}已登记", f"letter {number} is already recorded")
    letter = RegisteredLetter.objects.create(
        entity=entity,
        sent_on=sent_on,
        tracking_number=number,
        address=(address.strip() or entity.address)[:300],
        returned_unsigned=returned_unsigned,
        returned_on=returned_on,
        note=note.strip()[:5000],
        recorded_by=actor.audit_label[:200],
    )
    audit_record(
        actor=actor, action="credit.abnormal.letter_recorded", obj=letter, after=model_snapshot(letter)
    )
    _art18_check(actor=actor, entity=entity, today=today)
    return letter
