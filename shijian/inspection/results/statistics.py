"""Reads of random-inspection statistics (双随机抽查统计): per plan and per year; internal (staff only).

Counting happens in four aggregate queries whatever the number of plans
(the plans, the strata sizes, the tasks per stratum, the results grouped
by stratum/status/problem flag); the arithmetic is in ``stats_domain``.
The problem-found rate by credit class is internal: it belongs on staff
pages and the staff API only, never on a public page.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from shijian.accounts.policies import require_staff
from shijian.core.actor import Actor
from shijian.core.errors import NotFound
from shijian.core.scoping import scope
from shijian.inspection.models import ItemKind, Plan, PlanStatus, Stratum, Task
from shijian.inspection.results.models import InspectionResult, ResultStatus
from shijian.inspection.results.stats_domain import (
    PlanFacts,
    PlanStatistics,
    ResultCount,
    StratumCount,
    YearStatistics,
    plan_figures,
    year_figures,
)

__all__ = ["plan_statistics", "year_statistics"]

_MAX_ID = 2**63


def _facts(plans: QuerySet[Plan], today: dt.date) -> list[PlanFacts]:
    """The counts of ``plans`` (an already scoped queryset), in four queries."""
    general = Plan.items.through.objects.filter(plan_id=OuterRef("pk"), inspectionitem__kind=ItemKind.GENERAL)
    rows = list(
        plans.annotate(has_general=Exists(general))
        .order_by("number", "pk")
        .values("pk", "number", "title", "year", "status", "has_general")
    )
    ids = [row["pk"] for row in rows]
    if not ids:
        return []
    sizes = Stratum.objects.filter(plan_id__in=ids).values_list("plan_id", "stratum_id", "risk_class", "size")
    sampled = (
        Task.objects.filter(plan_id__in=ids)
        .values("plan_id", "stratum_id")
        .annotate(n=Count("pk"))
        .values_list("plan_id", "stratum_id", "n")
        .order_by()
    )
    results = (
        InspectionResult.objects.filter(task__plan_id__in=ids)
        .values("task__plan_id", "task__stratum_id", "status", "category__problem_found")
        .annotate(
            n=Count("pk"),
            on_time=Count("pk", filter=Q(status=ResultStatus.PUBLISHED, published_on__lte=F("publish_due"))),
            overdue=Count("pk", filter=Q(status=ResultStatus.COMPLETED, publish_due__lt=today)),
        )
        .values_list(
            "task__plan_id",
            "task__stratum_id",
            "status",
            "category__problem_found",
            "n",
            "on_time",
            "overdue",
        )
        .order_by()
    )
    # The published stratum ids are opaque (S1..): the figures are by the class each holds.
    class_of: dict[tuple[int, str], str] = {}
    strata: dict[int, dict[str, list[int]]] = {pk: {} for pk in ids}
    for plan_id, stratum_id, risk_class, size in sizes:
        class_of[plan_id, stratum_id] = risk_class or stratum_id
        strata[plan_id].setdefault(class_of[plan_id, stratum_id], [0, 0])[0] = size
    for plan_id, stratum_id, n in sampled:
        # A task's stratum always has a Stratum row; keep it counted even if one went missing.
        strata[plan_id].setdefault(class_of.get((plan_id, stratum_id), stratum_id), [0, 0])[1] = n
    counts: dict[int, list[ResultCount]] = {pk: [] for pk in ids}
    for plan_id, stratum_id, status, problem, n, on_time, overdue in results:
        risk_class = class_of.get((plan_id, stratum_id), stratum_id)
        counts[plan_id].append(ResultCount(risk_class, status, bool(problem), n, on_time, overdue))
    return [
        PlanFacts(
            plan_id=row["pk"],
            number=row["number"],
            title=row["title"],
            year=row["year"],
            status=row["status"],
            drawn=row["status"] == PlanStatus.DRAWN,
            has_general_item=bool(row["has_general"]),
            strata=tuple(StratumCount(s, size, n) for s, (size, n) in strata[row["pk"]].items()),
            results=tuple(counts[row["pk"]]),
        )
        for row in rows
    ]


def plan_statistics(*, actor: Actor, plan_id: int, today: dt.date | None = None) -> PlanStatistics:
    """Statistics of one plan of the actor's jurisdiction (outside it, or missing: 404).

    Directory size (名录规模), sampled count (抽取户数) and ratio, per stratum
    too; completion (完成率); publication and the on-time rate (按时公示率),
    judged on ``today`` (default: the local date); the problem-found rate by
    credit class (internal).
    """
    require_staff(actor, "inspection.statistics")
    if not 0 < plan_id < _MAX_ID:  # a number no bigint key can hold is simply not there
        raise NotFound("plan")
    facts = _facts(scope(actor, Plan.objects.filter(pk=plan_id)), today or timezone.localdate())
    if not facts:
        raise NotFound("plan")
    return plan_figures(facts[0])


def year_statistics(*, actor: Actor, year: int, today: dt.date | None = None) -> YearStatistics:
    """Statistics of the plans of ``year`` led within the actor's jurisdiction (年度抽查统计).

    Every plan of the year is listed; the pooled figures count drawn plans
    only. The general-item sampling ratio (一般事项抽查比例) pools the drawn
    plans with at least one general item and is judged against the year's
    target (``stats_domain.GENERAL_RATIO_TARGETS``).
    """
    require_staff(actor, "inspection.statistics")
    plans = scope(actor, Plan.objects.filter(year=year))
    return year_figures(year, _facts(plans, today or timezone.localdate()))
