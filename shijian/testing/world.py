"""A small jurisdiction tree with one user per role, for tests.

洛阳市 (city) with two counties, 涧西区 (home) and 老城区 (other). Users of
every staff role sit in the 涧西区 bureau, so objects in 涧西区 are in scope
and objects in 老城区 are out of scope for everyone but the administrator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from shijian.accounts import services
from shijian.accounts.models import OrgUnit, OrgUnitKind, User
from shijian.accounts.selectors import actor_for_user
from shijian.core.actor import Actor, system_actor
from shijian.core.roles import Role

PASSWORD = "test-password-123"  # noqa: S105 - test accounts only


@dataclass
class World:
    """Org units, one user per role and their actors."""

    province: OrgUnit
    city: OrgUnit
    city_bureau: OrgUnit
    home_county: OrgUnit
    home_bureau: OrgUnit
    home_section: OrgUnit
    other_county: OrgUnit
    other_bureau: OrgUnit
    users: dict[Role, User] = field(default_factory=dict)

    def actor(self, role: Role) -> Actor:
        """The actor of the user holding ``role``."""
        return actor_for_user(self.users[role])


def build_world(*, suffix: str = "") -> World:
    """Create the tree and users (call inside a test with database access)."""
    system = system_actor("tests")

    def unit(code: str, name: str, kind: str, parent: OrgUnit | None, division: str = "") -> OrgUnit:
        return services.org_unit_create(
            actor=system, code=f"{code}{suffix}", name=name, kind=kind, parent=parent, division_code=division
        )

    province = unit("410000", "河南省", OrgUnitKind.PROVINCE, None, "410000")
    city = unit("410300", "洛阳市", OrgUnitKind.PREFECTURE, province, "410300")
    city_bureau = unit("410300-AMR", "洛阳市市场监督管理局", OrgUnitKind.BUREAU, city)
    home_county = unit("410305", "涧西区", OrgUnitKind.COUNTY, city, "410305")
    home_bureau = unit("410305-AMR", "涧西区市场监督管理局", OrgUnitKind.BUREAU, home_county)
    home_section = unit("410305-AMR-ENF", "执法大队", OrgUnitKind.SECTION, home_bureau)
    other_county = unit("410302", "老城区", OrgUnitKind.COUNTY, city, "410302")
    other_bureau = unit("410302-AMR", "老城区市场监督管理局", OrgUnitKind.BUREAU, other_county)
    world = World(
        province, city, city_bureau, home_county, home_bureau, home_section, other_county, other_bureau
    )
    for role in Role:
        org_unit = None if role == Role.ENTERPRISE else home_section
        user = services.user_create(
            actor=system,
            username=f"{role.value}{suffix}",
            password=PASSWORD,
            display_name=role.label_zh,
            org_unit=org_unit,
            roles=[role],
        )
        if role == Role.OFFICER:
            services.certificate_issue(
                actor=system,
                user=user,
                number=f"TEST-{role.value}{suffix}",
                issued_on=dt.date(2024, 1, 1),
                expires_on=dt.date(2030, 12, 31),
            )
        world.users[role] = user
    return world
