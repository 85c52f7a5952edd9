"""Reads of the abnormal-operations list, scoped by the actor (404 outside the jurisdiction)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Exists, OuterRef, Q, QuerySet

from shijian.accounts.policies import require_staff
from shijian.core.actor import Actor
from shijian.core.errors import NotFound
from shijian.core.scoping import scope
from shijian.credit import policies
from shijian.credit.abnormal.domain import Ground, Letter, LetterEvidence, ListingStatus, letters_evidence
from shijian.credit.abnormal.models import (
    AbnormalListing,
    AbnormalObjection,
    ContactFailure,
    EnforcementProposal,
    RegisteredLetter,
    SweepRun,
)
from shijian.credit.abnormal.services._common import OPEN_STATUSES, letter_interval
from shijian.registry.models import MarketEntity
from shijian.registry.reports.models import AdhocDisclosure, AnnualReport, DisclosureStatus
from shijian.registry.selectors import entities_represented

_LISTING_RELATED = ("entity", "authority", "fact", "removal_fact")


@dataclass(frozen=True, slots=True)
class ListingFilters:
    """Filters of the officers' list."""

    status: str | None = None
    ground: str | None = None
    mode: str | None = None
    report_year: int | None = None
    entity_id: int | None = None
    decided_from: dt.date | None = None
    decided_to: dt.date | None = None

    def as_lookup(self) -> dict[str, object]:
        """The ORM lookups of the filters that are set."""
        pairs = {
            "status": self.status,
            "ground": self.ground,
            "mode": self.mode,
            "report_year": self.report_year,
            "entity_id": self.entity_id,
            "decided_on__gte": self.decided_from,
            "decided_on__lte": self.decided_to,
        }
        return {k: v for k, v in pairs.items() if v is not None}


def listing_list(*, actor: Actor, filters: ListingFilters | None = None) -> QuerySet[AbnormalListing]:
    """Listings of entities in the actor's jurisdiction, newest first."""
    require_staff(actor, "credit.read")
    found = AbnormalListing.objects.select_related(*_LISTING_RELATED).filter(
        **(filters or ListingFilters()).as_lookup()
    )
    return scope(actor, found).order_by("-decided_on", "-id")


def listing_get(*, actor: Actor, listing_id: int) -> AbnormalListing:
    """One listing of the actor's jurisdiction (404 outside it; 403 for roles that may not read credit)."""
    require_staff(actor, "credit.read")
    listing = (
        scope(actor, AbnormalListing.objects.select_related(*_LISTING_RELATED)).filter(pk=listing_id).first()
    )
    if listing is None:
        raise NotFound("listing")
    policies.require_credit_reader(actor, listing.entity.supervisor_path)
    return listing


def objection_get(*, actor: Actor, objection_id: int) -> AbnormalObjection:
    """One objection to a listing of the actor's jurisdiction."""
    require_staff(actor, "credit.read")
    found = scope(actor, AbnormalObjection.objects.select_related("listing__entity", "listing__authority"))
    objection = found.filter(pk=objection_id).first()
    if objection is None:
        raise NotFound("objection")
    return objection


def proposal_list(*, actor: Actor, status: str | None = None) -> QuerySet[EnforcementProposal]:
    """Art. 18 proposals of the actor's jurisdiction, pending first."""
    require_staff(actor, "credit.read")
    found = EnforcementProposal.objects.select_related("entity")
    if status:
        found = found.filter(status=status)
    return scope(actor, found).order_by("status", "-proposed_on", "-id")


def proposal_get(*, actor: Actor, proposal_id: int) -> EnforcementProposal:
    """One proposal of the actor's jurisdiction."""
    found = proposal_list(actor=actor).filter(pk=proposal_id).first()
    if found is None:
        raise NotFound("proposal")
    return found


def letters_for(*, actor: Actor, entity: MarketEntity) -> QuerySet[RegisteredLetter]:
    """The registered letters sent to an entity (officers of its jurisdiction)."""
    policies.require_credit_reader(actor, entity.supervisor_path)
    return RegisteredLetter.objects.filter(entity=entity).order_by("sent_on", "id")


