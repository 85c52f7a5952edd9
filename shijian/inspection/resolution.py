"""Manual resolution of a task left without enough inspectors (人工指派).

The draw assigns inspectors by the published ranking and the workload cap;
a task the pool could not staff (every eligible officer at the cap, a small
pool, conflicts) gets none and waits here. A planner of the lead's
jurisdiction names an officer with a reason. The legal conditions are never
relaxed - an enforcement certificate valid on the inspection day,
availability, no declared conflict with the entity, not having inspected it
within the plan's avoidance period, not on this task before - but the
officer may come from anywhere in the planner's jurisdiction (not only the
plan's pool) and may exceed the workload cap: that is what the bureau is
deciding, and the reason says why. Recorded on the row
(``assigned_manually``, ``assignment_reason``), shown on the public draw
page and audited as ``inspection.inspector_assigned_manually``.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from shijian.accounts.models import User
from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record
from shijian.core.errors import Conflict, NotFound, ValidationFailed, required_text
from shijian.core.roles import Role
from shijian.core.scoping import path_in_scope
from shijian.inspection import policies
from shijian.inspection.assignment import assignment_day, inspector_available, task_key, valid_certificates
from shijian.inspection.domain.draw import inspector_rank
from shijian.inspection.models import (
    ConflictDeclaration,
    Draw,
    InspectorProfile,
    Plan,
    PlanStatus,
    Task,
    TaskInspector,
)

__all__ = ["officer_refusal", "task_inspector_assign"]


def officer_refusal(plan: Plan, task: Task, officer: User) -> tuple[str, str] | None:
    """Why ``officer`` may not inspect ``task`` (Chinese, English), or None when they may."""
    day = assignment_day(plan)
    if not officer.is_active or not officer.role_grants.filter(role=Role.OFFICER).exists():
        return "该人员不是在岗执法人员", "the user is not an active officer"
    if not valid_certificates(day).filter(user=officer).exists():
        return (
            f"该人员在{day.isoformat()}无有效执法证",
            f"the officer holds no enforcement certificate valid on {day.isoformat()}",
        )
    if not inspector_available(InspectorProfile.objects.filter(user=officer).first(), day):
        return "该人员在检查期间不可参加检查", "the officer is unavailable on the inspection day"
    conflict = ConflictDeclaration.objects.filter(
        officer=officer, entity_id=task.entity_id, valid_from__lte=day
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    if conflict.exists():
        return "该人员与检查对象存在应当回避的情形", "the officer has a declared conflict with the entity"
    if TaskInspector.objects.filter(task=task, officer=officer).exists():
        return "该人员已在（或曾在）本任务中", "the officer is or was on this task already"
    if plan.avoid_inspected_days:
        since = day - dt.timedelta(days=plan.avoid_inspected_days)
        recent = (
            TaskInspector.objects.filter(
                officer=officer,
                task__entity_id=task.entity_id,
                withdrawn_at__isnull=True,
                assigned_at__date__gte=since,
            )
            .exclude(task__plan=plan)
            .exists()
        )
        if recent:
            return (
                f"该人员{plan.avoid_inspected_days}日内检查过该主体",
                f"the officer inspected the entity within {plan.avoid_inspected_days} days",
            )
    return None


@transaction.atomic
def task_inspector_assign(*, actor: Actor, task: Task, officer_id: int, reason: str) -> TaskInspector:
    """Assign an officer by hand to a task that lacks inspectors (planners of the lead's jurisdiction).

    Refused when the task already has its inspectors, the officer is outside
    the planner's jurisdiction (as if unknown), or any legal condition fails
    (the error says which).
    """
    plan = Plan.objects.select_for_update(of=("self",)).select_related("lead").get(pk=task.plan_id)
    policies.require_planner(actor, "inspection.inspector_assign", plan.lead.path)
    task = Task.objects.select_for_update(of=("self",)).get(pk=task.pk)
    if plan.status != PlanStatus.DRAWN:
        raise Conflict("plan_not_drawn", "计划尚未抽取", "the plan has not been drawn")
    active = TaskInspector.objects.filter(task=task, withdrawn_at__isnull=True).count()
    if active >= plan.inspectors_per_task:
        raise Conflict(
            "task_staffed",
            f"该任务已有{active}名检查人员，无需人工指派",
            f"the task already has {active} inspectors",
        )
    text = required_text(reason, "reason", "指派理由", "the reason", limit=2000)
    officer = User.objects.select_related("org_unit").filter(pk=officer_id).first()
    if officer is None or officer.org_unit is None or not path_in_scope(actor, officer.org_unit.path):
        raise NotFound("officer")
    refusal = officer_refusal(plan, task, officer)
    if refusal is not None:
        raise ValidationFailed("officer_id", *refusal)
    seed = Draw.objects.get(plan=plan).seed
    key = task_key(task)
    last = TaskInspector.objects.filter(task=task).aggregate(m=Max("position"))["m"] or 0
    row = TaskInspector.objects.create(
        task=task,
        officer=officer,
        rank_key=inspector_rank(seed, key, str(officer.pk)),
        position=last + 1,
        assigned_at=timezone.now(),
        assigned_manually=True,
        assignment_reason=text,
    )
    audit_record(
        actor=actor,
        action="inspection.inspector_assigned_manually",
        obj=row,
        reason=text,
        after={"task": key, "officer": officer.pk, "inspectors": active + 1},
    )
    return row
