"""Checks the serious-violation list adds to the registry (calls go down: registered at start-up).

- ``RESPONSIBLE_PERSON_CHECKS``: the 3-year bar on the legal representative of
  an enterprise listed for false disclosure (企业信息公示暂行条例 Art. 18, 2024).
- ``ELIGIBILITY_CHECKS["credit.serious"]``: a listed entity may not use
  simplified deregistration (简易注销).
"""

from __future__ import annotations

import datetime as dt

from shijian.core.errors import ValidationFailed
from shijian.credit.serious.selectors import listings_in_force, person_bars
from shijian.registry.deregistration.domain import Refusal
from shijian.registry.deregistration.services import ELIGIBILITY_CHECKS
from shijian.registry.models import MarketEntity, Person
from shijian.registry.services import RESPONSIBLE_PERSON_CHECKS

ELIGIBILITY_CHECK_ID = "credit.serious"


def person_bar_check(person: Person, today: dt.date) -> ValidationFailed | None:
    """Refuse a person barred by a listing from becoming a legal representative / person in charge."""
    listing = person_bars(person=person, on=today).first()
    if listing is None:
        return None
    until = listing.person_bar_until.isoformat() if listing.person_bar_until else ""
    return ValidationFailed(
        "responsible_person",
        f"{person.name}是被列入严重违法失信名单的企业“{listing.entity.name}”"
        f"（列入决定书 {listing.decision_number}，{listing.decided_on}）的法定代表人（负责人），"
        f"依照《企业信息公示暂行条例》第十八条，{until}前不得担任其他企业的法定代表人、负责人",
        f"{person.name} was the legal representative of '{listing.entity.name}', "
        "listed as a serious violator "
        f"(decision {listing.decision_number} of {listing.decided_on}); under Art. 18 of the Interim "
        f"Regulations on Enterprise Information Disclosure they may not be the legal representative or "
        f"person in charge of another enterprise until {until}",
        code="person_barred",
    )


def listed_entity_check(entity: MarketEntity, today: dt.date) -> Refusal | None:
    """A listed entity is not eligible for simplified deregistration."""
    listing = listings_in_force(on=today).filter(entity=entity).order_by("decided_on").first()
    if listing is None:
        return None
    return Refusal(
        ELIGIBILITY_CHECK_ID,
        f"该主体被列入严重违法失信名单（{listing.decision_number}）",
        f"the entity is on the serious-violation list (decision {listing.decision_number})",
    )


def install() -> None:
    """Register both checks (idempotent: ``ready`` may run more than once in tests)."""
    if person_bar_check not in RESPONSIBLE_PERSON_CHECKS:
        RESPONSIBLE_PERSON_CHECKS.append(person_bar_check)
    ELIGIBILITY_CHECKS[ELIGIBILITY_CHECK_ID] = listed_entity_check
