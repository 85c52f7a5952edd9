"""Directory rules: entities with an open case lead, and 无事不扰 judged on recorded results."""

from __future__ import annotations

import datetime as dt

import pytest

from shijian.cases.services import lead_create
from shijian.core.actor import system_actor
from shijian.core.errors import Conflict
from shijian.inspection import services
from shijian.inspection.models import Plan
from shijian.inspection.results import services as results
from shijian.inspection.results.tests.helpers import all_ok, inspector, inspectors_of
from shijian.inspection.tests.helpers import SECRETS, TODAY, committed, entities, officer, plan
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
ALL = {"A": "1", "B": "1", "C": "1", "D": "1", "U": "1"}


def _sizes(the_plan: Plan) -> int:
    return sum(s.size for s in the_plan.strata.all())


def test_open_case_leads_are_excluded_or_kept_by_rule(world: World) -> None:
    made = entities(world, 6)
    lead_create(
        actor=system_actor("tests"),
        entity=made[0],
        source_type="complaint",
        source_id="TS-1",
        summary="举报线索：无证经营",
        found_on=TODAY,
        department=world.home_bureau,
        today=TODAY,
    )
    kept = services.plan_freeze(actor=officer(world), plan=plan(world, number="P-all"), today=TODAY)
    excluded = services.plan_freeze(
        actor=officer(world),
        plan=plan(world, number="P-ex", directory_filters={"open_cases": "exclude"}),
        today=TODAY,
    )
    only = services.plan_freeze(
        actor=officer(world),
        plan=plan(world, number="P-only", directory_filters={"open_cases": "only"}),
        today=TODAY,
    )
    assert (_sizes(kept), _sizes(excluded), _sizes(only)) == (6, 5, 1)


def test_recent_inspection_means_a_recorded_result_or_a_draw_still_to_inspect(world: World) -> None:
    entities(world, 4)
    for name in ("r1", "r2"):
        inspector(world, name)
    first = committed(world, plan(world, ratios=ALL))
    services.draw_perform(actor=officer(world), plan=first, secrets=SECRETS)
    # Drawn, not yet inspected: out of a plan excluding the last 30 days.
    with pytest.raises(Conflict):
        services.plan_freeze(
            actor=officer(world), plan=plan(world, number="P-2", exclude_inspected_days=30), today=TODAY
        )
    # Inspected 100 days before the new plan's freeze: back in a 30-day plan, still out of a 365-day one.

    task = first.tasks.order_by("order")[0]
    results.result_record(
        actor=inspectors_of(task)[0],
        task=task,
        category_code="no_problem",
        inspected_on=dt.date(2026, 4, 2),
        findings=all_ok(task),
        today=dt.date(2026, 4, 2),
    )
    later = dt.date(2026, 7, 11)
    recent = services.plan_freeze(
        actor=officer(world), plan=plan(world, number="P-3", exclude_inspected_days=30), today=later
    )
    assert _sizes(recent) == 1 and task.entity.uscc in _snapshot_codes(recent)
    with pytest.raises(Conflict):  # a year: the inspected one is still excluded, the drawn ones too
        services.plan_freeze(
            actor=officer(world), plan=plan(world, number="P-4", exclude_inspected_days=365), today=later
        )


def _snapshot_codes(the_plan: Plan) -> set[str]:
    codes: set[str] = set()
    for stratum in the_plan.strata.all():
        codes |= set(stratum.snapshot.open("rb").read().decode().split())
    return codes
