"""Building case leads for the cases tests."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from shijian.accounts.models import OrgUnit
from shijian.cases import services
from shijian.cases.models import CaseLead
from shijian.core.actor import system_actor
from shijian.testing.registry import make_entity
from shijian.testing.world import World

D = dt.date
SYSTEM = system_actor("tests")
TODAY = D(2026, 6, 15)
_sources = itertools.count(1)


def lead(world: World, scope: str = "in", **overrides: Any) -> CaseLead:
    """A lead handed over by the system from an inspection result, owned by the home or the other bureau."""
    department: OrgUnit = world.home_section if scope == "in" else world.other_bureau
    values: dict[str, Any] = {
        "actor": SYSTEM,
        "entity": make_entity(world, scope=scope),
        "source_type": "inspection.result",
        "source_id": str(next(_sources)),
        "summary": "现场检查发现超范围经营，涉嫌无证经营食品",
        "found_on": D(2026, 6, 10),
        "department": department,
        "today": TODAY,
    }
    values.update(overrides)
    return services.lead_create(**values)
