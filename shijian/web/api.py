"""Site-level API endpoints that combine core services: health, identifier checks, deadlines."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

import shijian
from shijian.accounts.api_auth import staff_auth
from shijian.core.api import ERROR_RESPONSES

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
