"""Manual resolution (人工指派) of tasks the draw could not staff: the legal conditions still hold."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from shijian.accounts.models import EnforcementCertificate
from shijian.accounts.services import api_token_create
from shijian.core.actor import system_actor
from shijian.core.audit.models import AuditRecord
from shijian.core.errors import Conflict, NotFound, ValidationFailed
from shijian.core.roles import Role
from shijian.inspection import assignment, resolution, services
from shijian.inspection.models import ConflictKind, Plan, Task, TaskInspector
from shijian.inspection.tests.helpers import SECRETS, certified_officer, committed, entities, officer, plan
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
SYSTEM = system_actor("tests")
ALL = {"A": "1", "B": "1", "C": "1", "D": "1", "U": "1"}


def _short_staffed(world: World) -> tuple[Plan, Task]:
    """Six tasks; a pool of the world's officer and two more, at most one task each: most tasks lack staff."""
    entities(world, 6)
    certified_officer(world, "p1")
    certified_officer(world, "p2")
    the_plan = committed(world, plan(world, ratios=ALL, workload_cap=1))
    services.draw_perform(actor=officer(world), plan=the_plan, secrets=SECRETS)
    the_plan.refresh_from_db()
    waiting = [
        t
        for t in the_plan.tasks.order_by("order")
        if t.inspectors.filter(withdrawn_at__isnull=True).count() < 2
    ]
    assert waiting, "the cap should leave tasks without inspectors"
    return the_plan, waiting[0]


def test_a_planner_staffs_a_task_by_hand_within_the_law(world: World) -> None:
    _plan, task = _short_staffed(world)
    planner = officer(world)
    conflicted = certified_officer(world, "conflicted")
    assignment.conflict_declare(
        actor=planner,
        officer=conflicted,
        entity=task.entity,
        kind=ConflictKind.RELATIVE,
        note="配偶在该企业任职",
        valid_from=dt.date(2025, 1, 1),
    )
    lapsed = certified_officer(world, "lapsed")
    EnforcementCertificate.objects.filter(user=lapsed).update(expires_on=dt.date(2026, 3, 31))
    for user in (conflicted, lapsed):
        with pytest.raises(ValidationFailed) as caught:
            resolution.task_inspector_assign(
                actor=planner, task=task, officer_id=user.pk, reason="补足检查人员"
            )
        assert caught.value.field == "officer_id" and caught.value.message_en
    with pytest.raises(NotFound):  # another county's officer is not the planner's to direct
        resolution.task_inspector_assign(
            actor=planner,
            task=task,
            officer_id=certified_officer(world, "far", unit="other").pk,
            reason="补足",
        )
    with pytest.raises(ValidationFailed) as caught:
        resolution.task_inspector_assign(
            actor=planner, task=task, officer_id=certified_officer(world, "x1").pk, reason=" "
        )
    assert caught.value.field == "reason"
    before = task.inspectors.filter(withdrawn_at__isnull=True).count()
    helpers = [certified_officer(world, f"h{n}") for n in range(2)]
    for user in helpers[: 2 - before]:
        row = resolution.task_inspector_assign(
            actor=planner, task=task, officer_id=user.pk, reason="检查人员均已达任务上限，指派执法大队人员"
        )
        assert row.assigned_manually and row.assignment_reason.startswith("检查人员")
    assert task.inspectors.filter(withdrawn_at__isnull=True).count() == 2
    assert AuditRecord.objects.filter(action="inspection.inspector_assigned_manually").count() == 2 - before
    with pytest.raises(Conflict) as conflict:
        resolution.task_inspector_assign(
            actor=planner, task=task, officer_id=helpers[-1].pk, reason="再加一人"
        )
    assert conflict.value.code == "task_staffed"


def test_manual_assignment_through_the_api(world: World) -> None:
    _plan, task = _short_staffed(world)
    helper = certified_officer(world, "api-helper")
    _token, secret = api_token_create(actor=SYSTEM, user=world.users[Role.OFFICER], name="t")
    url = f"/api/v1/inspection/tasks/{task.pk}/inspectors"
    body = {"officer_id": helper.pk, "reason": "补足检查人员"}
    made = Client().post(
        url, json.dumps(body), content_type="application/json", headers={"Authorization": f"Bearer {secret}"}
    )
    assert made.status_code == 201 and made.json()["assigned_manually"] is True
    outsider = world.users[Role.SECTION_CHIEF]
    outsider.org_unit = world.other_bureau
    outsider.save()
    _token, other = api_token_create(actor=SYSTEM, user=outsider, name="o")
    refused = Client().post(
        url, json.dumps(body), content_type="application/json", headers={"Authorization": f"Bearer {other}"}
    )
    assert refused.status_code == 404
    assert TaskInspector.objects.filter(task=task, officer=helper).count() == 1
