"""The demo step: a partner department's three queries with feedback, idempotent."""

from __future__ import annotations

import io

import pytest

from shijian.accounts.models import User
from shijian.credit.joint.demo import PARTNER_LOGIN, joint_demo
from shijian.credit.joint.models import JointFeedback, JointQuery
from shijian.credit.serious.models import SeriousListing
from shijian.credit.serious.tests.helpers import published
from shijian.testing.registry import make_entity
from shijian.testing.world import World

from .helpers import SYSTEM, D, abnormal_today

pytestmark = pytest.mark.django_db


def test_demo_asks_about_a_listed_an_abnormal_and_a_clean_company(world: World) -> None:
    listing = published(world)  # decided 2026-09-14
    # The demo asks about today: keep the listing in force whatever the real date.
    SeriousListing.objects.filter(pk=listing.pk).update(listed_until=D(2099, 12, 31))
    abnormal_today(world)
    make_entity(world)
    out = io.StringIO()
    counts = joint_demo(actor=SYSTEM, seed=7, size="small", out=out)
    assert counts == {"joint_queries": 3, "joint_feedback": 3}, out.getvalue()
    answers = list(JointQuery.objects.order_by("id").values_list("purpose", "restricted"))
    assert answers == [("procurement", True), ("bidding", True), ("honours", False)]
    assert list(JointFeedback.objects.order_by("id").values_list("action", flat=True)) == [
        "excluded",
        "excluded",
        "not_restricted",
    ]
    partner = User.objects.get(username=PARTNER_LOGIN)
    assert list(partner.role_grants.values_list("role", flat=True)) == ["partner_department"]
    assert joint_demo(actor=SYSTEM, seed=7, size="small", out=out) == {"joint_queries": 3}
