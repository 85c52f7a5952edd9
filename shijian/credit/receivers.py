"""The credit app listens to the registry (notifications go up, calls go down)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from shijian.core.actor import Actor
from shijian.credit import kinds
from shijian.credit.services import credit_fact_record
from shijian.registry.licences.signals import commitment_broken
from shijian.registry.models import MarketEntity


@receiver(commitment_broken, dispatch_uid="credit.commitment_broken")
def record_broken_commitment(
    *,
    verification: Any,
    licence: Any,
    entity: MarketEntity,
    found_on: dt.date,
    note: str,
    actor: Actor,
    **_: Any,
) -> None:
    """A licence obtained on a false or broken commitment (告知承诺不实) becomes a public credit fact."""
    credit_fact_record(
        actor=actor,
        entity=entity,
        kind=kinds.COMMITMENT_BROKEN.kind,
        title=f"告知承诺不实：{licence.item.name}"[:300],
        decided_on=found_on,
        source_department=licence.issuing_authority,
        document_number=licence.number,
        legal_basis=licence.item.legal_basis,
        body={"licence_number": licence.number, "item": licence.item.name, "findings": note},
        source_type="registry_licences.licenceverification",
        source_id=verification.pk,
        # The signal carries no 'today': the fact is published on the day it is recorded.
        today=max(found_on, timezone.localdate()),
    )
