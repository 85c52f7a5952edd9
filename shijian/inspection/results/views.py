"""Pages of inspection results: the inspector's mobile pages, the staff list, the public notices.

Inspectors record a result on site on ``/inspection/my-tasks/<task>/``
(one column, large controls: it is used on a phone). The public task notice
(抽查任务公告) and result notice (抽查结果公告) show entities, inspectors by
name and certificate number, and the published result category - never
findings, evidence, strata or risk classes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from shijian.core.errors import DomainError, NotFound, ValidationFailed
from shijian.inspection import selectors as inspection
from shijian.inspection.models import Plan, PlanStatus
from shijian.inspection.results import selectors, services
from shijian.inspection.results.domain import OUTCOMES
from shijian.inspection.results.models import EvidenceKind, InspectionResult


def _staff(request: HttpRequest) -> Any:
    actor = request.actor  # type: ignore[attr-defined]
    if not actor.is_staff_member:
        raise Http404
    return actor


def _public_plan(plan_id: int) -> Plan:
    try:
        plan = inspection.plan_get_public(plan_id)
    except NotFound:
        raise Http404 from None
    if plan.status != PlanStatus.DRAWN:
        raise Http404
    return plan


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    """The tasks I inspect, nearest window end first."""
    tasks = selectors.my_tasks(actor=_staff(request))[:200]
    return render(request, "inspection_results/my_tasks.html", {"tasks": tasks})


def _findings_from(request: HttpRequest, checklist: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [
        {
            "item": code,
            "point": point,
            "outcome": request.POST.get(f"outcome-{n}", ""),
            "note": request.POST.get(f"note-{n}", "")[:2000],
        }
        for n, (code, point) in enumerate(checklist)
    ]


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(
            "inspected_on", "日期格式应为 YYYY-MM-DD", "use the date format YYYY-MM-DD"
        ) from None


@login_required
@require_http_methods(["GET", "POST"])
def task_result(request: HttpRequest, task_id: int) -> HttpResponse:
    """Record, document and sign the result of one of my tasks (mobile page)."""
    actor = _staff(request)
    today = timezone.localdate()
    try:
        task = selectors.task_get(actor=actor, task_id=task_id)
    except NotFound:
        raise Http404 from None
    checklist = services.task_checklist(task)
    result = InspectionResult.objects.filter(task=task).first()
    error: DomainError | None = None
    posted: dict[str, Any] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "save":
                posted = {
                    "category": request.POST.get("category", ""),
                    "inspected_on": request.POST.get("inspected_on", ""),
                    "summary": request.POST.get("summary", "")[:6000],
                    "findings": _findings_from(request, checklist),
                }
                services.result_record(
                    actor=actor,
                    task=task,
                    category_code=posted["category"],
                    inspected_on=_date(posted["inspected_on"]),
                    findings=posted["findings"],
                    summary=posted["summary"],
                    today=today,
                )
                messages.success(
                    request, "检查结果已保存，请各检查人员核对后签字。Saved: each inspector now signs."
                )
            elif action == "evidence" and result is not None:
                upload = request.FILES.get("file")
                if upload is None:
                    raise ValidationFailed("file", "请选择文件", "choose a file")
                services.result_evidence_add(
                    actor=actor,
                    result=result,
                    kind=request.POST.get("kind", EvidenceKind.PHOTO.value),
                    filename=upload.name or "file",
                    content=upload.read(services.evidence_max_bytes() + 1),
                    point=request.POST.get("point", ""),
                    caption=request.POST.get("caption", "")[:300],
                )
                messages.success(request, "证据已上传。Evidence uploaded.")
            elif action == "sign" and result is not None:
                services.result_sign(actor=actor, result=result, today=today)
                messages.success(request, "已签字。Signed.")
            else:
                raise ValidationFailed("action", "未知操作", "unknown action")
        except DomainError as exc:
            error = exc
        else:
            return redirect("inspection_results:task", task.pk)
    if result is not None:
        result.refresh_from_db()
    findings = {(f["item"], f["point"]): f for f in (result.findings if result else [])}
    for f in posted.get("findings", []):
        findings[(f["item"], f["point"])] = f
    rows = [(n, code, point, findings.get((code, point), {})) for n, (code, point) in enumerate(checklist)]
    signed_by = (
        set(result.signatures.values_list("task_inspector__officer_id", flat=True)) if result else set()
    )
    context = {
        "task": task,
        "plan": task.plan,
        "result": result,
        "rows": rows,
        "outcomes": OUTCOMES.items(),
        "categories": selectors.category_list(),
        "evidence_kinds": list(EvidenceKind),
        "posted": posted,
        "error": error,
        "inspectors": task.inspectors.filter(withdrawn_at__isnull=True).select_related("officer"),
        "signed_by": signed_by,
        "i_signed": actor.user_id in signed_by,
        "editable": result is None or result.status == "draft",
        "today": today,
        "inspected_on_value": posted.get("inspected_on")
        or (result.inspected_on.isoformat() if result else today.isoformat()),
    }
    return render(request, "inspection_results/task.html", context, status=422 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def plan_results(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Every task of a plan with its result's state and deadline; publish the signed ones (staff)."""
    actor = _staff(request)
    try:
        plan = inspection.plan_get(actor=actor, plan_id=plan_id)
    except DomainError:
        raise Http404 from None
    error: DomainError | None = None
    if request.method == "POST":
        try:
            published = services.plan_results_publish(
                actor=actor, plan_id=plan.pk, today=timezone.localdate()
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(
                request, f"已公示{len(published)}条检查结果。{len(published)} result(s) published."
            )
            return redirect("inspection_results:plan-results", plan.pk)
    results = {r.task_id: r for r in selectors.plan_results(plan_id=plan.pk)}
    rows = [(task, results.get(task.pk)) for task in plan.tasks.select_related("entity").order_by("order")]
    context = {
        "plan": plan,
        "rows": rows,
        "error": error,
        "today": timezone.localdate(),
        "ready": sum(1 for _, r in rows if r is not None and r.status == "completed"),
    }
    return render(request, "inspection_results/plan_results.html", context, status=422 if error else 200)


@require_GET
def task_notice(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The task notice (抽查任务公告): what is inspected, by whom, when."""
    plan = _public_plan(plan_id)
    inspectors = inspection.inspectors_public(plan=plan)
    tasks = selectors.tasks_public(plan_id=plan.pk)
    task_ids = dict(plan.tasks.values_list("order", "pk"))
    context = {
        "plan": plan,
        "items": plan.items.order_by("code"),
        "rows": [(row, inspectors.get(task_ids.get(row.order, 0), [])) for row in tasks],
    }
    return render(request, "inspection_results/task_notice.html", context)


@require_GET
def result_notice(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The result notice (抽查结果公告): the published results of a plan."""
    plan = _public_plan(plan_id)
    context = {
        "plan": plan,
        "results": selectors.results_public(plan_id=plan.pk),
        "tasks": plan.tasks.count(),
    }
    return render(request, "inspection_results/result_notice.html", context)
