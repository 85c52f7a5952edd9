"""API shapes of inspection results (staff)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from shijian.inspection.models import Task
from shijian.inspection.results.models import InspectionResult, ResultCategory


class CategoryOut(Schema):
    """A result category."""

    code: str
    label_zh: str
    label_en: str
    problem_found: bool
    follow_up: str


class FindingIn(Schema):
    """The outcome of one checklist point: ``ok``, ``problem`` or ``na``."""

    item: str
    point: str
    outcome: str
    note: str = ""


class ResultIn(Schema):
    """A result as the inspectors record it on site."""

    category: str
    inspected_on: dt.date
    findings: list[FindingIn]
    summary: str = ""


class EvidenceOut(Schema):
    """An evidence file (the bytes are at ``/api/v1/inspection/evidence/{id}``)."""

    id: int
    kind: str
    point: str
    caption: str
    filename: str
    size: int
    sha256: str


class SignatureOut(Schema):
    """An inspector's signature."""

    signer_name: str
    certificate_number: str
    content_sha256: str
    signed_at: dt.datetime


class ResultOut(Schema):
    """A result with its evidence and signatures."""

    id: int
    task_id: int
    status: str
    category: str
    problem_found: bool
    inspected_on: dt.date
    findings: list[dict[str, Any]]
    summary: str
    completed_on: dt.date | None
    publish_due: dt.date | None
    published_on: dt.date | None
    notice_number: str
    follow_up_done: dict[str, int]
    evidence: list[EvidenceOut]
    signatures: list[SignatureOut]


class TaskOut(Schema):
    """A task as its inspector sees it: entity, plan, window, checklist and the result's state."""

    id: int
    plan_id: int
    plan_number: str
    plan_title: str
    entity_name: str
    uscc: str
    address: str
    window_start: dt.date
    window_end: dt.date
    checklist: list[dict[str, str]]
    result_status: str | None


class PlanResultOut(Schema):
    """One task of a plan with its result's state and deadline (staff)."""

    task_id: int
    order: int
    entity_name: str
    uscc: str
    status: str | None
    category: str | None
    completed_on: dt.date | None
    publish_due: dt.date | None
    published_on: dt.date | None
    notice_number: str


def category_out(category: ResultCategory) -> CategoryOut:
    """The API shape of a category."""
    return CategoryOut.from_orm(category)


def result_out(result: InspectionResult) -> ResultOut:
    """The API shape of a result."""
    return ResultOut(
        id=result.pk,
        task_id=result.task_id,
        status=result.status,
        category=result.category.code,
        problem_found=result.category.problem_found,
        inspected_on=result.inspected_on,
        findings=result.findings,
        summary=result.summary,
        completed_on=result.completed_on,
        publish_due=result.publish_due,
        published_on=result.published_on,
        notice_number=result.notice_number,
        follow_up_done=result.follow_up_done,
        evidence=[EvidenceOut.from_orm(e) for e in result.evidence.all()],
        signatures=[SignatureOut.from_orm(s) for s in result.signatures.order_by("signed_at")],
    )


def task_out(task: Task, checklist: list[tuple[str, str]]) -> TaskOut:
    """The API shape of a task for its inspector."""
    result = getattr(task, "result", None)
    return TaskOut(
        id=task.pk,
        plan_id=task.plan_id,
        plan_number=task.plan.number,
        plan_title=task.plan.title,
        entity_name=task.entity.name,
        uscc=task.entity.uscc,
        address=task.entity.address,
        window_start=task.plan.window_start,
        window_end=task.plan.window_end,
        checklist=[{"item": code, "point": point} for code, point in checklist],
        result_status=result.status if result is not None else None,
    )
