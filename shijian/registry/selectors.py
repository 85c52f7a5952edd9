"""Reads of the registry: public views (masked, windowed) and officer views (scoped)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from shijian.core.actor import Actor
from shijian.core.errors import NotFound
from shijian.core.identifiers import uscc_check
from shijian.core.scoping import get_in_scope, scope
from shijian.registry.models import ChangeFeedEntry, EntityChange, MarketEntity, PublicFact


def entity_public_get(*, uscc: str) -> MarketEntity:
    """An entity by its USCC for public display (every status is public); ``NotFound`` otherwise."""
    code = uscc_check(uscc).normalised
    entity = (
        MarketEntity.objects.select_related("responsible_person", "industry", "registration_authority")
        .filter(uscc=code)
        .first()
    )
    if entity is None:
        raise NotFound("entity")
    return entity


def public_facts(*, entity: MarketEntity, today: dt.date) -> QuerySet[PublicFact]:
    """Facts on public view today: published, not withdrawn, publicity window not ended."""
    return (
        PublicFact.objects.filter(entity=entity, published_on__lte=today, withdrawn_on__isnull=True)
        .filter(Q(public_until__isnull=True) | Q(public_until__gte=today))
        .order_by("-published_on", "-id")
    )


def public_changes(*, entity: MarketEntity) -> QuerySet[EntityChange]:
    """An entity's public change records, newest first."""
    return EntityChange.objects.filter(entity=entity, public=True).order_by("-changed_on", "-id")


def change_feed(*, after: int, limit: int = 500) -> list[ChangeFeedEntry]:
    """Public events after cursor ``after``, oldest first (a consumer restarts from its last id)."""
    return list(ChangeFeedEntry.objects.filter(id__gt=after).order_by("id")[: max(1, min(limit, 1000))])


def entity_list(*, actor: Actor) -> QuerySet[MarketEntity]:
    """Entities supervised within the actor's jurisdiction."""
    return scope(actor, MarketEntity.objects.select_related("responsible_person"))


def entity_get(*, actor: Actor, entity_id: int) -> MarketEntity:
    """One entity in the actor's jurisdiction (``NotFound`` otherwise)."""
    return get_in_scope(
        actor, MarketEntity.objects.select_related("responsible_person", "industry"), entity_id, what="entity"
    )


def entities_represented(*, actor: Actor, on: dt.date) -> QuerySet[MarketEntity]:
    """The entities an enterprise user may act for today."""
    if actor.user_id is None:
        return MarketEntity.objects.none()
    return MarketEntity.objects.filter(
        Q(representatives__revoked_on__isnull=True) | Q(representatives__revoked_on__gt=on),
        representatives__user_id=actor.user_id,
        representatives__granted_on__lte=on,
    ).distinct()
