"""Reading the serious-violation list: listings of the jurisdiction, restrictions on entities and persons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from shijian.accounts.models import OrgUnit, OrgUnitKind
from shijian.accounts.selectors import org_unit_chain
from shijian.core.actor import Actor
from shijian.core.errors import NotFound, PermissionDenied
from shijian.core.scoping import scope
from shijian.credit import policies
from shijian.credit.serious import catalogue
from shijian.credit.serious.domain import ListingStatus, Purpose
from shijian.credit.serious.models import SeriousListing
from shijian.registry.models import MarketEntity, Person

__all__ = [
    "Restriction",
    "RestrictionReason",
    "entity_restriction",
    "listing_get",
    "listing_list",
    "listings_in_force",
    "person_bars",
]


def listing_list(*, actor: Actor, status: str | None = None) -> QuerySet[SeriousListing]:
    """Proposals and listings of the actor's jurisdiction, newest first (credit officers, legal reviewers)."""
    if not actor.is_system and not actor.has_any(policies.CREDIT_READERS):
        raise PermissionDenied("credit_serious.read")
    found = scope(actor, SeriousListing.objects.select_related("entity"))
    if status:
        found = found.filter(status=status)
    return found.order_by("-proposed_on", "-id")


def listing_get(*, actor: Actor, listing_id: int) -> SeriousListing:
    """One listing of the actor's jurisdiction (404 outside it, 403 for roles that do not read credit)."""
    if not (actor.is_system or actor.is_staff_member):
        raise PermissionDenied("credit_serious.read")
    listing = (
        scope(actor, SeriousListing.objects.select_related("entity", "person", "listed_fact", "removed_fact"))
        .filter(pk=listing_id)
        .first()
    )
    if listing is None:
        raise NotFound("listing")
    policies.require_credit_reader(actor, listing.entity.supervisor_path)
    return listing


def listings_in_force(*, on: dt.date) -> QuerySet[SeriousListing]:
    """Listings whose entity is on the list on ``on``.

    Decided on or before ``on``, ``on`` not after the last day listed (so a
    lapsed listing stops counting even before the sweep has run) and not
    removed by then.
    """
    return SeriousListing.objects.filter(
        status__in=[ListingStatus.LISTED.value, ListingStatus.REMOVED.value],
        decided_on__lte=on,
        listed_until__gte=on,
    ).exclude(removed_on__lte=on)


@dataclass(frozen=True, slots=True)
class RestrictionReason:
    """One listing that restricts the entity, and the measure that does."""

    listing_id: int
    decision_number: str
    deciding_authority: str
    decided_on: dt.date
    listed_until: dt.date | None
    measure: str
    label_zh: str
    label_en: str
    legal_basis: str


@dataclass(frozen=True, slots=True)
class Restriction:
    """Whether an entity is restricted for a purpose on a day, and why (联合惩戒查询)."""

    entity_id: int
    purpose: Purpose
    on: dt.date
    reasons: list[RestrictionReason] = field(default_factory=list)

    @property
    def restricted(self) -> bool:
        """True when at least one listing in force applies a measure of this purpose."""
        return bool(self.reasons)


def entity_restriction(*, actor: Actor, entity: MarketEntity, purpose: Purpose, on: dt.date) -> Restriction:
    """Is ``entity`` restricted for ``purpose`` (procurement, bidding, honours, key supervision) on ``on``?

    The list is public (it is published on the portal), so any staff member
    or the system may ask about any entity: a procurement check is not
    limited to the asker's jurisdiction. Each reason names the listing
    decision and the measure's legal basis.
    """
    if not (actor.is_system or actor.is_staff_member):
        raise PermissionDenied("credit_serious.restriction")
    known = catalogue.measures()
    reasons: list[RestrictionReason] = []
    for listing in listings_in_force(on=on).filter(entity=entity).order_by("decided_on", "id"):
        for code in listing.measures:
            measure = known.get(code)
            if measure is None or measure.purpose is not purpose:
                continue
            assert listing.decided_on is not None  # listings in force are decided
            reasons.append(
                RestrictionReason(
                    listing_id=listing.pk,
                    decision_number=listing.decision_number,
                    deciding_authority=listing.deciding_authority,
                    decided_on=listing.decided_on,
                    listed_until=listing.listed_until,
                    measure=code,
                    label_zh=measure.label_zh,
                    label_en=measure.label_en,
                    legal_basis=measure.legal_basis,
                )
            )
    return Restriction(entity_id=entity.pk, purpose=purpose, on=on, reasons=reasons)


def person_bars(*, person: Person, on: dt.date) -> QuerySet[SeriousListing]:
    """Listings that bar ``person`` from being a legal representative elsewhere on ``on``.

    企业信息公示暂行条例 Art. 18 (2024): the legal representative / person in
    charge of an enterprise listed for false disclosure may not hold that
    role in another enterprise for 3 years (rule ``serious.person_bar``). The
    bar runs from the listing decision, whatever happens to the listing later.
    """
    return (
        SeriousListing.objects.filter(
            person=person,
            bars_person=True,
            status__in=[ListingStatus.LISTED.value, ListingStatus.REMOVED.value],
            decided_on__lte=on,
            person_bar_until__gt=on,
        )
        .select_related("entity")
        .order_by("decided_on", "id")
    )


def deciding_bureau(entity: MarketEntity) -> OrgUnit | None:
    """The bureau that decides listings for ``entity``: the bureau its supervising unit belongs to."""
    unit = OrgUnit.objects.filter(path=entity.supervisor_path).first()
    if unit is None:
        return None
    for candidate in org_unit_chain(unit):
        if candidate.kind == OrgUnitKind.BUREAU:
            return candidate
    return None


def approving_bureau(bureau: OrgUnit) -> tuple[OrgUnit | None, OrgUnit | None]:
    """The bureau's division and the bureau one level up (上一级市场监督管理部门), if any."""
    division = bureau.parent
    if division is None or division.parent is None:
        return division, None
    above = (
        OrgUnit.objects.filter(parent=division.parent, kind=OrgUnitKind.BUREAU, is_active=True)
        .order_by("id")
        .first()
    )
    return division, above
