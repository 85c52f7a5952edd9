"""Test URLconf: the search API and page mounted as the project will mount them, then the site.

The search router is mounted on its own NinjaAPI in front of ``config.urls``
(so ``/api/v1/public/entities/export.csv`` reaches it before the portal's
``/public/entities/{uscc}``), with handlers giving the project's one error
schema ``{code, message_zh, message_en, field}`` (``config.api`` is not
imported: the registry may not depend on the web layer it pulls in).
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from shijian.core.errors import DomainError
from shijian.registry.search.api import router

api = NinjaAPI(urls_namespace="search-test", docs_url=None, openapi_url=None)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status_code)


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    loc = [str(p) for p in first.get("loc", []) if p not in ("body", "query", "path", "payload", "params")]
    payload = {
        "code": "invalid",
        "message_zh": "输入不正确",
        "message_en": "invalid input",
        "field": ".".join(loc),
    }
    return api.create_response(request, payload, status=422)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    payload = {"code": "unauthenticated", "message_zh": "请先登录", "message_en": "sign in", "field": None}
    return api.create_response(request, payload, status=401)


api.add_router("/v1/", router)

urlpatterns = [
    path("api/", api.urls),
    path("", include("shijian.registry.search.urls")),
    path("", include("config.urls")),
]
