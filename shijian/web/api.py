"""Site-level API endpoints that combine core services: health, identifier checks, deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

import shijian
from shijian.accounts.api_auth import staff_auth
from shijian.accounts.policies import require_staff
from shijian.core import identifiers
from shijian.core.api import ERROR_RESPONSES
from shijian.core.clock import selectors as clock_selectors
from shijian.core.clock.domain import DateRange
from shijian.core.errors import NotFound

public_router = Router(tags=["public 公开"])
staff_router = Router(tags=["workbench 工作台"], auth=staff_auth())


class HealthOut(Schema):
    """Liveness answer."""

    status: str
    version: str


@public_router.get("/health", response={200: HealthOut, **ERROR_RESPONSES}, auth=None)
def health(request: HttpRequest) -> HealthOut:
    """Liveness check for load balancers."""
    return HealthOut(status="ok", version=shijian.__version__)


class CodeIn(Schema):
    """An identifier to check."""

    code: str


class ProblemOut(Schema):
    """One reason an identifier is invalid or doubtful."""

    code: str
    position: int | None
    message_zh: str
    message_en: str


class CheckOut(Schema):
    """The outcome of an identifier check."""

    valid: bool
    errors: list[ProblemOut]
    warnings: list[ProblemOut]
    normalised: str
    only_check_character_failed: bool = False
    division_name: str | None = None


class DivisionOut(Schema):
    """An administrative division (GB/T 2260)."""

    code: str
    name: str
    level: str
    current: bool
    name_path: str | None
    parent_code: str | None


@public_router.post("/identifiers/uscc/check", response={200: CheckOut, **ERROR_RESPONSES}, auth=None)
def uscc_check_endpoint(request: HttpRequest, body: CodeIn) -> CheckOut:
    """Check a unified social credit code (统一社会信用代码校验); public."""
    result = identifiers.uscc_check(body.code)
    payload = result.as_dict()
    payload["only_check_character_failed"] = result.only_check_character_failed
    payload["division_name"] = (
        identifiers.division_name_path(result.division_code) if result.division_code else None
    )
    return CheckOut.model_validate(payload)


@staff_router.post("/identifiers/idcard/check", response={200: CheckOut, **ERROR_RESPONSES})
def idcard_check_endpoint(request: HttpRequest, body: CodeIn) -> CheckOut:
    """Check a resident ID-card number (身份证号码校验); staff only, the number is never logged."""
    require_staff(request.actor, "identifiers.idcard_check")  # type: ignore[attr-defined]
    result = identifiers.idcard_check(body.code, today=timezone.localdate())
    payload = result.as_dict()
    payload["normalised"] = identifiers.idcard_mask(result.normalised)
    payload["division_name"] = (
        identifiers.division_name_path(result.division_code) if result.division_code else None
    )
    return CheckOut.model_validate(payload)


@public_router.get("/divisions/{code}", response={200: DivisionOut, **ERROR_RESPONSES}, auth=None)
def division_endpoint(request: HttpRequest, code: str) -> DivisionOut:
    """An administrative division by its code, current or retired (行政区划代码查询)."""
    division = identifiers.division_lookup(code)
    if division is None:
        raise NotFound("division")
    return DivisionOut(
        code=division.code,
        name=division.name,
        level=str(division.level),
        current=division.current,
        name_path=identifiers.division_name_path(division.code),
        parent_code=division.parent_code,
    )


class DeadlineIn(Schema):
    """A deadline question: which rule, from when, with which pauses and extensions."""

    rule: str
    start: dt.date
    pauses: list[str] = Field(
        default_factory=list, description="windows 'YYYY-MM-DD:YYYY-MM-DD', both days included"
    )
    extensions: int = Field(default=0, ge=0, le=5)


class DeadlineOut(Schema):
    """A computed deadline with its explanation."""

    rule: str
    rule_version: int
    legal_basis: str
    start: dt.date
    due: dt.date
    normal_due: dt.date
    trace: list[dict[str, Any]]
    explain_zh: str
    explain_en: str


class RuleOut(Schema):
    """A deadline rule in force."""

    rule_id: str
    version: int
    name_zh: str
    name_en: str
    legal_basis: str
    amount: int
    unit: str
    extension_amount: int
    extension_limit: int
    confidence: str
    effective_from: dt.date


class MyDeadlineOut(Schema):
    """One row of my deadlines."""

    clock_id: int
    subject_type: str
    subject_id: str
    rule_id: str
    status: str
    period_start: dt.date
    due_date: dt.date
    overdue: bool
    due_soon: bool
    working_days_left: int | None


class ClockOut(Schema):
    """A clock with its explanation."""

    id: int
    subject_type: str
    subject_id: str
    rule_id: str
    rule_version: int
    status: str
    started_on: dt.date
    due_date: dt.date
    extensions_used: int
    explain_zh: str
    explain_en: str


@public_router.post("/deadlines/compute", response={200: DeadlineOut, **ERROR_RESPONSES}, auth=None)
def deadline_compute_endpoint(request: HttpRequest, body: DeadlineIn) -> DeadlineOut:
    """Compute a statutory deadline and explain it (法定期限计算); public."""
    pauses = [DateRange.parse(text) for text in body.pauses]
    answer = clock_selectors.deadline_compute(
        rule_id=body.rule, start=body.start, pauses=pauses, extensions=body.extensions
    )
    c = answer.computation
    return DeadlineOut(
        rule=answer.rule.rule_id,
        rule_version=answer.rule.version,
        legal_basis=answer.rule.legal_basis,
        start=c.start,
        due=c.due,
        normal_due=c.normal_due,
        trace=[event.as_dict() for event in c.trace],
        explain_zh=c.explain("zh"),
        explain_en=c.explain("en"),
    )


@public_router.get("/rules", response={200: list[RuleOut], **ERROR_RESPONSES}, auth=None)
def rules_endpoint(request: HttpRequest) -> list[RuleOut]:
    """The deadline rules in force today, with their legal basis (期限规则表); public."""
    return [
        RuleOut(
            rule_id=r.rule_id,
            version=r.version,
            name_zh=r.name_zh,
            name_en=r.name_en,
            legal_basis=r.legal_basis,
            amount=r.period.amount,
            unit=r.period.unit.value,
            extension_amount=r.period.extension_amount,
            extension_limit=r.period.extension_limit,
            confidence=r.confidence.value,
            effective_from=r.effective_from,
        )
        for r in clock_selectors.rules_in_force(on=timezone.localdate())
    ]


@staff_router.get("/deadlines", response={200: list[MyDeadlineOut], **ERROR_RESPONSES})
def my_deadlines(request: HttpRequest) -> list[MyDeadlineOut]:
    """My open deadlines, most urgent first (我的期限)."""
    require_staff(request.actor, "clock.deadlines")  # type: ignore[attr-defined]
    rows = clock_selectors.deadlines_for(actor=request.actor, today=timezone.localdate())  # type: ignore[attr-defined]
    return [
        MyDeadlineOut(
            clock_id=d.clock.pk,
            subject_type=d.clock.subject_type,
            subject_id=d.clock.subject_id,
            rule_id=d.clock.rule_id,
            status=d.status.value,
            period_start=d.clock.period_start,
            due_date=d.due_date,
            overdue=d.is_overdue,
            due_soon=d.is_due_soon,
            working_days_left=d.days_remaining,
        )
        for d in rows
    ]


@staff_router.get("/clocks/{clock_id}", response={200: ClockOut, **ERROR_RESPONSES})
def clock_endpoint(request: HttpRequest, clock_id: int) -> ClockOut:
    """One clock with its explanation (404 outside my jurisdiction)."""
    clock = clock_selectors.clock_get(actor=request.actor, clock_id=clock_id)  # type: ignore[attr-defined]
    state = clock_selectors.clock_state(clock=clock)
    return ClockOut(
        id=clock.pk,
        subject_type=clock.subject_type,
        subject_id=clock.subject_id,
        rule_id=clock.rule_id,
        rule_version=clock.rule_version,
        status=clock.status,
        started_on=clock.started_on,
        due_date=clock.due_date,
        extensions_used=clock.extensions_used,
        explain_zh=state.explain("zh"),
        explain_en=state.explain("en"),
    )
