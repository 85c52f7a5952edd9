"""Factories for registry tests: valid entities in the test world's jurisdictions."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from shijian.core.actor import system_actor
from shijian.core.identifiers import idcard_make, uscc_make
from shijian.registry.domain import EntityType
from shijian.registry.models import MarketEntity
from shijian.registry.services import PersonIn, entity_register
from shijian.testing.world import World

_counter = itertools.count(1)
TODAY = dt.date(2026, 6, 1)


def next_uscc(division: str = "410305", category: str = "91") -> str:
    """A fresh valid USCC in ``division``."""
    n = next(_counter)
    return uscc_make(division, f"MA{n:06d}", category=category)


def next_person(name: str = "张伟") -> PersonIn:
    """A person with a fresh valid ID number."""
    n = next(_counter)
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=n)
    return PersonIn(name=name, id_number=idcard_make("410305", birth, n % 1000), phone="13912345678")


def make_entity(world: World, *, scope: str = "in", **overrides: Any) -> MarketEntity:
    """Register a valid entity supervised by the home (``in``) or the other (``out``) county bureau."""
    bureau = world.home_bureau if scope == "in" else world.other_bureau
    division = "410305" if scope == "in" else "410302"
    values: dict[str, Any] = {
        "uscc": next_uscc(division),
        "name": f"洛阳市测试{next(_counter)}商贸有限公司",
        "entity_type": EntityType.LLC,
        "responsible": next_person(),
        "established_on": dt.date(2020, 5, 8),
        "address": "河南省洛阳市涧西区中州西路1号" if scope == "in" else "河南省洛阳市老城区中州东路1号",
        "division_code": division,
        "business_scope": "日用百货销售",
        "registration_authority": bureau,
        "today": TODAY,
    }
    values.update(overrides)
    return entity_register(actor=system_actor("tests"), **values)
