"""Reads of credit repair: what an entity may repair, the eligibility checks, applications and materials.

Eligibility is computed here from the platform's own data and the rule
table (minimum publicity ``credit_repair.penalty_min_publicity`` and
``credit_repair.penalty_min_publicity_sensitive``, one year listed
``serious.repair_after``), so the enterprise, the officer and the decision
see the same checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from shijian.core.actor import Actor
from shijian.core.clock.selectors import period_end, rule_in_force
from shijian.core.errors import NotFound, PermissionDenied
from shijian.core.scoping import path_in_scope, scope
from shijian.credit import policies
from shijian.credit.abnormal import selectors as abnormal_selectors
from shijian.credit.abnormal.domain import Ground, ListingStatus, Mode
from shijian.credit.abnormal.models import AbnormalListing
from shijian.credit.domain import Severity
from shijian.credit.kinds import PENALTY
from shijian.credit.models import CreditFact
from shijian.credit.repair.domain import (
    Check,
    PenaltyFacts,
    RepairKind,
    list_removal_checks,
    penalty_publicity_checks,
    penalty_sector,
    serious_early_checks,
)
from shijian.credit.repair.models import RepairApplication, RepairMaterial
from shijian.credit.selectors import facts_in_force
from shijian.credit.serious import selectors as serious_selectors
from shijian.credit.serious.domain import ListingStatus as SeriousStatus
from shijian.credit.serious.models import SeriousListing
from shijian.registry.models import MarketEntity
from shijian.registry.selectors import entities_represented

__all__ = [
    "RepairTarget",
    "application_get",
    "application_list",
    "material_get",
    "repair_checks",
    "repair_target",
    "repair_targets_for",
]

MIN_PUBLICITY_RULE = "credit_repair.penalty_min_publicity"
MIN_PUBLICITY_SENSITIVE_RULE = "credit_repair.penalty_min_publicity_sensitive"
REPAIR_AFTER_RULE = "serious.repair_after"


@dataclass(frozen=True)
class RepairTarget:
    """What an application repairs: the fact, the listing for the list kinds, who handles it."""

    kind: RepairKind
    entity: MarketEntity
    fact: CreditFact
    abnormal_listing: AbnormalListing | None
    serious_listing: SeriousListing | None
    authority: str
    title: str

    @property
    def target_id(self) -> int:
        """The id the applicant names: the listing for the list kinds, else the penalty fact."""
        listing = self.abnormal_listing or self.serious_listing
        return listing.pk if listing is not None else self.fact.pk


def _period_end(rule_id: str, start: dt.date) -> tuple[dt.date, tuple[str, str]]:
    period = rule_in_force(rule_id=rule_id, on=start).period
    label = (period.unit.amount_text(period.amount, "zh"), period.unit.amount_text(period.amount, "en"))
    return period_end(rule_id=rule_id, start=start), label


def repair_target(*, kind: RepairKind, target_id: int, entity: MarketEntity | None = None) -> RepairTarget:
    """The listing (list kinds) or penalty fact (penalty publicity) ``target_id``; 404 if there is none.

    ``entity`` limits the search to one entity (an applicant names only its own).
    """
    if kind in (RepairKind.ABNORMAL_REMOVAL, RepairKind.STATUS_RESTORATION):
        found = AbnormalListing.objects.select_related("entity", "authority", "fact__public_fact")
        listing = found.filter(pk=target_id, **({"entity": entity} if entity else {})).first()
        if listing is None or listing.fact is None:
            raise NotFound("listing")
        return RepairTarget(
            kind=kind,
            entity=listing.entity,
            fact=listing.fact,
            abnormal_listing=listing,
            serious_listing=None,
            authority=listing.authority.name,
            title=f"{Ground(listing.ground).label_zh}（{listing.document_number}）",
        )
    if kind is RepairKind.SERIOUS_EARLY:
        found_serious = SeriousListing.objects.select_related("entity", "listed_fact__public_fact")
        serious = found_serious.filter(pk=target_id, **({"entity": entity} if entity else {})).first()
        if serious is None or serious.listed_fact is None:
            raise NotFound("listing")
        return RepairTarget(
            kind=kind,
            entity=serious.entity,
            fact=serious.listed_fact,
            abnormal_listing=None,
            serious_listing=serious,
            authority=serious.deciding_authority,
            title=f"严重违法失信名单（{serious.decision_number}）",
        )
    fact = (
        facts_in_force()
        .select_related("entity", "public_fact")
        .filter(pk=target_id, kind=PENALTY.kind, **({"entity": entity} if entity else {}))
        .first()
    )
    if fact is None:
        raise NotFound("penalty")
    return RepairTarget(
        kind=kind,
        entity=fact.entity,
        fact=fact,
        abnormal_listing=None,
        serious_listing=None,
        authority=fact.source_department,
        title=f"{fact.title}（{fact.document_number}）",
    )


def _violation_type(fact: CreditFact) -> str:
    """What a penalty was for: its ``violation_type`` if recorded, else its legal basis."""
    return str(fact.body.get("violation_type") or "").strip() or fact.legal_basis.strip()


def _penalties_after(entity: MarketEntity, after: dt.date, exclude: int | None) -> QuerySet[CreditFact]:
    found = facts_in_force().filter(entity=entity, kind=PENALTY.kind, decided_on__gt=after)
    return found.exclude(pk=exclude) if exclude else found


def _on_lists(entity: MarketEntity, today: dt.date) -> tuple[bool, bool]:
    abnormal = AbnormalListing.objects.filter(entity=entity, status=ListingStatus.LISTED.value).exists()
    serious = serious_selectors.listings_in_force(on=today).filter(entity=entity).exists()
    return abnormal, serious


def repair_checks(target: RepairTarget, *, today: dt.date) -> list[Check]:
    """Every eligibility condition of repairing ``target`` today, each with its outcome and reason."""
    if target.abnormal_listing is not None:
        listing = target.abnormal_listing
        cure = Ground(listing.ground).cure_zh
        return list_removal_checks(
            kind=target.kind,
            listed=listing.status == ListingStatus.LISTED.value,
            individual_business=listing.mode == Mode.STATUS.value,
            cure_visible=abnormal_selectors.cure_seen(listing),
            cure_text_zh=cure,
        )
    if target.serious_listing is not None:
        serious = target.serious_listing
        listed = serious.status == SeriousStatus.LISTED.value and serious.decided_on is not None
        decided = serious.decided_on or today
        earliest, _ = _period_end(REPAIR_AFTER_RULE, decided)
        heavier = [
            f.document_number or f.title
            for f in _penalties_after(target.entity, decided, None).order_by("decided_on", "id")
            if f.severity == Severity.SERIOUS.value or f.body.get("heavier_penalty") is True
        ]
        return serious_early_checks(
            listed=listed,
            earliest=earliest,
            restriction_until=serious.restriction_until,
            later_heavier_penalties=heavier,
            today=today,
        )
    fact = target.fact
    entry = fact.public_fact
    published_on = entry.published_on if entry is not None else fact.decided_on
    sector = penalty_sector(sector=str(fact.body.get("sector") or ""), legal_basis=fact.legal_basis)
    rule_id = MIN_PUBLICITY_SENSITIVE_RULE if sector else MIN_PUBLICITY_RULE
    earliest, label = _period_end(rule_id, published_on)
    kind_of_violation = _violation_type(fact)
    later = [
        f.document_number or f.title
        for f in _penalties_after(target.entity, fact.decided_on, fact.pk).order_by("decided_on", "id")
        if kind_of_violation and _violation_type(f) == kind_of_violation
    ]
    on_abnormal, on_serious = _on_lists(target.entity, today)
    return penalty_publicity_checks(
        penalty=PenaltyFacts(
            published_on=published_on,
            public_until=entry.public_until if entry is not None else None,
            withdrawn=entry is None or entry.withdrawn_on is not None,
            severe=fact.severity == Severity.SERIOUS.value,
            sector=sector,
            later_same_kind=later,
            on_abnormal_list=on_abnormal,
            on_serious_list=on_serious,
        ),
        earliest=earliest,
        minimum_label=label,
        today=today,
    )


def repair_targets_for(*, entity: MarketEntity, today: dt.date) -> list[tuple[RepairTarget, list[Check]]]:
    """What ``entity`` could apply to repair now, each with its checks (the enterprise's overview).

    Listings in force and penalties still published; a target with an
    application being handled is left out (it cannot take a second one).
    """
    open_ids = set(
        RepairApplication.objects.filter(entity=entity, status__in=["submitted", "accepted"]).values_list(
            "target_fact_id", flat=True
        )
    )
    targets: list[RepairTarget] = []
    for listing in AbnormalListing.objects.filter(entity=entity, status=ListingStatus.LISTED.value):
        individual = listing.mode == Mode.STATUS.value
        kind = RepairKind.STATUS_RESTORATION if individual else RepairKind.ABNORMAL_REMOVAL
        targets.append(repair_target(kind=kind, target_id=listing.pk))
    for serious in SeriousListing.objects.filter(entity=entity, status=SeriousStatus.LISTED.value):
        targets.append(repair_target(kind=RepairKind.SERIOUS_EARLY, target_id=serious.pk))
    penalties = facts_in_force().filter(
        Q(public_fact__public_until__isnull=True) | Q(public_fact__public_until__gte=today),
        entity=entity,
        kind=PENALTY.kind,
        public_fact__isnull=False,
        public_fact__withdrawn_on__isnull=True,
    )
    for fact in penalties.order_by("-decided_on", "-id"):
        targets.append(repair_target(kind=RepairKind.PENALTY_PUBLICITY, target_id=fact.pk))
    return [(t, repair_checks(t, today=today)) for t in targets if t.fact.pk not in open_ids]


def target_id_of(application: RepairApplication) -> int:
    """The id ``repair_target`` takes for an application's target (its listing, else its fact)."""
    if application.abnormal_listing_id is not None:
        return application.abnormal_listing_id
    if application.serious_listing_id is not None:
        return application.serious_listing_id
    return application.target_fact_id


def require_officer(actor: Actor, entity: MarketEntity, *, reading: bool = False) -> None:
    """Staff endpoints: credit staff of the entity's jurisdiction (404 outside it, 403 for other roles)."""
    if reading:
        policies.require_credit_reader(actor, entity.supervisor_path)
    else:
        policies.require_credit_officer(actor, "credit_repair.apply", entity.supervisor_path)


def represents(actor: Actor, entity: MarketEntity, today: dt.date) -> bool:
    """Whether ``actor`` is a current representative of ``entity`` (may apply and read its applications)."""
    return entities_represented(actor=actor, on=today).filter(pk=entity.pk).exists()


def application_list(
    *, actor: Actor, status: str | None = None, kind: str | None = None
) -> QuerySet[RepairApplication]:
    """Applications of the actor's jurisdiction, oldest due first (credit staff)."""
    if not actor.is_system and not actor.has_any(policies.CREDIT_READERS):
        raise PermissionDenied("credit_repair.read")
    found = scope(actor, RepairApplication.objects.select_related("entity"))
    if status:
        found = found.filter(status=status)
    if kind:
        found = found.filter(kind=kind)
    return found.order_by("-submitted_on", "-id")


def applications_represented(*, actor: Actor, today: dt.date) -> QuerySet[RepairApplication]:
    """Applications of the entities the user represents (the enterprise's own)."""
    return (
        RepairApplication.objects.select_related("entity")
        .filter(entity__in=entities_represented(actor=actor, on=today))
        .order_by("-submitted_on", "-id")
    )


def application_get(*, actor: Actor, application_id: int, today: dt.date) -> RepairApplication:
    """One application: for credit staff of the jurisdiction and the entity's representatives; else 404."""
    application = (
        RepairApplication.objects.select_related(
            "entity", "target_fact__public_fact", "abnormal_listing", "serious_listing", "result_fact"
        )
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise NotFound("application")
    path = application.entity.supervisor_path
    if actor.is_system or (path_in_scope(actor, path) and actor.has_any(policies.CREDIT_READERS)):
        return application
    if represents(actor, application.entity, today):
        return application
    raise NotFound("application")


def material_get(*, actor: Actor, material_id: int, today: dt.date) -> RepairMaterial:
    """One material, for whoever may read its application (404 for everyone else)."""
    material = RepairMaterial.objects.select_related("application__entity").filter(pk=material_id).first()
    if material is None:
        raise NotFound("material")
    application_get(actor=actor, application_id=material.application_id, today=today)
    return material
