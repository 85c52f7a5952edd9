"""The API root: /api/v1/..., OpenAPI docs at /api/docs, one error schema."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

import shijian
from shijian.accounts.api import router as accounts_router
from shijian.accounts.api_auth import staff_auth
from shijian.cases.api import router as cases_router
from shijian.core.audit.api import build_router as build_audit_router
from shijian.core.errors import DomainError
from shijian.credit.abnormal.api import router as abnormal_router
from shijian.credit.api import router as credit_router
from shijian.credit.joint.api import router as credit_joint_router
from shijian.credit.repair.api import router as credit_repair_router
from shijian.credit.risk.api import router as credit_risk_router
from shijian.credit.serious.api import router as credit_serious_router
from shijian.inspection.api import router as inspection_router
from shijian.inspection.results.api import router as inspection_results_router
from shijian.inspection.results.api_statistics import router as inspection_statistics_router
from shijian.registry.api import router as registry_router
from shijian.registry.licences.api import router as licences_router
from shijian.registry.portal.api import router as portal_router
from shijian.registry.reports.api import router as reports_router
from shijian.registry.search.api import router as search_router
from shijian.web.api import public_router, staff_router

api = NinjaAPI(
    title="Shijian 市监 API",
    version=f"v1 ({shijian.__version__})",
    description=(
        "智慧市场监管平台接口。Officer endpoints take `Authorization: Bearer <token>` or the "
        "signed-in session; errors always have the shape {code, message_zh, message_en, field}."
    ),
    docs_url="/docs",
    openapi_url="/openapi.json",
    urls_namespace="api",
)


def _error(
    request: HttpRequest, status: int, code: str, zh: str, en: str, field: str | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message_zh": zh, "message_en": en, "field": field}, status=status
    )


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status_code)


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    loc = [str(part) for part in first.get("loc", []) if part not in ("body", "query", "path", "payload")]
    field = ".".join(loc) or None
    detail = str(first.get("msg", "invalid input"))
    response = _error(
        request,
        422,
        "invalid",
        f"输入不正确：{field or '请求'}（{detail}）",
        f"invalid input: {detail}",
        field,
    )
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", "未找到该记录", "not found")


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request, 401, "unauthenticated", "请先登录或提供有效的访问令牌", "sign in or send a valid API token"
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "http_error", str(exc), str(exc))


api.add_router("/v1/", public_router)
api.add_router("/v1/", accounts_router)
api.add_router("/v1/", staff_router)
api.add_router("/v1/audit", build_audit_router(staff_auth()))
# Search before the portal: /public/entities/export.csv must not be taken for a USCC.
api.add_router("/v1/", search_router)
api.add_router("/v1/", portal_router)
api.add_router("/v1/", registry_router)
api.add_router("/v1/", licences_router)
api.add_router("/v1/", reports_router)
api.add_router("/v1/", credit_router)
api.add_router("/v1/", credit_risk_router)  # internal: staff only, never a public route
api.add_router("/v1/", credit_serious_router)
api.add_router("/v1/", credit_repair_router)
api.add_router("/v1/", abnormal_router)
api.add_router("/v1/", credit_joint_router)
api.add_router("/v1/", inspection_router)
api.add_router("/v1/", inspection_results_router)
api.add_router("/v1/", inspection_statistics_router)
api.add_router("/v1/", cases_router)
