"""Thin page views: parse, call one selector or service, render."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shijian.core import identifiers
from shijian.core.audit.selectors import audit_history
from shijian.core.errors import NotFound


def home(request: HttpRequest) -> HttpResponse:
    """The public landing page."""
    return render(request, "web/home.html")


class SignInView(LoginView):
    """Sign-in (throttled by django-axes)."""

    template_name = "web/login.html"
    redirect_authenticated_user = True


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Sign out (POST only, CSRF-protected)."""
    logout(request)
    return redirect("web:home")


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    """The officer workbench: my deadlines, most urgent first."""
    actor = request.actor  # type: ignore[attr-defined]
    if not actor.is_staff_member:
        raise Http404
    return render(request, "web/workbench.html", {"deadlines": []})


@login_required
def history(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    """The audit history of one object (404 when outside the reader's jurisdiction)."""
    try:
        records = list(audit_history(actor=request.actor, object_type=object_type, object_id=object_id))  # type: ignore[attr-defined]
    except NotFound:
        raise Http404 from None
    return render(
        request, "web/history.html", {"records": records, "object_type": object_type, "object_id": object_id}
    )


def uscc_tool(request: HttpRequest) -> HttpResponse:
    """Public tool: check a unified social credit code (统一社会信用代码校验)."""
    code = request.GET.get("code", "").strip()[:64]
    result = identifiers.uscc_check(code) if code else None
    division = (
        identifiers.division_name_path(result.division_code) if result and result.division_code else None
    )
    return render(request, "web/tool_uscc.html", {"code": code, "result": result, "division": division})
