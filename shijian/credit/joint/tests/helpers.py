"""Partner departments, their accounts and tokens, and a short way to ask, for the joint-punishment tests.

Two partner departments sit under the city bureau as their own units: the
finance bureau's procurement centre (财政局政府采购中心) and the
development-and-reform commission (发展改革委). The world's own partner
user (in the home section) is used by the permission grid.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shijian.accounts import services as account_services
from shijian.accounts.models import OrgUnit, OrgUnitKind, User
from shijian.accounts.selectors import actor_for_user
from shijian.core.actor import Actor, system_actor
from shijian.core.roles import Role
from shijian.credit.abnormal import services as abnormal_services
from shijian.credit.abnormal.domain import Ground
from shijian.credit.abnormal.models import AbnormalListing
from shijian.credit.joint import services
from shijian.credit.joint.domain import Purpose
from shijian.credit.joint.models import JointQuery
from shijian.registry.models import MarketEntity
from shijian.testing.registry import make_entity
from shijian.testing.world import PASSWORD, World

D = dt.date
SYSTEM = system_actor("tests")
FINANCE = ("PARTNER-FIN", "洛阳市财政局政府采购中心")
REFORM = ("PARTNER-NDRC", "洛阳市发展和改革委员会")
#: "Today" of the service tests (the serious-list helpers' day).
TODAY = D(2026, 11, 20)


def partner_unit(world: World, department: tuple[str, str] = FINANCE) -> OrgUnit:
    """The unit of a partner department (created once per world)."""
    code, name = department
    found = OrgUnit.objects.filter(code=code).first()
    if found is not None:
        return found
    return account_services.org_unit_create(
        actor=SYSTEM, code=code, name=name, kind=OrgUnitKind.SECTION, parent=world.city_bureau
    )


def partner_user(world: World, department: tuple[str, str] = FINANCE, name: str = "采购中心") -> User:
    """An account of a partner department holding only the partner role."""
    unit = partner_unit(world, department)
    return account_services.user_create(
        actor=SYSTEM,
        username=f"{name}-{unit.code}",
        password=PASSWORD,
        display_name=name,
        org_unit=unit,
        roles=[Role.PARTNER_DEPARTMENT],
    )


def partner(world: World, department: tuple[str, str] = FINANCE, name: str = "采购中心") -> Actor:
    """The actor of a new partner-department account."""
    return actor_for_user(partner_user(world, department, name))


def token_headers(user: User) -> dict[str, str]:
    """The bearer header of a fresh API token of ``user``."""
    _token, secret = account_services.api_token_create(actor=SYSTEM, user=user, name="joint")
    return {"Authorization": f"Bearer {secret}"}


def ask(
    actor: Actor,
    entity: MarketEntity,
    purpose: Purpose = Purpose.PROCUREMENT,
    on: dt.date | None = None,
    today: dt.date = TODAY,
    reference: str = "",
) -> JointQuery:
    """Ask about ``entity`` (by its USCC) through the service."""
    return services.query_record(
        actor=actor, uscc=entity.uscc, purpose=purpose, on=on, reference=reference, today=today
    )


def abnormal_today(world: World, scope: str = "in") -> AbnormalListing:
    """An enterprise listed today for false disclosure (the API works on the real date)."""
    today = timezone.localdate()
    return abnormal_services.abnormal_list(
        actor=SYSTEM,
        entity=make_entity(world, scope=scope),
        ground=Ground.FALSE_DISCLOSURE,
        ground_on=today,
        decided_on=today,
        reason="年度报告从业人数弄虚作假",
        today=today,
    )
