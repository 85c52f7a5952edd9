"""Chinese first: the interface language is Chinese unless the visitor switched to English."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class ChineseFirstMiddleware:
    """Ignore the browser's Accept-Language so that the default stays zh-hans.

    A bureau's staff and the public expect the Chinese interface even on a
    browser set to English; the language switch (a cookie) still wins.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
