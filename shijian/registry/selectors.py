"""Reads of the registry: public views (masked, windowed) and officer views (scoped)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet

from shijian.core.actor import Actor
from shijian.core.errors import NotFound
from shijian.core.identifiers import uscc_check
from shijian.core.masking import mask_id_numbers_in, mask_phones_in
from shijian.core.scoping import get_in_scope, scope
from shijian.registry.domain import EntityStatus, EntityType, responsible_role
from shijian.registry.models import (
    ChangeFeedEntry,
    EntityChange,
    EntityRepresentative,
    MarketEntity,
    PublicFact,
)
from shijian.registry.publication import SECTIONS, fact_kinds


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


#: Representatives are scoped through their entity's supervising unit.
_REPRESENTATIVE_SCOPE = "entity__supervisor_path"


def representative_list(*, actor: Actor, entity: MarketEntity) -> QuerySet[EntityRepresentative]:
    """The representatives of an entity (企业联络员), current ones first, then by grant date (newest first).

    Empty outside the actor's jurisdiction; pass an entity read through ``entity_get``.
    """
    links = EntityRepresentative.objects.filter(entity=entity).select_related("user", "entity")
    return scope(actor, links, lookup=_REPRESENTATIVE_SCOPE).order_by(
        F("revoked_on").desc(nulls_first=True), "-granted_on", "-id"
    )


def representative_get(*, actor: Actor, link_id: int) -> EntityRepresentative:
    """One representative link in the actor's jurisdiction (``NotFound`` otherwise)."""
    links = EntityRepresentative.objects.select_related("user", "entity")
    link = scope(actor, links, lookup=_REPRESENTATIVE_SCOPE).filter(pk=link_id).first()
    if link is None:
        raise NotFound("representative")
    return link


def representative_active(link: EntityRepresentative, *, on: dt.date) -> bool:
    """True when the link lets its user act for the entity on ``on`` (as ``entities_represented``)."""
    return link.granted_on <= on and (link.revoked_on is None or link.revoked_on > on)


@dataclass(frozen=True, slots=True)
class PublicProfile:
    """Everything the portal shows about an entity, already masked (公示页面).

    Personal data: the responsible person's name is public as registered; ID
    numbers and phone numbers never are. Internal fields (supervising unit,
    risk class, flags) are not part of the profile.
    """

    entity: MarketEntity
    type_label: str
    status_label: str
    responsible_title: str
    responsible_name: str
    former_names: list[str]
    changes: list[EntityChange]
    sections: list[tuple[str, str, str, list[PublicFact]]]
    timeline: list[PublicFact]

    def basic(self) -> dict[str, Any]:
        """The basic registration information as public data (also the public API's shape)."""
        e = self.entity
        return {
            "uscc": e.uscc,
            "name": e.name,
            "former_names": self.former_names,
            "entity_type": e.entity_type,
            "entity_type_label": self.type_label,
            "foreign_invested": e.foreign_invested,
            "responsible_title": self.responsible_title,
            "responsible_person": self.responsible_name,
            "registered_capital": str(e.registered_capital) if e.registered_capital is not None else None,
            "capital_currency": e.capital_currency,
            "established_on": e.established_on.isoformat(),
            "term_start": e.term_start.isoformat() if e.term_start else None,
            "term_end": e.term_end.isoformat() if e.term_end else None,
            # Some registers carry a contact number inside the address: never public.
            "address": mask_phones_in(e.address),
            "division_code": e.division_code,
            "premises_address": mask_phones_in(e.premises_address),
            "business_scope": e.business_scope,
            "industry": f"{e.industry.code} {e.industry.name}" if e.industry else None,
            "registration_authority": e.registration_authority.name,
            "status": e.status,
            "status_label": self.status_label,
            "status_since": e.status_since.isoformat(),
        }


def _masked_change(change: EntityChange) -> EntityChange:
    """A change record as the portal shows it (numbers of persons masked; not saved)."""
    change.before = mask_id_numbers_in(mask_phones_in(change.before))
    change.after = mask_id_numbers_in(mask_phones_in(change.after))
    return change


def entity_public_profile(*, uscc: str, today: dt.date) -> PublicProfile:
    """The public profile of an entity: basic data, change history and published facts by section."""
    entity = entity_public_get(uscc=uscc)
    entity_type = EntityType(entity.entity_type)
    facts = list(public_facts(entity=entity, today=today))
    kinds = fact_kinds()
    by_section: dict[str, list[PublicFact]] = {key: [] for key in SECTIONS}
    for fact in facts:
        kind = kinds.get(fact.kind)
        by_section[kind.section if kind else "other"].append(fact)
    title_zh, _title_en = responsible_role(entity_type)
    return PublicProfile(
        entity=entity,
        type_label=entity_type.label_zh,
        status_label=EntityStatus(entity.status).label_zh,
        responsible_title=title_zh,
        responsible_name=entity.responsible_person.name,
        former_names=list(entity.former_names.values_list("name", flat=True)),
        changes=[_masked_change(c) for c in public_changes(entity=entity)[:200]],
        sections=[(key, zh, en, by_section[key]) for key, (zh, en) in SECTIONS.items()],
        timeline=facts,
    )
