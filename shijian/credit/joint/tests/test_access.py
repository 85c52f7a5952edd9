"""Who reaches what: the permission grid of the joint endpoints, and the partner role everywhere else."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from shijian.core.roles import Role
from shijian.credit.joint.models import JointMeasure, JointQuery
from shijian.testing.grid import STAFF, GridCase, GridEndpoint, check_case, grid_cases
from shijian.testing.registry import make_entity
from shijian.testing.world import World

from .helpers import abnormal_today, ask, token_headers

pytestmark = pytest.mark.django_db
BASE = "/api/v1/credit/joint"
PARTNER = Role.PARTNER_DEPARTMENT.value
ASKERS = STAFF | {PARTNER}


def partners_query(world: World, scope: str) -> JointQuery:
    """A query the world's partner user asked today about an entity in or out of the home county."""
    from django.utils import timezone

    partner = world.actor(Role.PARTNER_DEPARTMENT)
    return ask(partner, abnormal_today(world, scope).entity, today=timezone.localdate())


def measure_id(world: World, scope: str) -> int:
    return JointMeasure.objects.get(list_type="abnormal_list", code="honours", version=1).pk


NEW_VERSION = {
    "list_type": "abnormal_list",
    "code": "procurement",
    "purpose": "procurement",
    "label_zh": "依法予以限制（新版）",
    "label_en": "restricted (new)",
    "departments": "财政部门",
    "legal_basis": "测试依据",
    "confidence": "M",
    "effective_from": "2030-01-01",
}

ENDPOINTS = [
    GridEndpoint(
        name="ask",
        method="POST",
        url=lambda w, s: f"{BASE}/queries",
        body=lambda w, s: {"uscc": make_entity(w, scope=s).uscc, "purpose": "procurement"},
        allowed=ASKERS,
        ok_status=201,
        scoped=False,  # the lists are public: anyone allowed may ask about any entity
    ),
    GridEndpoint(
        name="own-queries", method="GET", url=lambda w, s: f"{BASE}/queries", allowed=ASKERS, scoped=False
    ),
    # The asking partner reads its query wherever the entity is; staff read it in their jurisdiction.
    GridEndpoint(
        name="query",
        method="GET",
        url=lambda w, s: f"{BASE}/queries/{partners_query(w, s).pk}",
        allowed=ASKERS,
    ),
    GridEndpoint(
        name="entity-queries",
        method="GET",
        url=lambda w, s: f"{BASE}/entities/{partners_query(w, s).entity_id}/queries",
        denied_status=404,
    ),
    GridEndpoint(
        name="measures", method="GET", url=lambda w, s: f"{BASE}/measures", allowed=ASKERS, scoped=False
    ),
    GridEndpoint(
        name="measure-add",
        method="POST",
        url=lambda w, s: f"{BASE}/measures",
        body=lambda w, s: NEW_VERSION,
        allowed=frozenset({Role.SYSTEM_ADMIN.value}),
        ok_status=201,
        scoped=False,
    ),
    GridEndpoint(
        name="measure-end",
        method="POST",
        url=lambda w, s: f"{BASE}/measures/{measure_id(w, s)}/end",
        body=lambda w, s: {"effective_to": "2030-01-01", "reason": "依据废止"},
        allowed=frozenset({Role.SYSTEM_ADMIN.value}),
        scoped=False,
    ),
]


@pytest.mark.parametrize("case", grid_cases(ENDPOINTS), ids=lambda c: c.id)
def test_permission_grid(world: World, case: GridCase) -> None:
    check_case(world, case)


def test_feedback_only_by_the_asking_department(world: World) -> None:
    from django.utils import timezone

    query = partners_query(world, "out")
    body = {
        "action": "excluded",
        "acted_on": timezone.localdate().isoformat(),
        "document_number": "洛财采〔2026〕1号",
    }
    url = f"{BASE}/queries/{query.pk}/feedback"
    for role, status in ((Role.OFFICER, 404), (Role.SYSTEM_ADMIN, 404), (Role.ENTERPRISE, 403)):
        response = Client().post(
            url, body, content_type="application/json", headers=token_headers(world.users[role])
        )
        assert response.status_code == status, (role, response.content)
    assert Client().post(url, body, content_type="application/json").status_code == 401
    mine = token_headers(world.users[Role.PARTNER_DEPARTMENT])
    response = Client().post(url, body, content_type="application/json", headers=mine)
    assert response.status_code == 201, response.content
    assert response.json()["action_zh"] == "已依法限制或排除"


# -- the partner role reaches nothing else ------------------------------------------------------------------


def _api_routes() -> list[tuple[str, str]]:
    """Every API route (method, path) from the OpenAPI document, path parameters filled with "1"."""
    paths = Client().get("/api/openapi.json").json()["paths"]
    found = []
    for path, operations in paths.items():
        filled = re.sub(r"\{[^}]+\}", "1", path)
        found.extend((method.upper(), filled) for method in operations)
    assert len(found) > 50, found
    return found


def test_a_partner_token_reaches_only_the_joint_endpoints(world: World) -> None:
    """Outside /credit/joint/ a partner gets an error, its own profile, or an empty list.

    Endpoints for enterprise representatives (``/enterprise/...``) and the
    org-unit list answer any signed-in user with what that user may see:
    nothing for a partner department.
    """
    abnormal_today(world)
    user = world.users[Role.PARTNER_DEPARTMENT]
    partner = token_headers(user)
    reached = []
    for method, path in _api_routes():
        kwargs: dict[str, Any] = {"content_type": "application/json", "data": {}} if method != "GET" else {}
        anonymous = getattr(Client(), method.lower())(path, **kwargs)
        if anonymous.status_code < 400:
            continue  # public (portal, identifier checks, health)
        response = getattr(Client(), method.lower())(path, headers=partner, **kwargs)
        if response.status_code < 400 and not path.startswith(BASE):
            reached.append((method, path, response.json()))
    assert reached, "the sweep found no signed-in endpoint at all"
    for method, path, body in reached:
        if path == "/api/v1/me":
            assert body["username"] == user.username
            continue
        assert method == "GET" and body == [], (method, path, body)


def _page_paths() -> list[str]:
    """Every page URL without parameters (outside the API and the admin)."""
    found: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and "<" not in route and "(?P" not in route:
                found.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return [p for p in found if not p.startswith(("/api/", "/admin/", "/static/")) and "\\" not in p]


def test_a_signed_in_partner_sees_no_staff_page(world: World) -> None:
    staff, partner = Client(), Client()
    staff.force_login(world.users[Role.OFFICER])
    partner.force_login(world.users[Role.PARTNER_DEPARTMENT])
    leaks = []
    for path in _page_paths():
        anonymous = Client().get(path)
        if anonymous.status_code == 200:
            continue  # public page
        if partner.get(path).status_code == 200 and staff.get(path).status_code == 200:
            leaks.append(path)
    # The representatives' own pages show the entities a user represents: none for a partner.
    assert [p for p in leaks if not p.startswith("/enterprise/")] == []
