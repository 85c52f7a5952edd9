"""API shapes of random inspections (staff): plans in, plans and draws out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from shijian.inspection.models import Draw, Plan


class ItemIn(Schema):
    """A new inspection item (or a new version of one)."""

    code: str
    name: str
    department: str
    legal_basis: str
    kind: str
    ratio_ceiling: str = ""
    ceiling_basis: str = ""
    checklist: list[str] = []
    applies_to: dict[str, list[str]] = {}


class ItemOut(Schema):
    """An inspection item."""

    id: int
    code: str
    name: str
    kind: str
    ratio_ceiling: str
    active: bool


class PlanIn(Schema):
    """A new draft plan; ``lead_id``/``assisting_ids`` are org-unit ids, ratios decimal strings."""

    number: str
    title: str
    kind: str
    year: int
    lead_id: int
    assisting_ids: list[int] = []
    item_codes: list[str]
    directory_filters: dict[str, Any] = {}
    ratios: dict[str, str] = {}
    min_count: int = 0
    max_count: int | None = None
    exclude_inspected_days: int = 0
    inspectors_per_task: int = 2
    workload_cap: int = 20
    avoid_inspected_days: int = 365
    window_start: dt.date
    window_end: dt.date


class StratumOut(Schema):
    """A frozen stratum: published id, the class it holds (internal: staff API only), size and hash."""

    stratum_id: str
    risk_class: str
    ratio: str
    size: int
    snapshot_sha256: str


class CommitmentOut(Schema):
    """A witness's commitment."""

    order: int
    witness_name: str
    witness_unit: str
    commitment: str


class PlanOut(Schema):
    """A plan with its strata and commitments."""

    id: int
    number: str
    title: str
    kind: str
    year: int
    lead_id: int
    status: str
    ratios: dict[str, str]
    directory_filters: dict[str, Any]
    inspectors_per_task: int
    workload_cap: int
    avoid_inspected_days: int
    window_start: dt.date
    window_end: dt.date
    item_codes: list[str]
    strata: list[StratumOut]
    commitments: list[CommitmentOut]


def plan_out(plan: Plan) -> PlanOut:
    """Serialise a plan."""
    return PlanOut(
        id=plan.pk,
        number=plan.number,
        title=plan.title,
        kind=plan.kind,
        year=plan.year,
        lead_id=plan.lead_id,
        status=plan.status,
        ratios=plan.ratios,
        directory_filters=plan.directory_filters,
        inspectors_per_task=plan.inspectors_per_task,
        workload_cap=plan.workload_cap,
        avoid_inspected_days=plan.avoid_inspected_days,
        window_start=plan.window_start,
        window_end=plan.window_end,
        item_codes=[i.code for i in plan.items.order_by("code")],
        strata=[
            StratumOut(
                stratum_id=s.stratum_id,
                risk_class=s.risk_class,
                ratio=s.ratio,
                size=s.size,
                snapshot_sha256=s.snapshot_sha256,
            )
            for s in plan.strata.order_by("stratum_id")
        ],
        commitments=[
            CommitmentOut(
                order=c.order,
                witness_name=c.witness_name,
                witness_unit=c.witness_unit,
                commitment=c.commitment,
            )
            for c in plan.commitments.order_by("order")
        ],
    )


class FreezeIn(Schema):
    """Freeze the directory as of ``today`` (default: the server's date)."""

    today: dt.date | None = None


class CommitmentIn(Schema):
    """A witness's commitment: SHA-256 of the secret, 64 lowercase hex."""

    witness_name: str
    witness_unit: str = ""
    commitment: str


class DrawIn(Schema):
    """The revealed secrets, in commitment order."""

    secrets: list[str]


class DrawOut(Schema):
    """The performed draw: its seed and the published record."""

    plan_id: int
    seed: str
    drawn_at: dt.datetime
    record: dict[str, Any]


def draw_out(draw: Draw) -> DrawOut:
    """Serialise a draw."""
    return DrawOut(plan_id=draw.plan_id, seed=draw.seed, drawn_at=draw.drawn_at, record=draw.record)


class ConflictIn(Schema):
    """A conflict declaration (回避登记): officer (user id), entity (USCC), kind, validity."""

    officer_id: int
    entity_uscc: str
    kind: str
    note: str = ""
    valid_from: dt.date
    valid_until: dt.date | None = None


class ConflictOut(Schema):
    """A recorded conflict declaration."""

    id: int
    officer_id: int
    entity_uscc: str
    kind: str
    valid_from: dt.date
    valid_until: dt.date | None


class WithdrawIn(Schema):
    """A withdrawal (回避): the reason and who asked (``party``, ``officer`` or ``bureau``)."""

    reason: str
    requested_by: str


class AssignIn(Schema):
    """A manual assignment (人工指派) to a task lacking inspectors: the officer and why."""

    officer_id: int
    reason: str


class TaskInspectorOut(Schema):
    """One inspector of a task (withdrawn rows keep their reason and replacement)."""

    id: int
    officer_id: int
    officer_name: str
    position: int
    rank_key: str
    withdrawn: bool
    withdrawal_reason: str
    withdrawal_requested_by: str
    replaced_by_id: int | None
    assigned_manually: bool = False
    assignment_reason: str = ""


class TaskAssignmentOut(Schema):
    """A task with its inspectors; ``needs_resolution`` when fewer than required are active."""

    task_id: int
    order: int
    entity_uscc: str
    needs_resolution: bool
    inspectors: list[TaskInspectorOut]
