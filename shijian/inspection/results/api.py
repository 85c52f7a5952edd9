"""Staff API of inspection results: my tasks, recording on site, evidence, signatures, publication.

The task's inspectors record and sign; staff of the plan's lead department
read every result of the plan and publish; anyone else gets 404.
"""

from __future__ import annotations

from django.http import FileResponse, HttpRequest
from django.utils import timezone
from ninja import File, Form, Router, UploadedFile
from ninja.responses import Status

from shijian.accounts.api_auth import staff_auth
from shijian.accounts.policies import require_staff
from shijian.core.actor import Actor
from shijian.core.api import ERROR_RESPONSES
from shijian.core.errors import NotFound, ValidationFailed
from shijian.credit.repair.domain import content_type_for
from shijian.inspection import selectors as inspection
from shijian.inspection.results import selectors, services
from shijian.inspection.results.models import InspectionResult
from shijian.inspection.results.schemas import (
    CategoryOut,
    EvidenceOut,
    PlanResultOut,
    ResultIn,
    ResultOut,
    TaskOut,
    category_out,
    result_out,
    task_out,
)

router = Router(tags=["inspection results 抽查结果"], auth=staff_auth())


def _staff(request: HttpRequest) -> Actor:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    require_staff(actor, "inspection.read")
    return actor


def _result(actor: Actor, task_id: int) -> InspectionResult:
    task = selectors.task_get(actor=actor, task_id=task_id)
    result = InspectionResult.objects.filter(task=task).first()
    if result is None:
        raise NotFound("result")
    return result


@router.get("/inspection/result-categories", response={200: list[CategoryOut], **ERROR_RESPONSES})
def category_list(request: HttpRequest) -> list[CategoryOut]:
    """The active result categories."""
    _staff(request)
    return [category_out(c) for c in selectors.category_list()]


@router.get("/inspection/my-tasks", response={200: list[TaskOut], **ERROR_RESPONSES})
def my_tasks(request: HttpRequest) -> list[TaskOut]:
    """Tasks I inspect whose result is not yet published."""
    tasks = selectors.my_tasks(actor=_staff(request))[:500]
    return [task_out(t, services.task_checklist(t)) for t in tasks]


@router.get("/inspection/tasks/{task_id}/result", response={200: ResultOut, **ERROR_RESPONSES})
def result_get(request: HttpRequest, task_id: int) -> ResultOut:
    """The result of a task (its inspectors and the lead's staff)."""
    return result_out(_result(_staff(request), task_id))


@router.put("/inspection/tasks/{task_id}/result", response={200: ResultOut, **ERROR_RESPONSES})
def result_record(request: HttpRequest, task_id: int, body: ResultIn) -> ResultOut:
    """Record or change the result (voids signatures given so far)."""
    actor = _staff(request)
    task = selectors.task_get(actor=actor, task_id=task_id)
    result = services.result_record(
        actor=actor,
        task=task,
        category_code=body.category,
        inspected_on=body.inspected_on,
        findings=[f.dict() for f in body.findings],
        summary=body.summary,
        today=timezone.localdate(),
    )
    return result_out(result)


@router.post("/inspection/tasks/{task_id}/result/evidence", response={201: EvidenceOut, **ERROR_RESPONSES})
def evidence_add(
    request: HttpRequest,
    task_id: int,
    kind: Form[str],
    file: File[UploadedFile],
    point: Form[str] = "",
    caption: Form[str] = "",
) -> Status[EvidenceOut]:
    """Attach a photo or document (PDF, JPG, PNG)."""
    actor = _staff(request)
    result = _result(actor, task_id)
    limit = services.evidence_max_bytes()
    if file.size is not None and file.size > limit:
        raise ValidationFailed("file", "文件过大", "the file is too large")
    evidence = services.result_evidence_add(
        actor=actor,
        result=result,
        kind=kind,
        filename=file.name or "file",
        content=bytes(file.read(limit + 1)),
        point=point,
        caption=caption,
    )
    return Status(201, EvidenceOut.from_orm(evidence))


@router.get("/inspection/evidence/{evidence_id}", response={200: None, **ERROR_RESPONSES})
def evidence_file(request: HttpRequest, evidence_id: int) -> FileResponse:
    """An evidence file (never public: the task's inspectors and the lead's staff)."""
    actor = _staff(request)
    evidence = selectors.evidence_get(actor=actor, evidence_id=evidence_id)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.filename,
        content_type=content_type_for(evidence.filename),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.post("/inspection/tasks/{task_id}/result/sign", response={200: ResultOut, **ERROR_RESPONSES})
def result_sign(request: HttpRequest, task_id: int) -> ResultOut:
    """Sign the result as one of its inspectors; the last signature completes it."""
    actor = _staff(request)
    result = services.result_sign(actor=actor, result=_result(actor, task_id), today=timezone.localdate())
    result.refresh_from_db()
    return result_out(result)


@router.post("/inspection/tasks/{task_id}/result/publish", response={200: ResultOut, **ERROR_RESPONSES})
def result_publish(request: HttpRequest, task_id: int) -> ResultOut:
    """Publish a completed result (staff of the lead's jurisdiction)."""
    actor = _staff(request)
    result = services.result_publish(actor=actor, result=_result(actor, task_id), today=timezone.localdate())
    return result_out(result)


@router.get("/inspection/plans/{plan_id}/results", response={200: list[PlanResultOut], **ERROR_RESPONSES})
def plan_results(request: HttpRequest, plan_id: int) -> list[PlanResultOut]:
    """Every task of a plan with its result's state, deadline and notice number."""
    plan = inspection.plan_get(actor=_staff(request), plan_id=plan_id)
    results = {r.task_id: r for r in selectors.plan_results(plan_id=plan.pk)}
    rows = []
    for task in plan.tasks.select_related("entity").order_by("order"):
        r = results.get(task.pk)
        rows.append(
            PlanResultOut(
                task_id=task.pk,
                order=task.order,
                entity_name=task.entity.name,
                uscc=task.entity.uscc,
                status=r.status if r else None,
                category=r.category.code if r else None,
                completed_on=r.completed_on if r else None,
                publish_due=r.publish_due if r else None,
                published_on=r.published_on if r else None,
                notice_number=r.notice_number if r else "",
            )
        )
    return rows


@router.post(
    "/inspection/plans/{plan_id}/results/publish", response={200: list[ResultOut], **ERROR_RESPONSES}
)
def plan_results_publish(request: HttpRequest, plan_id: int) -> list[ResultOut]:
    """Publish every completed result of a plan (抽查结果公告)."""
    actor = _staff(request)
    plan = inspection.plan_get(actor=actor, plan_id=plan_id)
    published = services.plan_results_publish(actor=actor, plan_id=plan.pk, today=timezone.localdate())
    return [result_out(r) for r in published]