class LetterProgress(StrEnum):
    """Where the registered-letter evidence of ground (4) stands for an entity on the contact queue."""

    TO_SEND = "to_send"  # 待寄送挂号信: no letter sent since the finding
    UNDER_WAY = "under_way"  # 挂号信寄送中: letters sent, the two unsigned ones not (yet) there
    COMPLETE = "complete"  # 证据已齐备: two unsigned letters in the interval, ground (4) may be listed

    @property
    def label_zh(self) -> str:
        """Chinese label (the next step)."""
        return _PROGRESS_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label (the next step)."""
        return _PROGRESS_LABELS[self][1]


_PROGRESS_LABELS: dict[LetterProgress, tuple[str, str]] = {
    LetterProgress.TO_SEND: ("待寄送挂号信", "send the registered letters"),
    LetterProgress.UNDER_WAY: ("挂号信寄送中", "registered letters under way"),
    LetterProgress.COMPLETE: ("挂号信证据已齐备，可列入", "letters evidence complete: may be listed"),
}


@dataclass(frozen=True, slots=True)
class ContactQueueItem:
    """An entity found unreachable and not (yet) listed on ground (4), with its letters evidence."""

    entity: MarketEntity
    #: The findings not yet followed by a ground-(4) listing, newest first.
    failures: tuple[ContactFailure, ...]
    letters_sent: int
    letters_unsigned: int
    evidence: LetterEvidence | None
    progress: LetterProgress

    @property
    def first_found_on(self) -> dt.date:
        """The earliest pending finding: the queue is worked oldest first."""
        return min(x.found_on for x in self.failures)


def contact_failure_queue(*, actor: Actor, on: dt.date) -> list[ContactQueueItem]:
    """The abnormal section's work queue: entities found unreachable, not (yet) listed on ground (4).

    "Found unreachable by an inspection; send the registered letters." An
    entity of the actor's jurisdiction is on it while it is open (active or
    suspended) and has a contact failure found on or before ``on`` that no
    ground-(4) listing has followed: none is in force, and none was decided
    on or after the finding. Each item carries the state of the
    registered-letter evidence as the listing checks it (``letter_evidence_for``:
    letters sent on or before ``on``, the interval rules in force on ``on``),
    computed here for all entities at once. Oldest finding first.
    """
    require_staff(actor, "credit.read")
    followed = AbnormalListing.objects.filter(
        entity_id=OuterRef("entity_id"), ground=Ground.UNREACHABLE.value
    ).filter(Q(status=ListingStatus.LISTED.value) | Q(decided_on__gte=OuterRef("found_on")))
    pending = (
        scope(actor, ContactFailure.objects.select_related("entity"))
        .filter(entity__status__in=OPEN_STATUSES, found_on__lte=on)
        .exclude(Exists(followed))
        .order_by("entity_id", "-found_on", "-id")
    )
    by_entity: dict[int, list[ContactFailure]] = defaultdict(list)
    for failure in pending:
        by_entity[failure.entity_id].append(failure)
    if not by_entity:
        return []
    low, high = letter_interval(on=on)
    letters: dict[int, list[Letter]] = defaultdict(list)
    sent = RegisteredLetter.objects.filter(entity_id__in=pending.values("entity_id"), sent_on__lte=on)
    for entity_id, sent_on, unsigned, returned_on in sent.values_list(
        "entity_id", "sent_on", "returned_unsigned", "returned_on"
    ):
        letters[entity_id].append(Letter(sent_on, unsigned, returned_on))
    items = []
    for entity_id, failures in by_entity.items():
        mine = letters[entity_id]
        evidence = letters_evidence(mine, min_days=low, max_days=high)
        first_found = min(x.found_on for x in failures)
        if evidence is not None:
            progress = LetterProgress.COMPLETE
        elif any(x.sent_on >= first_found for x in mine):
            progress = LetterProgress.UNDER_WAY
        else:
            progress = LetterProgress.TO_SEND
        items.append(
            ContactQueueItem(
                entity=failures[0].entity,
                failures=tuple(failures),
                letters_sent=len(mine),
                letters_unsigned=sum(1 for x in mine if x.returned_unsigned),
                evidence=evidence,
                progress=progress,
            )
        )
    return sorted(items, key=lambda x: (x.first_found_on, x.entity.pk))


def listings_represented(*, actor: Actor, today: dt.date) -> QuerySet[AbnormalListing]:
    """Listings of the entities an enterprise user represents (their own record)."""
    return (
        AbnormalListing.objects.select_related(*_LISTING_RELATED)
        .filter(entity__in=entities_represented(actor=actor, on=today))
        .order_by("-decided_on", "-id")
    )


def listing_represented_get(*, actor: Actor, listing_id: int, today: dt.date) -> AbnormalListing:
    """One listing of an entity the user represents; anyone else: 404."""
    listing = listings_represented(actor=actor, today=today).filter(pk=listing_id).first()
    if listing is None:
        raise NotFound("listing")
    return listing


def sweep_get(*, report_year: int) -> SweepRun | None:
    """The sweep run of a report year, if any (operators' command)."""
    return SweepRun.objects.filter(report_year=report_year).first()


def cure_seen(listing: AbnormalListing) -> bool | None:
    """Whether the platform sees the cure of ``listing`` itself (``None``: an officer verifies it).

    Ground (1) is cured by filing the missing annual report, ground (2) by
    disclosing the ordered information when that disclosure is on the
    platform; corrected information and restored contact are verified by
    the officer.
    """
    ground = Ground(listing.ground)
    if ground is Ground.ANNUAL_REPORT:
        year = listing.report_year or 0  # set for every ground-(1) listing (check constraint)
        reports = AnnualReport.objects.filter(entity_id=listing.entity_id, report_year=year)
        return reports.exists()
    if ground is Ground.ADHOC_DISCLOSURE and listing.disclosure_id is not None:
        filed = AdhocDisclosure.objects.filter(pk=listing.disclosure_id, status=DisclosureStatus.FILED)
        return filed.exists()
    return None
