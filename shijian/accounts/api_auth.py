"""API authentication: bearer tokens for systems and scripts, the session for the browser."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from shijian.accounts.selectors import actor_for_user, user_for_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer sj_...``: the officer API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        request.actor = actor_for_user(user)  # type: ignore[attr-defined]
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session (CSRF-checked for unsafe methods)."""

    param_name = "sessionid"

    def __init__(self) -> None:
        # The session cookie is renamed in production (__Host- prefix); the base class
        # reads the cookie named here and checks CSRF for unsafe methods.
        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


def staff_auth() -> list[Any]:
    """Authentication for officer endpoints: a token or the session."""
    return [TokenAuth(), SessionAuth()]
