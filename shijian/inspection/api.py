"""Staff API of random inspections (双随机抽查): items, plans, freezing, commitments, the draw.

Officers of the lead department's jurisdiction create and freeze plans,
record witnesses' commitments and perform the draw; a plan outside the
actor's jurisdiction is not there (404). The public reads are pages
(``shijian.inspection.urls``).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.responses import Status

from shijian.accounts.api_auth import staff_auth
from shijian.accounts.models import OrgUnit, User
from shijian.accounts.policies import require_staff
from shijian.core.actor import Actor
from shijian.core.api import ERROR_RESPONSES
from shijian.core.errors import NotFound
from shijian.inspection import assignment, resolution, selectors, services
from shijian.inspection.models import TaskInspector
from shijian.inspection.schemas import (
    AssignIn,
    CommitmentIn,
    CommitmentOut,
    ConflictIn,
    ConflictOut,
    DrawIn,
    DrawOut,
    FreezeIn,
    ItemIn,
    ItemOut,
    PlanIn,
    PlanOut,
    TaskAssignmentOut,
    TaskInspectorOut,
    WithdrawIn,
    draw_out,
    plan_out,
)
from shijian.registry.models import MarketEntity

router = Router(tags=["random inspections 双随机抽查"], auth=staff_auth())


def _staff(request: HttpRequest) -> Actor:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    require_staff(actor, "inspection.read")
    return actor


def _unit(unit_id: int) -> OrgUnit:
    unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise NotFound("org unit")
    return unit


@router.post("/inspection/items", response={201: ItemOut, **ERROR_RESPONSES})
def item_create(request: HttpRequest, body: ItemIn) -> Status[ItemOut]:
    """Add an item to the inspection-item list (a new version of an existing code replaces it)."""
    item = services.item_create(actor=_staff(request), **body.dict())
    return Status(201, ItemOut.from_orm(item))


@router.get("/inspection/plans", response={200: list[PlanOut], **ERROR_RESPONSES})
def plan_list(request: HttpRequest) -> list[PlanOut]:
    """Plans led within my jurisdiction, newest first."""
    return [plan_out(p) for p in selectors.plan_list(actor=_staff(request))[:200]]


@router.post("/inspection/plans", response={201: PlanOut, **ERROR_RESPONSES})
def plan_create(request: HttpRequest, body: PlanIn) -> Status[PlanOut]:
    """Create a draft plan."""
    values = body.dict(exclude={"lead_id", "assisting_ids"})
    plan = services.plan_create(
        actor=_staff(request),
        lead=_unit(body.lead_id),
        assisting=[_unit(pk) for pk in body.assisting_ids],
        **values,
    )
    return Status(201, plan_out(plan))


@router.get("/inspection/plans/{plan_id}", response={200: PlanOut, **ERROR_RESPONSES})
def plan_get(request: HttpRequest, plan_id: int) -> PlanOut:
    """One plan of my jurisdiction."""
    return plan_out(selectors.plan_get(actor=_staff(request), plan_id=plan_id))


@router.post("/inspection/plans/{plan_id}/freeze", response={200: PlanOut, **ERROR_RESPONSES})
def plan_freeze(request: HttpRequest, plan_id: int, body: FreezeIn) -> PlanOut:
    """Freeze the directory: write and publish each stratum's snapshot (size, SHA-256)."""
    actor = _staff(request)
    plan = selectors.plan_get(actor=actor, plan_id=plan_id)
    today = body.today or timezone.localdate()
    return plan_out(services.plan_freeze(actor=actor, plan=plan, today=today))


@router.post("/inspection/plans/{plan_id}/commitments", response={201: CommitmentOut, **ERROR_RESPONSES})
def witness_commit(request: HttpRequest, plan_id: int, body: CommitmentIn) -> Status[CommitmentOut]:
    """Record a witness's commitment (SHA-256 of the secret)."""
    actor = _staff(request)
    plan = selectors.plan_get(actor=actor, plan_id=plan_id)
    entry = services.witness_commit(
        actor=actor,
        plan=plan,
        witness_name=body.witness_name,
        witness_unit=body.witness_unit,
        commitment_hex=body.commitment,
    )
    return Status(
        201,
        CommitmentOut(
            order=entry.order,
            witness_name=entry.witness_name,
            witness_unit=entry.witness_unit,
            commitment=entry.commitment,
        ),
    )


