"""Staff page of random-inspection statistics (双随机抽查统计); internal, never public.

Mount as ``path("inspection/statistics/", views_statistics.statistics_page, name="statistics")``.
Thin: the selectors count, ``stats_domain`` does the arithmetic. The page
shows the problem-found rate by credit class, which is internal: staff
only, anyone else gets 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from shijian.core.actor import Actor
from shijian.core.errors import DomainError
from shijian.inspection.models import PlanStatus
from shijian.inspection.results import statistics
from shijian.inspection.results.stats_domain import PlanStatistics, YearStatistics

_YEARS = range(2000, 2101)
#: A plan status as (Chinese, English) from its label "已抽取 drawn".
_STATUS = {s.value: tuple(str(s.label).split(" ", 1)) for s in PlanStatus}


def _int(raw: str | None) -> int | None:
    """A query parameter as a number, None when absent or not a number."""
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


@login_required
@require_GET
def statistics_page(request: HttpRequest) -> HttpResponse:
    """Statistics of a year (``?year=``, default this year) or one plan (``?plan=``) of my jurisdiction."""
    actor: Actor = request.actor  # type: ignore[attr-defined]
    if not actor.is_staff_member:
        raise Http404
    today = timezone.localdate()
    asked = _int(request.GET.get("year"))
    year = asked if asked is not None and asked in _YEARS else today.year
    plan_id = _int(request.GET.get("plan"))
    plan: PlanStatistics | None = None
    stats: YearStatistics | None = None
    if request.GET.get("plan") and plan_id is None:
        raise Http404
    try:
        if plan_id is not None:
            plan = statistics.plan_statistics(actor=actor, plan_id=plan_id, today=today)
            year = plan.year
        else:
            stats = statistics.year_statistics(actor=actor, year=year, today=today)
    except DomainError:
        raise Http404 from None
    context = {
        "year": year,
        "stats": stats,
        "plan": plan,
        "breakdown": plan if plan is not None else stats,
        "rows": [(p, *_STATUS.get(p.status, (p.status, ""))) for p in stats.plans] if stats else [],
        "plan_status": _STATUS.get(plan.status, (plan.status, "")) if plan is not None else None,
        "today": today,
    }
    return render(request, "inspection_results/statistics.html", context)
