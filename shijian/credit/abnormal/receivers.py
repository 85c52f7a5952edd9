"""Automatic removal when the cure is visible on the platform (notifications from the registry).

A report filed for a year the entity is listed for, or the ordered ad-hoc
information disclosed, removes the listing at once (the cure day is the
removal day, well inside ``abnormal.remove``). The removal runs inside the
filing transaction but in its own savepoint: if it is refused (for example a
calendar year is missing) the filing still stands and the listing stays for
an officer to remove; the failure is logged.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.dispatch import receiver

from shijian.core.actor import system_actor
from shijian.core.errors import DomainError
from shijian.credit.abnormal.domain import Ground, ListingStatus
from shijian.credit.abnormal.models import AbnormalListing
from shijian.credit.abnormal.services import abnormal_remove
from shijian.registry.reports.signals import annual_report_filed, disclosure_filed

log = logging.getLogger(__name__)
ACTOR_NAME = "credit-abnormal-auto"


def _remove_all(listings: list[AbnormalListing], *, filed_on: dt.date, note: str) -> None:
    actor = system_actor(ACTOR_NAME)
    for listing in listings:
        try:
            with transaction.atomic():
                abnormal_remove(
                    actor=actor, listing=listing, cured_on=filed_on, cure_note=note, today=filed_on
                )
        except DomainError as exc:
            log.warning("automatic removal of listing %s refused: %s", listing.pk, exc)


@receiver(annual_report_filed, dispatch_uid="credit_abnormal.annual_report_filed")
def remove_on_report(*, report: Any, entity: Any, filed_on: dt.date, **_: Any) -> None:
    """The missing report was filed: remove the ground-(1) listing of that year."""
    listings = list(
        AbnormalListing.objects.filter(
            entity=entity,
            ground=Ground.ANNUAL_REPORT.value,
            report_year=report.report_year,
            status=ListingStatus.LISTED.value,
        )
    )
    _remove_all(
        listings, filed_on=filed_on, note=f"已补报{report.report_year}年度报告（{filed_on.isoformat()}）"
    )


@receiver(disclosure_filed, dispatch_uid="credit_abnormal.disclosure_filed")
def remove_on_disclosure(*, disclosure: Any, entity: Any, filed_on: dt.date, **_: Any) -> None:
    """The ordered ad-hoc information was disclosed: remove the ground-(2) listing naming it."""
    listings = list(
        AbnormalListing.objects.filter(
            entity=entity,
            ground=Ground.ADHOC_DISCLOSURE.value,
            disclosure=disclosure,
            status=ListingStatus.LISTED.value,
        )
    )
    _remove_all(listings, filed_on=filed_on, note=f"已公示责令公示的即时信息（{filed_on.isoformat()}）")
