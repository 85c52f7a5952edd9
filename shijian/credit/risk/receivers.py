"""Incremental re-scoring: a new credit fact re-scores its entity (for a listing, related entities too)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from shijian.credit.models import CreditFact
from shijian.credit.risk import services
from shijian.credit.risk.twin import WINDOWS
from shijian.credit.signals import credit_fact_recorded


@receiver(credit_fact_recorded, dispatch_uid="credit_risk.rescore")
def rescore_on_fact(*, fact: CreditFact, **_: Any) -> None:
    """Re-score the fact's entity as of today (or the fact's date if later) with the run's rules."""
    if not services.score_models_active():
        return
    as_of = max(timezone.localdate(), fact.decided_on)
    services.entity_rescore(entity=fact.entity, as_of=as_of)
    if fact.category == WINDOWS.list_category:
        # The related-party feature of entities sharing the person or the address changes too.
        for other in services.related_entities(fact.entity):
            services.entity_rescore(entity=other, as_of=as_of)
