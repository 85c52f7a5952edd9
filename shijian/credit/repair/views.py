"""Enterprise pages of credit repair: what can be repaired, the form with uploads, my applications.

Thin: the selectors say what may be repaired and why not, the services do
the work; a refusal is shown with its field and reason in Chinese and English.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from shijian.core.errors import DomainError, NotFound, ValidationFailed
from shijian.credit.repair import documents, selectors, services
from shijian.credit.repair.domain import REQUIRED_MATERIALS, ApplicationStatus, MaterialKind, RepairKind
from shijian.registry.selectors import entities_represented

_FIELDS = ("applicant_name", "contact", "statement", "cured_on")


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """What the entities I represent could repair (with every condition) and my applications."""
    today = timezone.localdate()
    actor = request.actor  # type: ignore[attr-defined]
    targets = [
        pair
        for entity in entities_represented(actor=actor, on=today)[:50]
        for pair in selectors.repair_targets_for(entity=entity, today=today)
    ]
    applications = selectors.applications_represented(actor=actor, today=today)[:200]
    return render(
        request,
        "credit_repair/overview.html",
        {"targets": targets, "applications": applications, "today": today},
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, kind: str, target_id: int) -> HttpResponse:
    """The application form of one listing or penalty of an entity I represent (anyone else: 404)."""
    today = timezone.localdate()
    actor = request.actor  # type: ignore[attr-defined]
    try:
        repair_kind = RepairKind(kind)
        target = selectors.repair_target(kind=repair_kind, target_id=target_id)
    except (ValueError, NotFound):
        raise Http404 from None
    if not selectors.represents(actor, target.entity, today):
        raise Http404
    form = {key: request.POST.get(key, "").strip() for key in _FIELDS}
    error: DomainError | None = None
    if request.method == "POST":
        uploads = [
            services.MaterialUpload(MaterialKind(key), upload.name or "file", upload.read())
            for key in (m.value for m in MaterialKind)
            for upload in request.FILES.getlist(key)[:5]
        ]
        try:
            application = services.repair_apply(
                actor=actor,
                kind=repair_kind,
                target_id=target_id,
                applicant_name=form["applicant_name"][:200],
                contact=form["contact"][:100],
                statement=form["statement"][:6000],
                cured_on=_date(form["cured_on"]),
                materials=uploads,
                today=today,
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, "信用修复申请已提交，办理机关将依法受理。Application submitted.")
            return redirect("repair:detail", application.pk)
    context = {
        "target": target,
        "checks": selectors.repair_checks(target, today=today),
        "required": REQUIRED_MATERIALS[repair_kind],
        "materials": list(MaterialKind),
        "form": form,
        "error": error,
        "list_kind": target.abnormal_listing is not None,
    }
    return render(request, "credit_repair/apply.html", context, status=422 if error else 200)


def _date(value: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(
            "cured_on", "日期格式应为 YYYY-MM-DD", "use the date format YYYY-MM-DD"
        ) from None


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, application_id: int) -> HttpResponse:
    """One of my applications (state, deadlines, checks, materials, letters); add material or withdraw."""
    today = timezone.localdate()
    actor = request.actor  # type: ignore[attr-defined]
    application = (
        selectors.applications_represented(actor=actor, today=today).filter(pk=application_id).first()
    )
    if application is None:
        raise Http404
    error: DomainError | None = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "withdraw":
                services.repair_withdraw(
                    actor=actor,
                    application=application,
                    reason=request.POST.get("reason", "")[:2000],
                    today=today,
                )
                messages.success(request, "申请已撤回。Application withdrawn.")
            else:
                upload = request.FILES.get("file")
                if upload is None:
                    raise ValidationFailed("file", "请选择文件", "choose a file")
                services.repair_material_add(
                    actor=actor,
                    application=application,
                    kind=MaterialKind(request.POST.get("kind", MaterialKind.OTHER.value)),
                    filename=upload.name or "file",
                    content=upload.read(services.material_max_bytes() + 1),
                    today=today,
                )
                messages.success(request, "材料已上传。Material uploaded.")
        except DomainError as exc:
            error = exc
        except ValueError:
            error = ValidationFailed("kind", "材料类别无效", "unknown material kind")
        else:
            return redirect("repair:detail", application.pk)
        application.refresh_from_db()
    context = {
        "application": application,
        "materials": application.materials.all(),
        "letters": documents.letters_available(application),
        "materials_kinds": list(MaterialKind),
        "error": error,
        "open": application.status_enum.open,
    }
    return render(request, "credit_repair/detail.html", context, status=422 if error else 200)


# -- staff -------------------------------------------------------------------------------------


def _staff_actor(request: HttpRequest) -> Any:
    actor = request.actor  # type: ignore[attr-defined]
    if not actor.is_staff_member:
        raise Http404
    return actor


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    """Applications of my jurisdiction (credit staff), filtered by status, with their deadlines."""
    actor = _staff_actor(request)
    status = request.GET.get("status", "")
    if status not in {s.value for s in ApplicationStatus}:
        status = ""
    try:
        found = selectors.application_list(actor=actor, status=status or None)[:500]
    except DomainError:
        raise Http404 from None
    context = {
        "applications": found,
        "status": status,
        "statuses": list(ApplicationStatus),
        "today": timezone.localdate(),
    }
    return render(request, "credit_repair/staff_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def staff_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    """One application with its checks, materials and letters; accept/refuse and decide (credit officers)."""
    actor = _staff_actor(request)
    today = timezone.localdate()
    try:
        application = selectors.application_get(actor=actor, application_id=application_id, today=today)
        selectors.require_officer(actor, application.entity, reading=True)
    except DomainError:
        raise Http404 from None
    error: DomainError | None = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        reason = request.POST.get("reason", "")[:2000]
        try:
            if action in ("accept", "not_accept"):
                services.repair_accept(
                    actor=actor,
                    application=application,
                    accept=action == "accept",
                    reason=reason,
                    today=today,
                )
            elif action in ("approve", "refuse"):
                services.repair_decide(
                    actor=actor,
                    application=application,
                    approve=action == "approve",
                    reason=reason,
                    obligations_performed=request.POST.get("obligations_performed") == "on",
                    harm_removed=request.POST.get("harm_removed") == "on",
                    today=today,
                )
            else:
                raise ValidationFailed("action", "未知操作", "unknown action")
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, "已办理。Done.")
            return redirect("repair:staff-detail", application.pk)
        application.refresh_from_db()
    kind = application.kind_enum
    context = {
        "application": application,
        "materials": application.materials.all(),
        "letters": documents.letters_available(application),
        "error": error,
        "current_checks": selectors.repair_checks(
            selectors.repair_target(kind=kind, target_id=selectors.target_id_of(application)), today=today
        )
        if application.status_enum.open
        else None,
        "needs_performance": kind in (RepairKind.PENALTY_PUBLICITY, RepairKind.SERIOUS_EARLY),
        "needs_harm": kind is RepairKind.SERIOUS_EARLY,
    }
    return render(request, "credit_repair/staff_detail.html", context, status=422 if error else 200)
