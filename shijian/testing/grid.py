"""The permission grid: role x in/out of scope x endpoint, shared by every app's tests.

An app declares its endpoints as ``GridEndpoint`` rows and parametrises one
test over ``grid_cases(rows)``; ``check_case`` performs the request and
asserts the expected status:

- anonymous on a staff endpoint: 401 (API) or a redirect to sign-in (page);
- any staff role on an out-of-scope object: 404, the same as missing -
  except the system administrator, who sees every jurisdiction;
- a role the endpoint does not admit: ``denied_status`` (403, or 404 where
  even the existence of the object is not to be revealed);
- an admitted role on an in-scope object: ``ok_status``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from shijian.accounts.services import api_token_create
from shijian.core.actor import system_actor
from shijian.core.roles import Role
from shijian.testing.world import World

ANONYMOUS = "anonymous"
ALL_ROLES: tuple[str, ...] = (ANONYMOUS, *(r.value for r in Role))
STAFF: frozenset[str] = frozenset(
    {Role.OFFICER, Role.SECTION_CHIEF, Role.LEGAL_REVIEWER, Role.BUREAU_HEAD, Role.SYSTEM_ADMIN}
)


@dataclass(frozen=True)
class GridEndpoint:
    """One endpoint in the grid.

    ``url`` receives the world and the scope ("in" or "out") and returns the
    path; it typically creates an object in the home or the other county.
    """

    name: str
    method: str
    url: Callable[[World, str], str]
    allowed: frozenset[str] = STAFF
    body: Callable[[World, str], dict[str, Any]] | None = None
    kind: str = "api"  # "api" or "page"
    ok_status: int = 200
    denied_status: int = 403
    scoped: bool = True
    public: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GridCase:
    """One cell of the grid."""

    endpoint: GridEndpoint
    role: str
    scope: str

    @property
    def id(self) -> str:
        return f"{self.endpoint.name}-{self.role}-{self.scope}"


def grid_cases(endpoints: list[GridEndpoint]) -> list[GridCase]:
    """Every (endpoint, role, scope) combination."""
    cases = []
    for endpoint in endpoints:
        scopes = ("in", "out") if endpoint.scoped else ("in",)
        for role in ALL_ROLES:
            for scope in scopes:
                cases.append(GridCase(endpoint, role, scope))
    return cases


def expected_status(case: GridCase) -> int:
    """The status the grid expects for a case."""
    endpoint = case.endpoint
    if endpoint.public:
        return endpoint.ok_status
    if case.role == ANONYMOUS:
        return 401 if endpoint.kind == "api" else 302
    out_of_scope = endpoint.scoped and case.scope == "out"
    if out_of_scope and case.role in STAFF and case.role != Role.SYSTEM_ADMIN.value:
        # Outside an officer's jurisdiction an object does not exist, whatever the officer's role.
        return 404
    if case.role not in endpoint.allowed:
        return endpoint.denied_status
    return endpoint.ok_status


def client_for(world: World, role: str, kind: str) -> tuple[Client, dict[str, str]]:
    """A client signed in as ``role`` (session for pages, bearer token for the API)."""
    client = Client()
    headers: dict[str, str] = {}
    if role == ANONYMOUS:
        return client, headers
    user = world.users[Role(role)]
    if kind == "api":
        _token, secret = api_token_create(actor=system_actor("tests"), user=user, name="grid")
        headers["Authorization"] = f"Bearer {secret}"
    else:
        client.force_login(user)
    return client, headers


def check_case(world: World, case: GridCase) -> None:
    """Perform one grid request and assert the expected status."""
    endpoint = case.endpoint
    client, headers = client_for(world, case.role, endpoint.kind)
    path = endpoint.url(world, case.scope)
    method = getattr(client, endpoint.method.lower())
    kwargs: dict[str, Any] = {"headers": headers}
    if endpoint.body is not None:
        kwargs["data"] = endpoint.body(world, case.scope)
        kwargs["content_type"] = "application/json"
    response = method(path, **kwargs)
    want = expected_status(case)
    assert response.status_code == want, (
        f"{case.id}: {endpoint.method} {path} as {case.role} ({case.scope} of scope) "
        f"answered {response.status_code}, expected {want}: {response.content[:300]!r}"
    )
    if want == 302:
        assert "/login/" in response["Location"], response["Location"]
