"""Building listings in a given state for the serious-violation list tests.

The dates of the standard procedure (2026 calendar, see the hand counts in
``test_services.py``): penalty 2026-08-25, proposal 08-31, notice served
Tue 09-01 (statement and hearing request due Tue 09-08), approval 09-10,
decision Mon 09-14.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from shijian.accounts import services as account_services
from shijian.accounts.models import OrgUnit, User
from shijian.accounts.selectors import actor_for_user
from shijian.core.actor import Actor, system_actor
from shijian.core.roles import Role
from shijian.credit.serious import services
from shijian.credit.serious.models import SeriousListing
from shijian.registry.models import MarketEntity
from shijian.testing.registry import make_entity
from shijian.testing.world import PASSWORD, World

D = dt.date
PENALTY_ON = D(2026, 8, 25)
PROPOSED_ON = D(2026, 8, 31)
SERVED_ON = D(2026, 9, 1)
STATEMENT_DUE = D(2026, 9, 8)
APPROVED_ON = D(2026, 9, 10)
DECIDED_ON = D(2026, 9, 14)
TODAY = D(2026, 11, 20)


def staff_user(world: World, unit: OrgUnit, role: Role, name: str) -> User:
    """A staff account in ``unit`` holding ``role``."""
    return account_services.user_create(
        actor=system_actor("tests"),
        username=f"{name}-{unit.code}",
        password=PASSWORD,
        display_name=name,
        org_unit=unit,
        roles=[role],
    )


def city_chief(world: World) -> Actor:
    """A section chief of the city bureau: one level up from the home county bureau."""
    user = User.objects.filter(username=f"chief-{world.city_bureau.code}").first()
    if user is None:
        user = staff_user(world, world.city_bureau, Role.SECTION_CHIEF, "chief")
    return actor_for_user(user)


def propose(world: World, entity: MarketEntity | None = None, **overrides: Any) -> SeriousListing:
    """A proposal on a heavier penalty (food safety by default) by the home officer."""
    values: dict[str, Any] = {
        "actor": world.actor(Role.OFFICER),
        "entity": entity or make_entity(world),
        "category": "food",
        "heavier_penalty": True,
        "heavier_penalty_kind": "fine_upper",
        "penalty_document_number": "涧市监处罚〔2026〕88号",
        "penalty_decided_on": PENALTY_ON,
        "penalty_description": "罚款人民币五十万元，没收违法所得",
        "facts": "当事人生产经营添加非食用物质的食品，货值金额较大，社会危害严重。",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十三条；"
        "《市场监督管理严重违法失信名单管理办法》第五条",
        "case_reference": "AJ-2026-0088",
        "proposed_on": PROPOSED_ON,
        "today": TODAY,
    }
    values.update(overrides)
    return services.serious_proposal_create(**values)


def noticed(world: World, **overrides: Any) -> SeriousListing:
    """A proposal whose notice was served on ``SERVED_ON``."""
    listing = propose(world, **overrides)
    return services.serious_notice_serve(
        actor=overrides.get("actor") or world.actor(Role.OFFICER),
        listing=listing,
        served_on=SERVED_ON,
        notice_document_number="涧市监告〔2026〕12号",
        today=TODAY,
    )


def approved(world: World, **overrides: Any) -> SeriousListing:
    """A noticed proposal approved by the city bureau's section chief."""
    listing = noticed(world, **overrides)
    return services.serious_approve(
        actor=city_chief(world), listing=listing, approve=True, approved_on=APPROVED_ON, today=TODAY
    )


def listed(world: World, number: str = "涧市监列严〔2026〕1号", **overrides: Any) -> SeriousListing:
    """A listing decided on ``DECIDED_ON`` (not yet published)."""
    listing = approved(world, **overrides)
    return services.serious_decide(
        actor=overrides.get("actor") or world.actor(Role.OFFICER),
        listing=listing,
        decision_number=number,
        decided_on=DECIDED_ON,
        today=TODAY,
    )


def published(world: World, today: dt.date = TODAY, **overrides: Any) -> SeriousListing:
    """A listing decided and published on ``today``."""
    listing = listed(world, **overrides)
    actor = overrides.get("actor") or world.actor(Role.OFFICER)
    return services.serious_publish(actor=actor, listing=listing, today=today)


def listed_a_year_ago(world: World, entity: MarketEntity, actor: Actor | None = None) -> SeriousListing:
    """A listing decided on Mon 2025-09-15 (notice Mon 2025-09-01, due 09-08), published the same day."""
    actor = actor or world.actor(Role.OFFICER)
    listing = propose(
        world,
        entity=entity,
        actor=actor,
        penalty_document_number="涧市监处罚〔2025〕21号",
        penalty_decided_on=D(2025, 8, 25),
        proposed_on=D(2025, 8, 29),
    )
    listing = services.serious_notice_serve(
        actor=actor,
        listing=listing,
        served_on=D(2025, 9, 1),
        notice_document_number="告〔2025〕1号",
        today=TODAY,
    )
    listing = services.serious_approve(
        actor=city_chief(world), listing=listing, approve=True, approved_on=D(2025, 9, 10), today=TODAY
    )
    listing = services.serious_decide(
        actor=actor,
        listing=listing,
        decision_number=f"列严〔2025〕{listing.pk}号",
        decided_on=D(2025, 9, 15),
        today=TODAY,
    )
    return services.serious_publish(actor=actor, listing=listing, today=D(2025, 9, 15))
