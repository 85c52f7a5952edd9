"""Public pages of random inspections (no sign-in): the item list, plan notices, draw records, the check.

Thin: the selectors read, the domain module verifies. No page names an
entity's credit-risk class: the draw page lists the selected entities in
selection order without their stratum (the strata are in the record).
"""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from shijian.core.errors import NotFound
from shijian.inspection import selectors
from shijian.inspection.models import Draw, Plan, Task


def _plan(plan_id: int) -> Plan:
    try:
        return selectors.plan_get_public(plan_id)
    except NotFound:
        raise Http404 from None


def _draw(plan: Plan) -> Draw:
    draw = Draw.objects.filter(plan=plan).first()
    if draw is None:
        raise Http404
    return draw


@require_GET
def item_list(request: HttpRequest) -> HttpResponse:
    """The inspection-item list (随机抽查事项清单)."""
    return render(request, "inspection/items.html", {"items": selectors.item_list_public()})


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    """Published plans (frozen or later)."""
    return render(request, "inspection/plans.html", {"plans": selectors.plan_list_public()[:500]})


@require_GET
def plan_notice(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The plan notice (抽查计划公示): items, strata sizes and snapshot hashes, commitments."""
    plan = _plan(plan_id)
    context = {
        "plan": plan,
        "items": plan.items.order_by("code"),
        "assisting": plan.assisting.order_by("code"),
        "strata": plan.strata.order_by("stratum_id"),
        "commitments": plan.commitments.order_by("order"),
        "draw": Draw.objects.filter(plan=plan).first(),
    }
    return render(request, "inspection/plan.html", context)


@require_GET
def draw_record(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The draw record (抽取结果): seed, secrets, strata, selected entities, downloads."""
    plan = _plan(plan_id)
    draw = _draw(plan)
    tasks = Task.objects.filter(plan=plan).select_related("entity").order_by("order")
    inspectors = selectors.inspectors_public(plan=plan)
    context = {
        "plan": plan,
        "draw": draw,
        "strata": draw.record.get("strata", []),
        "tasks": [(t.order, t.entity.uscc, t.entity.name, inspectors.get(t.pk, [])) for t in tasks],
        "per_task": plan.inspectors_per_task,
        "commitments": plan.commitments.order_by("order"),
    }
    return render(request, "inspection/draw.html", context)


@require_GET
def draw_json(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The record as published JSON (download)."""
    draw = _draw(_plan(plan_id))
    body = json.dumps(draw.record, ensure_ascii=False, indent=2) + "\n"
    response = HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="draw-{plan_id}.json"'
    return response


@require_GET
def snapshot(request: HttpRequest, plan_id: int, stratum_id: str) -> HttpResponse:
    """A stratum's snapshot file ``<stratum_id>.txt``, the exact stored bytes."""
    plan = _plan(plan_id)
    try:
        data = selectors.stratum_snapshot(plan=plan, stratum_id=stratum_id)
    except (NotFound, FileNotFoundError):
        raise Http404 from None
    response = HttpResponse(data, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stratum_id}.txt"'
    return response


@require_GET
def draw_check(request: HttpRequest, plan_id: int) -> HttpResponse:
    """'Verify this draw' (验证本次抽取): the server re-runs ``verify_record`` on the stored files."""
    plan = _plan(plan_id)
    _draw(plan)
    check = selectors.draw_verify(plan=plan) if request.GET.get("run") else None
    return render(request, "inspection/verify.html", {"plan": plan, "check": check})
