"""Public pages: the list of simplified-deregistration notices and one notice with its objection form."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from shijian.core.errors import DomainError, NotFound
from shijian.registry.deregistration import selectors, services
from shijian.registry.deregistration.domain import notice_open
from shijian.registry.deregistration.models import Objection


def notice_list(request: HttpRequest) -> HttpResponse:
    """Simplified-deregistration notices open today (简易注销公告)."""
    notices = selectors.notices_open(today=timezone.localdate())[:200]
    return render(request, "registry/deregistration_list.html", {"notices": notices})


@require_http_methods(["GET", "POST"])
def notice_detail(request: HttpRequest, notice_id: int) -> HttpResponse:
    """One notice; during the notice period anyone may lodge an objection (提出异议)."""
    try:
        notice = selectors.notice_public_get(notice_id=notice_id)
    except NotFound:
        raise Http404 from None
    today = timezone.localdate()
    error: DomainError | None = None
    form = {
        key: request.POST.get(key, "").strip()
        for key in ("objector_name", "objector_kind", "contact", "reason")
    }
    if request.method == "POST":
        try:
            services.objection_lodge(
                actor=request.actor,  # type: ignore[attr-defined]
                notice=notice,
                objector_name=form["objector_name"][:200],
                objector_kind=form["objector_kind"],
                contact=form["contact"][:100],
                reason=form["reason"][:6000],
                today=today,
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, "异议已提交，登记机关将依法处理。Objection lodged.")
            return redirect("dereg:notice", notice_id=notice.pk)
    context = {
        "notice": notice,
        "open": notice.status == "notice" and notice_open(today, notice.notice_start, notice.notice_end),
        "objection_count": notice.objections.count(),
        "kinds": Objection._meta.get_field("objector_kind").choices,
        "form": form,
        "error": error,
    }
    return render(request, "registry/deregistration_notice.html", context, status=422 if error else 200)
