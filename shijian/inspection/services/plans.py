"""The inspection-item list and plans in draft (随机抽查事项清单, 抽查计划)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from shijian.accounts.models import OrgUnit
from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.errors import Conflict, ValidationFailed
from shijian.inspection import policies
from shijian.inspection.directory import (
    DEFAULT_RATIOS,
    STRATA,
    clean_filters,
)
from shijian.inspection.models import (
    InspectionItem,
    ItemKind,
    Plan,
    PlanKind,
    PlanStatus,
)
from shijian.inspection.services._common import _decimal, _locked, _require_status, _text

_PLAN_FIELDS = (
    "title",
    "kind",
    "year",
    "directory_filters",
    "ratios",
    "min_count",
    "max_count",
    "exclude_inspected_days",
    "inspectors_per_task",
    "workload_cap",
    "avoid_inspected_days",
    "window_start",
    "window_end",
)


@transaction.atomic
def item_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    department: str,
    legal_basis: str,
    kind: str,
    ratio_ceiling: str = "",
    ceiling_basis: str = "",
    checklist: Sequence[str] = (),
    applies_to: Mapping[str, Any] | None = None,
) -> InspectionItem:
    """Add an item to the inspection-item list (随机抽查事项清单); a new version replaces the active one."""
    policies.require_planner(actor, "inspection.item_create", None)
    if kind not in ItemKind.values:
        raise ValidationFailed("kind", "事项类别应为一般或重点", "kind must be general or key")
    if kind == ItemKind.GENERAL:
        _decimal(ratio_ceiling, "ratio_ceiling")
        _text(ceiling_basis, "ceiling_basis", "比例上限依据", "the ceiling's legal basis", limit=2000)
    elif ratio_ceiling:
        raise ValidationFailed("ratio_ceiling", "重点检查事项不设比例上限", "key items have no ratio ceiling")
    points = [str(p).strip() for p in checklist if str(p).strip()]
    code = _text(code, "code", "事项编码", "the code", limit=40)
    previous = InspectionItem.objects.select_for_update().filter(code=code, active=True).first()
    if previous is not None:
        previous.active = False
        previous.save(update_fields=["active"])
    item = InspectionItem(
        code=code,
        name=_text(name, "name", "事项名称", "the name"),
        department=_text(department, "department", "实施部门", "the department"),
        legal_basis=_text(legal_basis, "legal_basis", "检查依据", "the legal basis", limit=2000),
        kind=kind,
        ratio_ceiling=ratio_ceiling if kind == ItemKind.GENERAL else "",
        ceiling_basis=ceiling_basis if kind == ItemKind.GENERAL else "",
        checklist=points,
        applies_to=dict(applies_to or {}),
    )
    item.full_clean()
    item.save()
    audit_record(actor=actor, action="inspection.item_created", obj=item, after=model_snapshot(item))
    return item


def _validate_plan(plan: Plan, items: Sequence[InspectionItem]) -> None:
    if plan.kind not in PlanKind.values:
        raise ValidationFailed("kind", "计划类别应为年度或专项", "kind must be annual or special")
    if not items:
        raise ValidationFailed("items", "至少选择一个抽查事项", "choose at least one item")
    if plan.inspectors_per_task < 2:
        raise ValidationFailed(
            "inspectors_per_task", "每户检查人员不得少于2人（行政处罚法第四十二条）", "at least 2 inspectors"
        )
    if plan.workload_cap < 1:
        raise ValidationFailed(
            "workload_cap", "每名检查人员任务上限至少为1", "the workload cap is at least 1"
        )
    if plan.window_end < plan.window_start:
        raise ValidationFailed("window_end", "检查结束日期早于开始日期", "the window ends before it starts")
    if plan.max_count is not None and plan.max_count < plan.min_count:
        raise ValidationFailed("max_count", "最多抽取数小于最少抽取数", "max_count is below min_count")
    if not isinstance(plan.ratios, dict) or set(plan.ratios) != set(STRATA):
        raise ValidationFailed(
            "ratios", f"应为每一层 {list(STRATA)} 设定比例", f"give a ratio for each of {STRATA}"
        )
    ceilings = [
        (Decimal(item.ratio_ceiling), item)
        for item in items
        if item.kind == ItemKind.GENERAL and item.ratio_ceiling
    ]
    for stratum_id in STRATA:
        ratio = _decimal(plan.ratios[stratum_id], f"ratios.{stratum_id}")
        for ceiling, item in ceilings:
            if ratio > ceiling:
                raise ValidationFailed(
                    f"ratios.{stratum_id}",
                    f"{stratum_id}层比例 {ratio} 超过一般检查事项“{item.name}”的比例上限 {ceiling}"
                    f"（{item.ceiling_basis}）",
                    f"ratio {ratio} of stratum {stratum_id} exceeds the ceiling {ceiling} "
                    f"of general item {item.code}",
                )
    plan.directory_filters = clean_filters(plan.directory_filters or {})


def _items(codes: Sequence[str]) -> list[InspectionItem]:
    found = {i.code: i for i in InspectionItem.objects.filter(code__in=codes, active=True)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationFailed(
            "items", f"事项不存在或已停用：{missing}", f"unknown or inactive items: {missing}"
        )
    return [found[c] for c in dict.fromkeys(codes)]


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    number: str,
    title: str,
    kind: str,
    year: int,
    lead: OrgUnit,
    item_codes: Sequence[str],
    window_start: dt.date,
    window_end: dt.date,
    assisting: Sequence[OrgUnit] = (),
    directory_filters: Mapping[str, Any] | None = None,
    ratios: Mapping[str, str] | None = None,
    min_count: int = 0,
    max_count: int | None = None,
    exclude_inspected_days: int = 0,
    inspectors_per_task: int = 2,
    workload_cap: int = 20,
    avoid_inspected_days: int = 365,
) -> Plan:
    """Create a draft plan (抽查计划) led by ``lead``; the actor must work in the lead's jurisdiction."""
    policies.require_planner(actor, "inspection.plan_create", lead.path)
    if Plan.objects.filter(number=number.strip()).exists():
        raise Conflict("plan_number_taken", "计划编号已存在", "the plan number is taken")
    plan = Plan(
        number=_text(number, "number", "计划编号", "the number", limit=60),
        title=_text(title, "title", "计划名称", "the title"),
        kind=kind,
        year=year,
        lead=lead,
        directory_filters=dict(directory_filters or {}),
        ratios={**DEFAULT_RATIOS, **dict(ratios or {})},
        min_count=min_count,
        max_count=max_count,
        exclude_inspected_days=exclude_inspected_days,
        inspectors_per_task=inspectors_per_task,
        workload_cap=workload_cap,
        avoid_inspected_days=avoid_inspected_days,
        window_start=window_start,
        window_end=window_end,
        created_by=actor.display_name or actor.username,
    )
    items = _items(item_codes)
    _validate_plan(plan, items)
    plan.full_clean()
    plan.save()
    plan.items.set(items)
    plan.assisting.set([unit for unit in assisting if unit.pk != lead.pk])
    after = {**model_snapshot(plan), "items": [i.code for i in items]}
    audit_record(actor=actor, action="inspection.plan_created", obj=plan, after=after)
    return plan


