"""A NinjaAPI for tests with the one API error schema, handled like config/api.py does.

Written out here because importing config.api from the registry would break the layer contract.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from shijian.core.errors import DomainError


def make_test_api(namespace: str) -> NinjaAPI:
    """A NinjaAPI (no docs) whose errors have the shape {code, message_zh, message_en, field}."""
    api = NinjaAPI(urls_namespace=namespace, docs_url=None, openapi_url=None)

    def error(
        request: HttpRequest, status: int, code: str, zh: str, en: str, field: str | None = None
    ) -> HttpResponse:
        body = {"code": code, "message_zh": zh, "message_en": en, "field": field}
        return api.create_response(request, body, status=status)

    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return api.create_response(request, exc.as_dict(), status=exc.status_code)

    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        first = exc.errors[0] if exc.errors else {}
        loc = [str(part) for part in first.get("loc", []) if part not in ("body", "query", "path", "payload")]
        detail = str(first.get("msg", "invalid input"))
        return error(
            request,
            422,
            "invalid",
            f"输入不正确（{detail}）",
            f"invalid input: {detail}",
            ".".join(loc) or None,
        )

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error(request, 404, "not_found", "未找到该记录", "not found")

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error(
            request,
            401,
            "unauthenticated",
            "请先登录或提供有效的访问令牌",
            "sign in or send a valid API token",
        )

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error(request, exc.status_code, "http_error", str(exc), str(exc))

    api.add_exception_handler(DomainError, domain_error)
    api.add_exception_handler(NinjaValidationError, validation_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(HttpError, http_error)
    return api
