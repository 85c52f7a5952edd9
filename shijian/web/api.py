"""Site-level API endpoints that combine core services: health, identifier checks, deadlines."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

import shijian
from shijian.accounts.api_auth import staff_auth
from shijian.core import identifiers
from shijian.core.api import ERROR_RESPONSES
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
