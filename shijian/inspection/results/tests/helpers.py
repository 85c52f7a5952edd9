"""Test helpers: a drawn plan whose tasks have two certified inspectors each, and a complete result."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shijian.accounts.models import User
from shijian.accounts.selectors import actor_for_user
from shijian.core.actor import Actor, system_actor
from shijian.inspection import services
from shijian.inspection.models import Plan, Task
from shijian.inspection.results import services as results
from shijian.inspection.results.models import InspectionResult
from shijian.inspection.tests.helpers import SECRETS, certified_officer, committed, entities, officer, plan
from shijian.testing.world import World

INSPECTED = dt.date(2026, 4, 8)
TODAY = dt.date(2026, 4, 10)
SYSTEM = system_actor("tests")


def inspector(world: World, name: str, *, expires: dt.date = dt.date(2030, 12, 31)) -> User:
    """An officer of the home section with an enforcement certificate."""
    return certified_officer(world, name, expires=expires)


def drawn(world: World, *, count: int = 5, number: str = "LY-2026-R01", **overrides: Any) -> Plan:
    """A drawn plan over ``count`` entities (every one selected) with certified inspectors."""
    entities(world, count)
    for n in range(4):
        inspector(world, f"{number}-i{n}")
    ratios = {"A": "1", "B": "1", "C": "1", "D": "1", "U": "1"}
    the_plan = committed(world, plan(world, number=number, ratios=ratios, **overrides))
    services.draw_perform(actor=officer(world), plan=the_plan, secrets=SECRETS)
    the_plan.refresh_from_db()
    return the_plan


def inspectors_of(task: Task) -> list[Actor]:
    """Actors of the task's current inspectors, by position."""
    rows = task.inspectors.filter(withdrawn_at__isnull=True).select_related("officer").order_by("position")
    return [actor_for_user(row.officer) for row in rows]


def all_ok(task: Task) -> list[dict[str, str]]:
    """Findings with every checklist point complying."""
    return [
        {"item": code, "point": point, "outcome": "ok", "note": ""}
        for code, point in results.task_checklist(task)
    ]


def record(task: Task, *, category: str = "no_problem", **overrides: Any) -> InspectionResult:
    """The first inspector records a result (all points complying unless ``findings`` is given)."""
    values: dict[str, Any] = {
        "category_code": category,
        "inspected_on": INSPECTED,
        "findings": all_ok(task),
        "summary": "" if category in ("no_problem", "no_activity", "closed") else "现场检查发现的情况说明",
        "today": TODAY,
    }
    values.update(overrides)
    return results.result_record(actor=inspectors_of(task)[0], task=task, **values)


def signed(task: Task, **overrides: Any) -> InspectionResult:
    """A result recorded and signed by every inspector (completed)."""
    result = record(task, **overrides)
    for actor in inspectors_of(task):
        result = results.result_sign(actor=actor, result=result, today=TODAY)
    result.refresh_from_db()
    return result
