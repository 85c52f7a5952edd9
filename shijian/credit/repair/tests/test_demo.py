"""The demo-data step: an application in every state, the demo enterprise's own in progress."""

from __future__ import annotations

import io

import pytest

from shijian.core.roles import Role
from shijian.credit.repair.demo import repair_demo
from shijian.credit.repair.models import RepairApplication
from shijian.credit.repair.tests.helpers import SYSTEM
from shijian.registry.reports.tests.factories import represent
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db


def test_demo_makes_applications_in_every_state(world: World) -> None:
    for _ in range(5):
        make_entity(world)
    own = make_entity(world)
    represent(own, world.users[Role.ENTERPRISE])
    out = io.StringIO()
    counts = repair_demo(actor=SYSTEM, seed=3, size="small", out=out)
    assert out.getvalue() == ""
    assert counts == {
        "repair_submitted": 1,
        "repair_accepted": 1,
        "repair_repaired": 1,
        "repair_refused": 1,
        "repair_not_accepted": 1,
    }
    mine = RepairApplication.objects.get(entity=own)
    assert mine.status == "submitted" and mine.filed_by_user_id == world.users[Role.ENTERPRISE].pk
    assert mine.materials.count() == 3
    repaired = RepairApplication.objects.get(status="repaired")
    assert repaired.target_fact.public_fact is not None
    assert repaired.target_fact.public_fact.withdrawn_on is not None
    assert repair_demo(actor=SYSTEM, seed=3, size="small", out=out) == {"repair_applications": 5}
