"""The demo-data step: a drawn plan with results in every state, a frozen plan waiting for a witness."""

from __future__ import annotations

import io

import pytest

from shijian.cases.models import CaseLead
from shijian.credit.abnormal.models import ContactFailure
from shijian.inspection.models import Plan, PlanStatus
from shijian.inspection.results.demo import STORY, inspection_demo
from shijian.inspection.results.models import InspectionResult, ResultStatus
from shijian.inspection.results.tests.helpers import SYSTEM, inspector
from shijian.inspection.selectors import draw_verify
from shijian.inspection.tests.helpers import entities
from shijian.testing.world import World

pytestmark = pytest.mark.django_db


def test_demo_draws_a_plan_and_records_results_in_every_state(world: World) -> None:
    entities(world, 60)
    for n in range(5):
        inspector(world, f"demo-{n}")
    out = io.StringIO()
    counts = inspection_demo(actor=SYSTEM, seed=5, size="small", out=out)
    assert out.getvalue() == ""
    assert all(counts[f"inspection_{story}"] == 1 for story in STORY), counts
    drawn, special = Plan.objects.order_by("number")
    assert drawn.status == PlanStatus.DRAWN and special.status == PlanStatus.FROZEN
    assert draw_verify(plan=drawn).verified
    statuses = sorted(InspectionResult.objects.values_list("status", flat=True))
    assert statuses.count(ResultStatus.PUBLISHED) == 2 and statuses.count(ResultStatus.DRAFT) == 2
    assert ContactFailure.objects.count() == 1 and CaseLead.objects.count() == 1
    assert inspection_demo(actor=SYSTEM, seed=5, size="small", out=out) == {"inspection_plans": 2}
