"""Reads of random inspections: the public item list, plan notices, draw records and their check.

Public reads show what the issue requires to be public (plans once frozen,
strata sizes and hashes, commitments, the draw record and its snapshots)
and nothing of an individual entity's credit-risk class: the record names
strata, never an entity's class. Staff reads are scoped to the lead's
jurisdiction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db.models import QuerySet

from shijian.core.actor import Actor
from shijian.core.errors import NotFound
from shijian.core.scoping import get_in_scope, scope
from shijian.inspection.assignment import assignment_day, valid_certificates
from shijian.inspection.domain.draw import Difference, verify_record
from shijian.inspection.models import Draw, InspectionItem, Plan, PlanStatus, Stratum, Task, TaskInspector

__all__ = [
    "DrawCheck",
    "draw_verify",
    "inspectors_public",
    "item_list_public",
    "plan_get",
    "plan_get_public",
    "plan_list",
    "plan_list_public",
    "stratum_snapshot",
    "task_get",
    "task_inspector_get",
    "task_inspectors",
]

_PUBLISHED = [PlanStatus.FROZEN, PlanStatus.COMMITTED, PlanStatus.DRAWN]


def item_list_public() -> QuerySet[InspectionItem]:
    """The active inspection-item list (随机抽查事项清单), by code."""
    return InspectionItem.objects.filter(active=True).order_by("code")


def plan_list_public() -> QuerySet[Plan]:
    """Plans whose notice is public (frozen or later), newest first."""
    return Plan.objects.filter(status__in=_PUBLISHED).select_related("lead").order_by("-year", "-id")


def plan_get_public(plan_id: int) -> Plan:
    """One published plan (a draft is not there: 404)."""
    plan = plan_list_public().filter(pk=plan_id).first()
    if plan is None:
        raise NotFound("plan")
    return plan


def plan_list(*, actor: Actor) -> QuerySet[Plan]:
    """Plans led within the actor's jurisdiction, newest first."""
    return scope(actor, Plan.objects.select_related("lead").order_by("-year", "-id"))


def plan_get(*, actor: Actor, plan_id: int) -> Plan:
    """One plan in the actor's jurisdiction (else 404)."""
    return get_in_scope(actor, Plan.objects.select_related("lead"), plan_id, what="plan")


def _stratum(plan: Plan, stratum_id: str) -> Stratum:
    stratum = plan.strata.filter(stratum_id=stratum_id).first()
    if stratum is None:
        raise NotFound("stratum")
    return stratum


def stratum_snapshot(*, plan: Plan, stratum_id: str) -> bytes:
    """The stored bytes of a stratum's snapshot file, exactly as stored."""
    stratum = _stratum(plan, stratum_id)
    with default_storage.open(stratum.snapshot.name, "rb") as handle:
        data: bytes = handle.read()
    return data


@dataclass(frozen=True, slots=True)
class DrawCheck:
    """The outcome of re-checking a stored draw: the differences found (none: it holds)."""

    draw: Draw
    differences: list[Difference]

    @property
    def verified(self) -> bool:
        """True when the recomputation matches the record in every respect."""
        return not self.differences


def draw_verify(*, plan: Plan) -> DrawCheck:
    """Re-run ``verify_record`` on the stored record and the stored snapshot files (验证抽取结果)."""
    draw = Draw.objects.filter(plan=plan).first()
    if draw is None:
        raise NotFound("draw")
    snapshots: dict[str, bytes] = {}
    for stratum in plan.strata.all():
        if default_storage.exists(stratum.snapshot.name):
            snapshots[stratum.stratum_id] = stratum_snapshot(plan=plan, stratum_id=stratum.stratum_id)
    return DrawCheck(draw, verify_record(draw.record, snapshots))


def task_inspectors(*, plan: Plan) -> dict[int, list[TaskInspector]]:
    """Task id -> its inspector rows (withdrawn ones too), by position."""
    rows: dict[int, list[TaskInspector]] = {t: [] for t in plan.tasks.values_list("pk", flat=True)}
    for row in TaskInspector.objects.filter(task__plan=plan).select_related("officer").order_by("position"):
        rows.setdefault(row.task_id, []).append(row)
    return rows


def task_inspector_get(*, actor: Actor, task_inspector_id: int) -> TaskInspector:
    """One task inspector row of a plan in the actor's jurisdiction (else 404)."""
    return get_in_scope(
        actor,
        TaskInspector.objects.select_related("task__plan__lead", "officer"),
        task_inspector_id,
        what="task inspector",
    )


def inspectors_public(*, plan: Plan) -> dict[int, list[tuple[str, str]]]:
    """Task id -> the current inspectors' names and certificate numbers (public law-enforcement facts).

    Only the name and the number of a certificate valid on the assignment
    day: never a phone number or an identity number.
    """
    rows = task_inspectors(plan=plan)
    officers = {r.officer_id for task_rows in rows.values() for r in task_rows}
    numbers: dict[int, str] = {}
    certificates = valid_certificates(assignment_day(plan)).filter(user_id__in=officers).order_by("number")
    for user_id, number in certificates.values_list("user_id", "number"):
        numbers.setdefault(user_id, number)
    return {
        task: [(str(r.officer), numbers.get(r.officer_id, "")) for r in task_rows if r.withdrawn_at is None]
        for task, task_rows in rows.items()
    }


def task_get(*, actor: Actor, task_id: int) -> Task:
    """One task of a plan in the actor's jurisdiction (else 404)."""
    return get_in_scope(actor, Task.objects.select_related("plan__lead", "entity"), task_id, what="task")