@transaction.atomic
def plan_update(
    *,
    actor: Actor,
    plan: Plan,
    changes: Mapping[str, Any],
    item_codes: Sequence[str] | None = None,
    assisting: Sequence[OrgUnit] | None = None,
) -> Plan:
    """Change a draft plan's parameters (only while it is a draft)."""
    plan = _locked(plan)
    policies.require_planner(actor, "inspection.plan_update", plan.lead.path)
    _require_status(plan, PlanStatus.DRAFT)
    unknown = set(changes) - set(_PLAN_FIELDS)
    if unknown:
        raise ValidationFailed(sorted(unknown)[0], "该项不能修改", "this field cannot be changed")
    before = model_snapshot(plan)
    for key, value in changes.items():
        if key == "ratios":
            value = {**plan.ratios, **dict(value)}
        setattr(plan, key, value)
    items = _items(item_codes) if item_codes is not None else list(plan.items.filter(active=True))
    _validate_plan(plan, items)
    plan.full_clean()
    plan.save()
    if item_codes is not None:
        plan.items.set(items)
    if assisting is not None:
        plan.assisting.set([unit for unit in assisting if unit.pk != plan.lead_id])
    audit_record(
        actor=actor, action="inspection.plan_updated", obj=plan, before=before, after=model_snapshot(plan)
    )
    return plan
