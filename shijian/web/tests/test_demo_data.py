"""`shijian demo-data`: the demo logins work and jurisdictions come out right."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from shijian.accounts.demo import DEMO_LOGINS, DEMO_PASSWORD
from shijian.accounts.models import OrgUnit, User
from shijian.accounts.selectors import actor_for_user
from shijian.core.audit.selectors import audit_chain_verify

pytestmark = pytest.mark.django_db


def run(*args: str) -> dict[str, object]:
    out = io.StringIO()
    call_command("demo_data", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_demo_data_loads_every_role_and_is_idempotent() -> None:
    summary = run("--size", "small", "--seed", "7")
    assert summary["skipped"] is False
    assert OrgUnit.objects.filter(kind="county", parent__code="410300").count() == 14
    for login in DEMO_LOGINS:
        client = Client()
        response = client.post("/login/", {"username": login.username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, login.username
    jianxi = actor_for_user(User.objects.get(username="jianxi"))
    city_officer = actor_for_user(User.objects.get(username="officer"))
    assert jianxi.jurisdiction_paths == ("/410000/410300/410305/",)
    assert city_officer.jurisdiction_paths == ("/410000/410300/",)
    assert audit_chain_verify().ok
    users_before = User.objects.count()
    assert run("--if-empty")["skipped"] is True
    assert User.objects.count() == users_before
