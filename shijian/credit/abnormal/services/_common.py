"""Shared parts of the abnormal-list services: rule ids, decision numbers, checks, letter evidence.

The rule ids name the clock rule table entries every period comes from; the
letter evidence of ground (4) is read both when listing and by the 2024
Art. 18 follow-ups, so it lives here rather than with ``letter_record``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Q

from shijian.core.actor import Actor, system_actor
from shijian.core.clock.selectors import rule_in_force
from shijian.core.errors import Conflict, required_text
from shijian.core.scoping import path_in_scope
from shijian.credit.abnormal.domain import (
    Letter,
    LetterEvidence,
    authority_abbreviation,
    decision_number,
    letters_evidence,
)
from shijian.credit.abnormal.models import AbnormalListing, DecisionCounter, RegisteredLetter
from shijian.registry.domain import EntityStatus
from shijian.registry.models import MarketEntity

LIST_RULE = "abnormal.list"
REMOVE_RULE = "abnormal.remove"
OBJECTION_SUBMIT_RULE = "objection.submit"
OBJECTION_ACCEPT_RULE = "objection.accept"
OBJECTION_VERIFY_RULE = "objection.verify"
LETTER_MIN_RULE = "abnormal.letter_interval_min"
LETTER_MAX_RULE = "abnormal.letter_interval_max"

LISTING_SUBJECT = "credit_abnormal.abnormallisting"
OBJECTION_SUBJECT = "credit_abnormal.abnormalobjection"
SERIES_LIST = "异列"
SERIES_REMOVE = "异移"

OPEN_STATUSES = (EntityStatus.ACTIVE.value, EntityStatus.SUSPENDED.value)


def _clock_actor(actor: Actor, path: str) -> Actor:
    """Clocks are run by staff of the jurisdiction, otherwise (enterprise users) by the system."""
    return actor if path_in_scope(actor, path) else system_actor("credit-abnormal")


def _next_number(*, authority: Any, year: int, series: str) -> str:
    """The next decision number of ``series`` for the authority and year (locked counter row)."""
    counter, _ = DecisionCounter.objects.select_for_update().get_or_create(
        authority=authority, year=year, series=series
    )
    prefixes: dict[str, str] = settings.SHIJIAN.get("ABNORMAL_DOCUMENT_PREFIXES", {})
    prefix = prefixes.get(authority.code) or authority_abbreviation(authority.name)
    while True:
        counter.last += 1
        number = decision_number(prefix=prefix, series=series, year=year, sequence=counter.last)
        # Two authorities may share a prefix (a configured one, or short names alike):
        # a number already given out by the other is skipped, never repeated.
        taken = AbnormalListing.objects.filter(
            Q(document_number=number) | Q(removal_document_number=number)
        ).exists()
        if not taken:
            break
    counter.save(update_fields=["last"])
    return number


def _require_open(entity: MarketEntity) -> None:
    if entity.status not in OPEN_STATUSES:
        raise Conflict(
            "entity_closed",
            "该主体已吊销、注销或迁出，不列入经营异常名录",
            "the entity is revoked, deregistered or moved away: it is not listed",
        )


#: Required free text (the shared check).
_require_text = required_text


# -- letters (ground 4 evidence) ---------------------------------------------------------------


def letter_interval(*, on: dt.date) -> tuple[int, int]:
    """The allowed interval between the two letters, in calendar days (rule table, version in force)."""
    low = rule_in_force(rule_id=LETTER_MIN_RULE, on=on).period.amount
    high = rule_in_force(rule_id=LETTER_MAX_RULE, on=on).period.amount
    return low, high


def letter_evidence_for(*, entity: MarketEntity, on: dt.date) -> LetterEvidence | None:
    """The unsigned-letter evidence of ground (4) for ``entity`` as of ``on``, or None."""
    low, high = letter_interval(on=on)
    letters = [
        Letter(x.sent_on, x.returned_unsigned, x.returned_on)
        for x in RegisteredLetter.objects.filter(entity=entity, sent_on__lte=on)
    ]
    return letters_evidence(letters, min_days=low, max_days=high)


def _locked_listing(listing: AbnormalListing) -> AbnormalListing:
    return (
        AbnormalListing.objects.select_for_update(of=("self",))
        .select_related("entity", "fact__public_fact", "authority", "remove_clock", "disclosure")
        .get(pk=listing.pk)
    )
