"""The class is internal: officer API with the permission grid, never on public pages; backtesting page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from shijian.core.actor import system_actor
from shijian.core.roles import Role
from shijian.credit.risk import selectors, services
from shijian.credit.risk.models import EntityRiskClass, RiskClassHistory, ScoreModel
from shijian.credit.risk.tests.factories import D, record
from shijian.registry.models import MarketEntity
from shijian.testing.grid import STAFF, GridCase, GridEndpoint, check_case, client_for, grid_cases
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db


def classified(world: World, scope: str) -> MarketEntity:
    entity = make_entity(world, scope=scope)
    services.entity_rescore(entity=entity, as_of=timezone.localdate())
    return entity


ENDPOINTS = [
    GridEndpoint(
        "risk-class",
        "GET",
        lambda w, s: f"/api/v1/credit/risk/entities/{classified(w, s).pk}",
        allowed=STAFF,
    ),
    GridEndpoint(
        "risk-history",
        "GET",
        lambda w, s: f"/api/v1/credit/risk/entities/{classified(w, s).pk}/history",
        allowed=STAFF,
    ),
    GridEndpoint("risk-distribution", "GET", lambda w, s: "/api/v1/credit/risk/distribution", scoped=False),
    GridEndpoint(
        "risk-backtest",
        "GET",
        lambda w, s: "/credit/risk/backtest/",
        kind="page",
        scoped=False,
        denied_status=404,
    ),
]


@pytest.mark.parametrize("case", grid_cases(ENDPOINTS), ids=lambda c: c.id)
def test_permission_grid(world: World, case: GridCase) -> None:
    check_case(world, case)


def test_officer_sees_class_score_and_factors(world: World) -> None:
    entity = classified(world, "in")
    classified(world, "out")
    client, headers = client_for(world, Role.OFFICER.value, "api")
    answer = client.get(f"/api/v1/credit/risk/entities/{entity.pk}", headers=headers).json()
    current = EntityRiskClass.objects.get(entity=entity, model_name="national-2022")
    assert answer["risk_class"] == current.risk_class and answer["score"] == current.score
    assert answer["factors"] and all(f["text_zh"] and f["text_en"] for f in answer["factors"])
    assert answer["features"]["entity_type"] == "llc"
    history = client.get(f"/api/v1/credit/risk/entities/{entity.pk}/history", headers=headers).json()
    assert [h["risk_class"] for h in history] == [current.risk_class]
    distribution = client.get("/api/v1/credit/risk/distribution", headers=headers).json()
    assert distribution["total"] == 1  # the other county's entity is not counted
    assert set(distribution["counts"]) == {"A", "B", "C", "D"}


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return {str(k) for k in value} | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_public_pages_and_api_never_show_the_class(world: World, client: Client) -> None:
    entity = make_entity(world)
    record(world, entity, "serious.listed", D(2026, 11, 1), severity="serious")  # re-scored: class D
    current = EntityRiskClass.objects.get(entity=entity, model_name="national-2022")
    assert current.risk_class == "D"
    page = client.get(f"/entities/{entity.uscc}/")
    assert page.status_code == 200
    text = page.content.decode()
    for needle in (
        "风险分类",
        "风险类别",
        "D类",
        "信用风险",
        "risk_class",
        "risk class",
        f">{current.score}<",
    ):
        assert needle not in text, needle
    answer = client.get(f"/api/v1/public/entities/{entity.uscc}")
    assert answer.status_code == 200
    keys = {k.lower() for k in _keys(answer.json())}
    assert not {k for k in keys if "risk" in k or "score" in k or k in {"class", "risk_class", "grade"}}
    assert "风险" not in json.dumps(answer.json(), ensure_ascii=False)


def test_backtest_counts_intervals_page_and_csv(world: World) -> None:
    model = ScoreModel.objects.get(name="national-2022", active=True)
    a, d, new = make_entity(world), make_entity(world), make_entity(world)
    for entity, risk_class, on in ((a, "A", D(2025, 1, 1)), (d, "B", D(2025, 1, 1)), (d, "D", D(2025, 6, 1))):
        RiskClassHistory.objects.create(
            entity=entity, model_name=model.name, score_model=model, risk_class=risk_class, score=5, as_of=on
        )
    outcomes = [
        (a, D(2025, 3, 1), False),
        (a, D(2025, 8, 1), False),
        (d, D(2025, 3, 1), True),  # class B then
        (d, D(2025, 7, 1), True),  # class D from 2025-06-01
        (d, D(2025, 9, 1), True),
        (d, D(2025, 10, 1), False),
        (new, D(2025, 3, 1), True),  # never classified
        (a, D(2024, 12, 1), True),  # before its first class
    ]
    for entity, on, problem in outcomes:
        record(world, entity, "inspection.result", on, body={"problem_found": problem})
    report = selectors.backtest(actor=world.actor(Role.OFFICER), model_name=model.name)
    by = {r.group: r for r in report.by_class}
    assert report.inspections == 8
    assert [(g, by[g].inspections, by[g].problems) for g in ("A", "B", "C", "D", "unclassified")] == [
        ("A", 2, 0),
        ("B", 1, 1),
        ("C", 0, 0),
        ("D", 3, 2),
        ("unclassified", 2, 2),
    ]
    assert by["D"].low == pytest.approx(0.2077, abs=1e-4) and by["D"].high == pytest.approx(0.9385, abs=1e-4)
    client, _ = client_for(world, Role.SECTION_CHIEF.value, "page")
    page = client.get("/credit/risk/backtest/")
    assert page.status_code == 200 and b"<svg" in page.content and b"cdn" not in page.content.lower()
    csv = client.get("/credit/risk/backtest/?format=csv").content.decode("utf-8-sig").splitlines()
    assert csv[0] == "table,group,inspections,problems,rate,ci95_low,ci95_high"
    assert "class,D,3,2,0.6667,0.2077,0.9385" in csv
    system = system_actor("tests")
    assert selectors.risk_distribution(actor=system)["A"] == 0
