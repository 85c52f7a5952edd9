"""Reads of inspection results: my tasks, one task's result, the public task and result notices.

The public notices show the entity, the items, the inspectors (name and
enforcement-certificate number) and the published result category only:
never evidence, findings notes, the stratum or an entity's risk class.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from shijian.core.actor import Actor
from shijian.core.errors import NotFound
from shijian.core.scoping import path_in_scope
from shijian.inspection.models import PlanStatus, Task
from shijian.inspection.results.models import InspectionResult, ResultCategory, ResultEvidence, ResultStatus

__all__ = [
    "PublicResult",
    "TaskRow",
    "category_list",
    "evidence_get",
    "my_tasks",
    "plan_results",
    "results_public",
    "task_get",
    "tasks_public",
]


def category_list() -> QuerySet[ResultCategory]:
    """The active result categories, in their order."""
    return ResultCategory.objects.filter(active=True).order_by("order", "code")


def my_tasks(*, actor: Actor, include_published: bool = False) -> QuerySet[Task]:
    """Tasks of drawn plans where the actor is a current inspector, by inspection window."""
    tasks = (
        Task.objects.filter(
            plan__status=PlanStatus.DRAWN,
            inspectors__officer_id=actor.user_id,
            inspectors__withdrawn_at__isnull=True,
        )
        .select_related("plan", "entity", "result__category")
        .order_by("plan__window_end", "plan_id", "order")
    )
    if not include_published:
        tasks = tasks.exclude(result__status=ResultStatus.PUBLISHED)
    return tasks.distinct() if actor.user_id is not None else tasks.none()


def task_get(*, actor: Actor, task_id: int) -> Task:
    """One task for its inspector or for staff of the plan's jurisdiction (anyone else: 404)."""
    task = Task.objects.select_related("plan__lead", "entity").filter(pk=task_id).first()
    if task is None:
        raise NotFound("task")
    mine = task.inspectors.filter(officer_id=actor.user_id, withdrawn_at__isnull=True).exists()
    if not (mine and actor.user_id is not None) and not path_in_scope(actor, task.plan.lead.path):
        raise NotFound("task")
    return task


def plan_results(*, plan_id: int) -> QuerySet[InspectionResult]:
    """Every result of a plan with its task and category (callers check the plan's scope)."""
    return (
        InspectionResult.objects.filter(task__plan_id=plan_id)
        .select_related("task__entity", "category")
        .order_by("task__order")
    )


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One line of the task notice (抽查任务公告)."""

    order: int
    entity_name: str
    uscc: str
    state_zh: str


def tasks_public(*, plan_id: int) -> list[TaskRow]:
    """The task notice of a drawn plan: each selected entity in selection order and where it stands."""
    rows = (
        Task.objects.filter(plan_id=plan_id, plan__status=PlanStatus.DRAWN)
        .order_by("order")
        .values_list("order", "entity__name", "entity__uscc", "result__status")
    )
    states = {ResultStatus.PUBLISHED.value: "已公示结果"}
    return [TaskRow(o, name, uscc, states.get(status or "", "检查中")) for o, name, uscc, status in rows]


@dataclass(frozen=True, slots=True)
class PublicResult:
    """One line of the result notice (抽查结果公告)."""

    entity_name: str
    uscc: str
    category_zh: str
    category_en: str
    inspected_on: dt.date
    published_on: dt.date | None
    notice_number: str


def results_public(*, plan_id: int) -> list[PublicResult]:
    """The published results of a plan, in selection order."""
    rows = (
        InspectionResult.objects.filter(task__plan_id=plan_id, status=ResultStatus.PUBLISHED)
        .order_by("task__order")
        .values_list(
            "task__entity__name",
            "task__entity__uscc",
            "category__label_zh",
            "category__label_en",
            "inspected_on",
            "published_on",
            "notice_number",
        )
    )
    return [PublicResult(*row) for row in rows]


def evidence_get(*, actor: Actor, evidence_id: int) -> ResultEvidence:
    """An evidence file for the task's inspectors and the lead's staff (anyone else: 404)."""
    evidence = ResultEvidence.objects.select_related("result").filter(pk=evidence_id).first()
    if evidence is None:
        raise NotFound("evidence")
    task_get(actor=actor, task_id=evidence.result.task_id)
    return evidence
