"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

import shijian


def site(request: HttpRequest) -> dict[str, Any]:
    """The site name, version and the current actor."""
    return {
        "site_name_zh": "市监 · 智慧市场监管平台",
        "site_name_en": "Shijian smart market supervision",
        "version": shijian.__version__,
        "actor": getattr(request, "actor", None),
    }
