"""Reads of simplified deregistration: public notices and the officer's objections."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from shijian.core.actor import Actor
from shijian.core.errors import NotFound
from shijian.core.scoping import scope
from shijian.registry.deregistration.domain import NoticeStatus
from shijian.registry.deregistration.models import DeregistrationNotice, Objection


def notices_open(*, today: dt.date) -> QuerySet[DeregistrationNotice]:
    """Notices in their public period today, newest first (简易注销公告列表)."""
    return DeregistrationNotice.objects.select_related("entity").filter(
        status=NoticeStatus.NOTICE.value, notice_start__lte=today, notice_end__gte=today
    )


def notice_public_get(*, notice_id: int) -> DeregistrationNotice:
    """A notice for its public page (every status: the outcome is public too)."""
    notice = DeregistrationNotice.objects.select_related("entity").filter(pk=notice_id).first()
    if notice is None:
        raise NotFound("notice")
    return notice


def objections_for(*, actor: Actor) -> QuerySet[Objection]:
    """Objections to notices in the actor's jurisdiction, pending first."""
    return scope(actor, Objection.objects.select_related("notice__entity")).order_by("status", "lodged_on")
