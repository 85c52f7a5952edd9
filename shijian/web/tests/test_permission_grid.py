"""The permission grid for the foundation's endpoints and pages (role x scope x endpoint)."""

from __future__ import annotations

import datetime as dt

import pytest

from shijian.core.actor import system_actor
from shijian.core.clock.services import clock_start
from shijian.core.roles import Role
from shijian.testing.grid import STAFF, GridCase, GridEndpoint, check_case, grid_cases
from shijian.testing.world import World

pytestmark = pytest.mark.django_db


def county(world: World, scope: str) -> int:
    return (world.home_county if scope == "in" else world.other_county).pk


def clock(world: World, scope: str) -> int:
    unit = world.home_section if scope == "in" else world.other_bureau
    started = clock_start(
        actor=system_actor("tests"),
        subject_type="tests.matter",
        subject_id=f"{scope}-1",
        rule_id="complaint.accept",
        start=dt.date(2026, 3, 2),
        org_unit_path=unit.path,
        assignee_user_id=world.users[Role.OFFICER].pk,
        today=dt.date(2026, 3, 3),
    )
    return started.pk


ENDPOINTS = [
    GridEndpoint(
        name="api-me",
        method="GET",
        url=lambda w, s: "/api/v1/me",
        allowed=frozenset({*STAFF, "enterprise", "partner_department"}),  # one's own profile
        scoped=False,
    ),
    GridEndpoint(
        name="api-org-unit",
        method="GET",
        url=lambda w, s: f"/api/v1/org-units/{county(w, s)}",
        denied_status=404,
    ),
    GridEndpoint(
        name="api-history",
        method="GET",
        url=lambda w, s: f"/api/v1/audit/history/accounts.orgunit/{county(w, s)}",
        denied_status=404,
    ),
    GridEndpoint(
        name="page-history",
        method="GET",
        url=lambda w, s: f"/history/accounts.orgunit/{county(w, s)}/",
        kind="page",
        denied_status=404,
    ),
    GridEndpoint(
        name="page-workbench",
        method="GET",
        url=lambda w, s: "/workbench/",
        kind="page",
        denied_status=404,
        scoped=False,
    ),
    GridEndpoint(
        name="page-home", method="GET", url=lambda w, s: "/", kind="page", public=True, scoped=False
    ),
    GridEndpoint(
        name="api-health", method="GET", url=lambda w, s: "/api/v1/health", public=True, scoped=False
    ),
]


@pytest.mark.parametrize("case", grid_cases(ENDPOINTS), ids=lambda c: c.id)
def test_grid(world: World, case: GridCase) -> None:
    check_case(world, case)
