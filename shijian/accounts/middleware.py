"""Build the request's Actor once, lazily, after authentication."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from shijian.accounts.selectors import actor_for_user


class ActorMiddleware:
    """Attach ``request.actor`` (an ``Actor``) for views and the API."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = SimpleLazyObject(lambda: actor_for_user(getattr(request, "user", None)))  # type: ignore[attr-defined]
        return self.get_response(request)
