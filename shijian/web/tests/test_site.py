"""Sign-in, throttling, security headers, the API error schema and language switching."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from config.settings import base
from shijian.core.roles import Role
from shijian.testing.world import PASSWORD, World

pytestmark = pytest.mark.django_db


def test_login_and_workbench(world: World) -> None:
    client = Client()
    response = client.post("/login/", {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/workbench/"
    page = client.get("/workbench/")
    assert page.status_code == 200
    assert "我的期限" in page.content.decode()


def test_failed_logins_are_throttled(world: World) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/login/", {"username": "officer", "password": "wrong"})
        assert response.status_code == 200
        assert "用户名或密码不正确" in response.content.decode()
    assert client.post("/login/", {"username": "officer", "password": "wrong"}).status_code == 429
    # Even the right password is refused while the lock lasts.
    locked = client.post("/login/", {"username": "officer", "password": PASSWORD})
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()


def test_security_headers_on_pages() -> None:
    response = Client().get("/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_passwords_are_hashed_with_argon2() -> None:
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    from django.contrib.auth.hashers import make_password

    assert make_password("secret-123", hasher="argon2").startswith("argon2$argon2id$")


def test_api_errors_have_one_schema(world: World) -> None:
    client = Client()
    unauth = client.get("/api/v1/me")
    assert unauth.status_code == 401
    assert set(unauth.json()) >= {"code", "message_zh", "message_en", "field"}
    client.force_login(world.users[Role.OFFICER])
    missing = client.get("/api/v1/org-units/999999999")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found" and missing.json()["message_zh"]
    bad = client.get("/api/v1/org-units/not-a-number")
    assert bad.status_code == 422
    body = bad.json()
    assert body["code"] == "invalid" and body["field"] == "unit_id"


def test_openapi_docs_are_served() -> None:
    client = Client()
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/me" in schema["paths"]


def test_english_switch() -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/")
    assert page.status_code == 200
    assert 'lang="en"' in page.content.decode()
    assert "Smart market supervision platform" in page.content.decode()


def test_history_page_shows_the_audit_trail(world: World) -> None:
    client = Client()
    client.force_login(world.users[Role.OFFICER])
    page = client.get(f"/history/accounts.orgunit/{world.home_county.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "accounts.org_unit.created" in text and "涧西区" in text


def test_chinese_is_the_default_whatever_the_browser_says() -> None:
    page = Client().get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert 'lang="zh-hans"' in page.content.decode()


def test_enterprise_users_land_on_their_dashboard(world: World) -> None:
    client = Client()
    response = client.post("/login/", {"username": "enterprise", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/enterprise/"


def test_session_calls_to_the_api_need_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users[Role.OFFICER])
    body = {"code": "11010519491231002X"}
    refused = client.post("/api/v1/identifiers/idcard/check", body, content_type="application/json")
    assert refused.status_code == 403
    client.get("/")  # a page with a form sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        "/api/v1/identifiers/idcard/check",
        body,
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert accepted.status_code == 200
    # Reads need no token, and bearer tokens are not subject to CSRF.
    assert client.get("/api/v1/me").status_code == 200
