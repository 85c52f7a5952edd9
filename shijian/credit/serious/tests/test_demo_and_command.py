"""The demo step and the expiry command."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from shijian.core.roles import Role
from shijian.credit.serious.demo import serious_demo
from shijian.credit.serious.models import SeriousListing
from shijian.credit.serious.tests.helpers import published, staff_user
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db


def test_demo_lists_one_entity_per_state(world: World) -> None:
    staff_user(world, world.home_section, Role.OFFICER, "jianxi").__class__.objects.filter(
        username=f"jianxi-{world.home_section.code}"
    ).update(username="jianxi")
    staff_user(world, world.city_bureau, Role.SECTION_CHIEF, "chief").__class__.objects.filter(
        username=f"chief-{world.city_bureau.code}"
    ).update(username="chief")
    for _ in range(4):
        make_entity(world)
    out = io.StringIO()
    counts = serious_demo(actor=None, seed=7, size="small", out=out)  # type: ignore[arg-type]
    assert counts == {"serious_procedure": 1, "serious_listed": 1, "serious_removed": 1}, out.getvalue()
    assert sorted(SeriousListing.objects.values_list("status", flat=True)) == ["listed", "noticed", "removed"]
    assert serious_demo(actor=None, seed=7, size="small", out=out) == {"serious_listings": 3}  # type: ignore[arg-type]


def test_expire_command_is_idempotent(world: World) -> None:
    listing = published(world)
    first, second = io.StringIO(), io.StringIO()
    call_command("credit_serious", "expire", "--today", "2029-09-16", "--json", stdout=first)
    # The same sweep under the credit app's command group, when it is there.
    try:
        call_command("credit", "serious-expire", "--today", "2029-09-16", "--json", stdout=second)
    except CommandError:
        call_command("credit_serious", "expire", "--today", "2029-09-16", "--json", stdout=second)
    assert json.loads(first.getvalue()) == {"today": "2029-09-16", "removed": [listing.pk]}
    assert json.loads(second.getvalue())["removed"] == []
    listing.refresh_from_db()
    assert listing.status == "removed" and listing.removed_on == dt.date(2029, 9, 15)
