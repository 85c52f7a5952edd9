"""The demo-data step."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone

from shijian.core.roles import Role
from shijian.credit.abnormal.demo import _report_year, abnormal_demo
from shijian.credit.abnormal.models import AbnormalListing, AbnormalObjection
from shijian.registry.reports.tests.factories import represent
from shijian.testing.registry import make_entity
from shijian.testing.world import World

from .factories import SYSTEM, file_report, individual

pytestmark = pytest.mark.django_db


def test_demo_lists_removes_objects_and_marks(world: World) -> None:
    for _ in range(6):
        make_entity(world)
    individual(world)
    represent(make_entity(world), world.users[Role.ENTERPRISE])
    out = io.StringIO()
    counts = abnormal_demo(actor=SYSTEM, seed=7, size="small", out=out)
    assert out.getvalue() == ""
    assert counts == {
        "abnormal_listed": 4,
        "abnormal_removed": 2,
        "abnormal_status": 1,
        "abnormal_objections": 1,
    }
    assert AbnormalListing.objects.filter(status="removed").count() == 2
    assert AbnormalListing.objects.filter(mode="status").count() == 1
    assert AbnormalObjection.objects.filter(status="submitted").count() == 1
    again = abnormal_demo(actor=SYSTEM, seed=7, size="small", out=out)
    assert again == {"abnormal_listings": AbnormalListing.objects.count()}


def test_demo_enters_a_paper_objection_when_the_enterprise_has_filed(world: World) -> None:
    for _ in range(6):
        make_entity(world)
    own = make_entity(world)
    represent(own, world.users[Role.ENTERPRISE])
    today = timezone.localdate()
    file_report(world, own, year=_report_year(today), today=today)
    counts = abnormal_demo(actor=SYSTEM, seed=7, size="small", out=io.StringIO())
    assert counts["abnormal_objections"] == 1
    objection = AbnormalObjection.objects.get()
    assert objection.listing.entity != own and objection.filed_by_id is None
