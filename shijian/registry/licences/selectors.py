"""Reads of the licence app: the catalogue, licences and verification tasks (scoped for officers)."""

from __future__ import annotations

from django.db.models import QuerySet

from shijian.core.actor import Actor
from shijian.core.errors import NotFound
from shijian.core.scoping import get_in_scope, scope
from shijian.registry.licences.domain import VerificationOutcome
from shijian.registry.licences.models import Licence, LicenceItem, LicenceVerification
from shijian.registry.models import MarketEntity


def licence_item_list(*, active: bool | None = None) -> QuerySet[LicenceItem]:
    """The reform catalogue (证照分离改革事项清单) by code; platform-wide, not scoped."""
    items = LicenceItem.objects.all()
    if active is not None:
        items = items.filter(active=active)
    return items.order_by("code")


def licence_item_get(*, item_id: int) -> LicenceItem:
    """One catalogue item; ``NotFound`` otherwise."""
    item = LicenceItem.objects.filter(pk=item_id).first()
    if item is None:
        raise NotFound("licence item")
    return item


def licence_list(*, actor: Actor, entity_id: int | None = None) -> QuerySet[Licence]:
    """Licences of entities in the actor's jurisdiction, newest first."""
    licences = Licence.objects.select_related("entity", "item")
    if entity_id is not None:
        licences = licences.filter(entity_id=entity_id)
    return scope(actor, licences).order_by("-issued_on", "-id")


def licence_get(*, actor: Actor, licence_id: int) -> Licence:
    """One licence in the actor's jurisdiction; ``NotFound`` otherwise."""
    return get_in_scope(actor, Licence.objects.select_related("entity", "item"), licence_id, what="licence")


def entity_licences(*, entity: MarketEntity) -> QuerySet[Licence]:
    """Every licence of an entity (for its own representative: pass an entity obtained through
    ``reports.selectors.represented_entity_get`` or a scoped read)."""
    return Licence.objects.filter(entity=entity).select_related("item").order_by("-issued_on", "-id")


def verification_list(
    *, actor: Actor, outcome: VerificationOutcome | None = None
) -> QuerySet[LicenceVerification]:
    """Commitment verifications (告知承诺核查任务) in the actor's jurisdiction, pending, most urgent first."""
    tasks = LicenceVerification.objects.select_related("licence__entity", "licence__item")
    if outcome is not None:
        tasks = tasks.filter(outcome=outcome.value)
    return scope(actor, tasks).order_by("-outcome", "due_on", "id")


def verification_get(*, actor: Actor, verification_id: int) -> LicenceVerification:
    """One verification in the actor's jurisdiction; ``NotFound`` otherwise."""
    return get_in_scope(
        actor,
        LicenceVerification.objects.select_related("licence__entity", "licence__item"),
        verification_id,
        what="verification",
    )