@router.post("/inspection/plans/{plan_id}/draw", response={201: DrawOut, **ERROR_RESPONSES})
def draw_perform(request: HttpRequest, plan_id: int, body: DrawIn) -> Status[DrawOut]:
    """Perform the draw with the revealed secrets (commitment order)."""
    actor = _staff(request)
    plan = selectors.plan_get(actor=actor, plan_id=plan_id)
    return Status(201, draw_out(services.draw_perform(actor=actor, plan=plan, secrets=body.secrets)))


def _inspector_out(row: TaskInspector) -> TaskInspectorOut:
    return TaskInspectorOut(
        id=row.pk,
        officer_id=row.officer_id,
        officer_name=str(row.officer),
        position=row.position,
        rank_key=row.rank_key,
        withdrawn=row.withdrawn_at is not None,
        withdrawal_reason=row.withdrawal_reason,
        withdrawal_requested_by=row.withdrawal_requested_by,
        replaced_by_id=row.replaced_by_id,
        assigned_manually=row.assigned_manually,
        assignment_reason=row.assignment_reason,
    )


@router.post("/inspection/conflicts", response={201: ConflictOut, **ERROR_RESPONSES})
def conflict_declare(request: HttpRequest, body: ConflictIn) -> Status[ConflictOut]:
    """Record a conflict (回避登记) of an officer of my jurisdiction with an entity."""
    actor = _staff(request)
    officer = User.objects.select_related("org_unit").filter(pk=body.officer_id).first()
    entity = MarketEntity.objects.filter(uscc=body.entity_uscc.strip()).first()
    if officer is None:
        raise NotFound("officer")
    if entity is None:
        raise NotFound("entity")
    declaration = assignment.conflict_declare(
        actor=actor,
        officer=officer,
        entity=entity,
        kind=body.kind,
        note=body.note,
        valid_from=body.valid_from,
        valid_until=body.valid_until,
    )
    return Status(
        201,
        ConflictOut(
            id=declaration.pk,
            officer_id=officer.pk,
            entity_uscc=entity.uscc,
            kind=declaration.kind,
            valid_from=declaration.valid_from,
            valid_until=declaration.valid_until,
        ),
    )


@router.get(
    "/inspection/plans/{plan_id}/assignments", response={200: list[TaskAssignmentOut], **ERROR_RESPONSES}
)
def plan_assignments(request: HttpRequest, plan_id: int) -> list[TaskAssignmentOut]:
    """The tasks of a drawn plan with their inspectors (withdrawn ones too)."""
    plan = selectors.plan_get(actor=_staff(request), plan_id=plan_id)
    rows = selectors.task_inspectors(plan=plan)
    return [
        TaskAssignmentOut(
            task_id=task.pk,
            order=task.order,
            entity_uscc=task.entity.uscc,
            needs_resolution=sum(r.withdrawn_at is None for r in rows.get(task.pk, []))
            < plan.inspectors_per_task,
            inspectors=[_inspector_out(r) for r in rows.get(task.pk, [])],
        )
        for task in plan.tasks.select_related("entity").order_by("order")
    ]


@router.post(
    "/inspection/task-inspectors/{task_inspector_id}/withdraw",
    response={200: TaskInspectorOut, **ERROR_RESPONSES},
)
def inspector_withdraw(request: HttpRequest, task_inspector_id: int, body: WithdrawIn) -> TaskInspectorOut:
    """Withdraw an inspector (回避) and assign the next-best-ranked eligible officer."""
    actor = _staff(request)
    row = selectors.task_inspector_get(actor=actor, task_inspector_id=task_inspector_id)
    row = assignment.inspector_withdraw(
        actor=actor, task_inspector=row, reason=body.reason, requested_by=body.requested_by
    )
    return _inspector_out(row)


@router.post("/inspection/tasks/{task_id}/inspectors", response={201: TaskInspectorOut, **ERROR_RESPONSES})
def inspector_assign(request: HttpRequest, task_id: int, body: AssignIn) -> Status[TaskInspectorOut]:
    """Assign an officer by hand to a task the draw could not staff (人工指派), with the reason."""
    actor = _staff(request)
    task = selectors.task_get(actor=actor, task_id=task_id)
    row = resolution.task_inspector_assign(
        actor=actor, task=task, officer_id=body.officer_id, reason=body.reason
    )
    return Status(201, _inspector_out(row))
