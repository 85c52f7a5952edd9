"""Thin page views: parse, call one selector or service, render."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from shijian.accounts.selectors import actor_for_user
from shijian.core import identifiers
from shijian.core.audit.selectors import audit_history
from shijian.core.clock import selectors as clock_selectors
from shijian.core.clock.domain import DateRange, parse_date
from shijian.core.errors import DomainError, NotFound
from shijian.core.roles import Role


def home(request: HttpRequest) -> HttpResponse:
    """The public landing page."""
    return render(request, "web/home.html")


class SignInView(LoginView):
    """Sign-in (throttled by django-axes)."""

    template_name = "web/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        """Staff land on the workbench, enterprise users on their entities' dashboard."""
        actor = actor_for_user(self.request.user)  # type: ignore[arg-type]
        if actor.is_staff_member:
            return reverse("web:workbench")
        if Role.ENTERPRISE in actor.roles:
            return reverse("reports:dashboard")
        return reverse("web:home")


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
    today = timezone.localdate()
    deadlines = clock_selectors.deadlines_for(actor=actor, today=today)
    names = {rule.rule_id: rule for rule in clock_selectors.rules_in_force(on=today)}
    return render(request, "web/workbench.html", {"deadlines": deadlines, "rules": names, "today": today})


@login_required
def clock_detail(request: HttpRequest, clock_id: int) -> HttpResponse:
    """One clock with its explanation (期限说明); 404 outside the reader's jurisdiction."""
    actor = request.actor  # type: ignore[attr-defined]
    try:
        clock = clock_selectors.clock_get(actor=actor, clock_id=clock_id)
    except NotFound:
        raise Http404 from None
    lang = "en" if get_language() == "en" else "zh"
    explanation = clock_selectors.clock_state(clock=clock).explain(lang)
    return render(request, "web/clock.html", {"clock": clock, "explanation": explanation})


def deadline_tool(request: HttpRequest) -> HttpResponse:
    """Public tool: compute a statutory deadline and show how it was counted (法定期限计算)."""
    today = timezone.localdate()
    rule_id = request.GET.get("rule", "").strip()[:64]
    start_text = request.GET.get("start", "").strip()[:10]
    pauses_text = request.GET.get("pauses", "").strip()[:2000]
    extend = request.GET.get("extend", "") == "1"
    form = {"rule": rule_id, "start": start_text, "pauses": pauses_text, "extend": extend}
    answer = None
    error = None
    lang = "en" if get_language() == "en" else "zh"
    if rule_id and start_text:
        try:
            start = parse_date(start_text, field="start")
            pauses = [DateRange.parse(line) for line in pauses_text.split() if line]
            answer = clock_selectors.deadline_compute(
                rule_id=rule_id, start=start, pauses=pauses, extensions=1 if extend else 0
            )
        except DomainError as exc:
            error = exc
    context = {
        "form": form,
        "rules": clock_selectors.rules_in_force(on=today),
        "answer": answer,
        "explanation": answer.computation.explain(lang) if answer else "",
        "error": error,
        "lang": lang,
    }
    return render(request, "web/tool_deadline.html", context)


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
