"""The staff API: the permission grid and the flow through HTTP."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from shijian.core.actor import system_actor
from shijian.core.roles import Role
from shijian.inspection import services
from shijian.inspection.domain.draw import commitment
from shijian.inspection.models import Plan
from shijian.inspection.policies import PLANNERS
from shijian.inspection.tests.helpers import SECRETS, TODAY, classify, item
from shijian.testing.grid import GridCase, GridEndpoint, check_case, client_for, grid_cases
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db

BASE = "/api/v1/inspection"
SYSTEM = system_actor("tests")
ALLOWED = frozenset(r.value for r in PLANNERS)


def _plan(world: World, scope: str, stage: str = "draft") -> Plan:
    lead = world.home_bureau if scope == "in" else world.other_bureau
    for risk_class in "AD":
        classify(make_entity(world, scope=scope), risk_class)
    code = f"K-{scope}-{stage}"
    services.item_create(
        actor=SYSTEM, code=code, name="重点事项", department="科", legal_basis="依据", kind="key"
    )
    plan = services.plan_create(
        actor=SYSTEM,
        number=f"{scope}-{stage}",
        title="计划",
        kind="special",
        year=2026,
        lead=lead,
        item_codes=[code],
        window_start=dt.date(2026, 4, 1),
        window_end=dt.date(2026, 4, 30),
    )
    if stage != "draft":
        plan = services.plan_freeze(actor=SYSTEM, plan=plan, today=TODAY)
    if stage == "committed":
        for n, secret in enumerate(SECRETS):
            services.witness_commit(
                actor=SYSTEM, plan=plan, witness_name=f"w{n}", commitment_hex=commitment(secret)
            )
    return plan


ENDPOINTS = [
    GridEndpoint(name="list", method="GET", url=lambda w, s: f"{BASE}/plans", scoped=False),
    GridEndpoint(name="get", method="GET", url=lambda w, s: f"{BASE}/plans/{_plan(w, s).pk}"),
    GridEndpoint(
        name="freeze",
        method="POST",
        url=lambda w, s: f"{BASE}/plans/{_plan(w, s).pk}/freeze",
        body=lambda w, s: {"today": "2026-03-02"},
        allowed=ALLOWED,
    ),
    GridEndpoint(
        name="commit",
        method="POST",
        url=lambda w, s: f"{BASE}/plans/{_plan(w, s, 'frozen').pk}/commitments",
        body=lambda w, s: {"witness_name": "见证人", "commitment": commitment("s")},
        allowed=ALLOWED,
        ok_status=201,
    ),
    GridEndpoint(
        name="draw",
        method="POST",
        url=lambda w, s: f"{BASE}/plans/{_plan(w, s, 'committed').pk}/draw",
        body=lambda w, s: {"secrets": SECRETS},
        allowed=ALLOWED,
        ok_status=201,
    ),
]


@pytest.mark.parametrize("case", grid_cases(ENDPOINTS), ids=lambda c: c.id)
def test_permission_grid(world: World, case: GridCase) -> None:
    check_case(world, case)


def test_the_flow_through_the_api(world: World) -> None:
    for risk_class in "ABCD":
        classify(make_entity(world), risk_class)
    item(world, code="K-API")
    client, headers = client_for(world, Role.OFFICER.value, "api")

    def post(path: str, body: dict[str, object]) -> tuple[int, dict[str, object]]:
        response = client.post(f"{BASE}{path}", body, content_type="application/json", headers=headers)
        return response.status_code, response.json()

    status, plan = post(
        "/plans",
        {
            "number": "API-1",
            "title": "接口计划",
            "kind": "special",
            "year": 2026,
            "lead_id": world.home_bureau.pk,
            "item_codes": ["K-API"],
            "ratios": {"A": "1", "D": "1"},
            "window_start": "2026-04-01",
            "window_end": "2026-04-30",
        },
    )
    assert status == 201, plan
    assert plan["ratios"] == {"A": "1", "B": "0.05", "C": "0.20", "D": "1", "U": "0.05"}
    status, frozen = post(f"/plans/{plan['id']}/freeze", {"today": "2026-03-02"})
    sizes = {s["risk_class"]: s["size"] for s in frozen["strata"]}  # type: ignore[index]
    assert status == 200 and sizes == {"A": 1, "B": 1, "C": 1, "D": 1, "U": 0}
    status, _ = post(
        f"/plans/{plan['id']}/commitments", {"witness_name": "甲", "commitment": commitment(SECRETS[0])}
    )
    assert status == 201
    status, error = post(f"/plans/{plan['id']}/draw", {"secrets": SECRETS[:1]})
    assert status == 409 and error["code"] == "too_few_witnesses"
    post(f"/plans/{plan['id']}/commitments", {"witness_name": "乙", "commitment": commitment(SECRETS[1])})
    status, error = post(f"/plans/{plan['id']}/draw", {"secrets": ["wrong", SECRETS[1]]})
    assert status == 422 and error["field"] == "secrets[0]"
    status, draw = post(f"/plans/{plan['id']}/draw", {"secrets": SECRETS})
    assert status == 201 and draw["record"]["algorithm"] == "shijian-draw-v1"  # type: ignore[index]
    assert Client().get(f"{BASE}/plans").status_code == 401
