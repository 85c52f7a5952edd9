"""Helpers shared by the random-inspection services: snapshot paths, text and ratio checks, locking."""

from __future__ import annotations

from decimal import Decimal

from shijian.core.errors import Conflict, ValidationFailed, required_text
from shijian.inspection.domain.draw import (
    parse_ratio,
)
from shijian.inspection.models import (
    Plan,
    PlanStatus,
)


def snapshot_path(plan: Plan, stratum_id: str) -> str:
    """Where a stratum's snapshot file is stored (relative to MEDIA_ROOT)."""
    return f"inspection/{plan.pk}/{stratum_id}.txt"


def _text(value: str, field: str, zh: str, en: str, *, limit: int = 200) -> str:
    return required_text(value, field, zh, en, limit=limit)


def _decimal(value: object, field: str) -> Decimal:
    ratio = parse_ratio(value)
    if ratio is None:
        raise ValidationFailed(
            field, "比例应为0到1之间的小数（文字）", "a ratio is a decimal string from 0 to 1"
        )
    return ratio


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().select_related("lead").get(pk=plan.pk)


def _require_status(plan: Plan, *statuses: PlanStatus) -> None:
    if plan.status not in statuses:
        raise Conflict(
            "plan_status",
            f"计划当前状态为“{PlanStatus(plan.status).label}”，不能进行此操作",
            f"the plan is {plan.status}",
        )
