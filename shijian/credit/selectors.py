"""Reading credit facts (信用档案), scoped to the officer's jurisdiction."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from shijian.core.actor import Actor
from shijian.core.errors import NotFound, PermissionDenied
from shijian.core.scoping import scope
from shijian.credit import policies
from shijian.credit.models import CreditFact
from shijian.registry.models import MarketEntity

__all__ = ["CreditRecord", "credit_fact_get", "credit_record", "facts_in_force"]


def facts_in_force() -> QuerySet[CreditFact]:
    """Facts that count: not revocations themselves, and not corrected or revoked by a later fact."""
    later = CreditFact.objects.filter(supersedes=OuterRef("pk"))
    return CreditFact.objects.exclude(relation="revokes").exclude(Exists(later))


def credit_fact_get(*, actor: Actor, fact_id: int) -> CreditFact:
    """One fact of the actor's jurisdiction (404 outside it)."""
    if not (actor.is_system or actor.is_staff_member):
        raise PermissionDenied("credit.read")
    fact = (
        scope(actor, CreditFact.objects.select_related("entity", "person", "public_fact", "supersedes"))
        .filter(pk=fact_id)
        .first()
    )
    if fact is None:
        raise NotFound("credit fact")
    policies.require_credit_reader(actor, fact.entity.supervisor_path)
    return fact


@dataclass(frozen=True, slots=True)
class CreditRecord:
    """An entity's credit record for officers: the facts in force and the full history."""

    entity: MarketEntity
    in_force: list[CreditFact]
    history: list[CreditFact]


def credit_record(*, actor: Actor, entity: MarketEntity) -> CreditRecord:
    """The entity's credit record (信用档案): every fact, newest first, and those in force."""
    policies.require_credit_reader(actor, entity.supervisor_path)
    history = list(
        CreditFact.objects.filter(entity=entity)
        .select_related("person", "public_fact", "supersedes")
        .order_by("-decided_on", "-id")
    )
    in_force_ids = set(facts_in_force().filter(entity=entity).values_list("id", flat=True))
    return CreditRecord(entity=entity, in_force=[f for f in history if f.pk in in_force_ids], history=history)
