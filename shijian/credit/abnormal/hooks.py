"""Checks this app registers with lower layers (called at start-up from ``AppConfig.ready``)."""

from __future__ import annotations

import datetime as dt

from shijian.credit.abnormal.domain import ListingStatus
from shijian.credit.abnormal.models import AbnormalListing
from shijian.registry.deregistration.domain import Refusal
from shijian.registry.deregistration.services import ELIGIBILITY_CHECKS
from shijian.registry.models import MarketEntity

CHECK_ID = "credit.abnormal"


def not_on_the_list(entity: MarketEntity, today: dt.date) -> Refusal | None:
    """An entity on the abnormal list (or in abnormal status) may not use simplified deregistration."""
    if AbnormalListing.objects.filter(entity=entity, status=ListingStatus.LISTED.value).exists():
        return Refusal(
            CHECK_ID,
            "该主体被列入经营异常名录（或标记为经营异常状态）",
            "the entity is on the abnormal-operations list (or in abnormal status)",
        )
    return None


ELIGIBILITY_CHECKS[CHECK_ID] = not_on_the_list
