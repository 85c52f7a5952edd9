"""Reads of enforcement cases, scoped by the actor: leads outside the jurisdiction are not there."""

from __future__ import annotations

from django.db.models import QuerySet

from shijian.accounts.policies import require_staff
from shijian.cases.models import CaseLead, LeadStatus
from shijian.core.actor import Actor
from shijian.core.scoping import scope

__all__ = ["lead_list"]


def lead_list(*, actor: Actor, status: LeadStatus | str | None = None) -> QuerySet[CaseLead]:
    """Case leads owned by departments of the actor's jurisdiction, newest finding first.

    Bureau staff only (403 for enterprise users and partner departments);
    ``status`` filters on the lead's status.
    """
    require_staff(actor, "cases.read")
    found = CaseLead.objects.select_related("entity", "department")
    if status:
        found = found.filter(status=LeadStatus(status).value)
    return scope(actor, found).order_by("-found_on", "-id")
