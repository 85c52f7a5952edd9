"""The staff registry API through real HTTP, and its permission grid."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from shijian.core.identifiers import idcard_make
from shijian.core.roles import Role
from shijian.registry.models import MarketEntity
from shijian.testing.grid import GridCase, GridEndpoint, check_case, grid_cases
from shijian.testing.registry import make_entity, next_uscc
from shijian.testing.world import World

pytestmark = pytest.mark.django_db


def entity_id(world: World, scope: str) -> int:
    return make_entity(world, scope=scope).pk


ENDPOINTS = [
    GridEndpoint(
        name="entity-detail", method="GET", url=lambda w, s: f"/api/v1/registry/entities/{entity_id(w, s)}"
    ),
    GridEndpoint(
        name="entity-change",
        method="POST",
        url=lambda w, s: f"/api/v1/registry/entities/{entity_id(w, s)}/changes",
        body=lambda w, s: {"changes": {"address": "河南省洛阳市涧西区新地址8号"}, "changed_on": "2026-01-05"},
        allowed=frozenset({"officer", "section_chief", "bureau_head", "system_admin"}),
    ),
]


@pytest.mark.parametrize("case", grid_cases(ENDPOINTS), ids=lambda c: c.id)
def test_grid(world: World, case: GridCase) -> None:
    check_case(world, case)


def officer_client(world: World) -> Client:
    client = Client()
    client.force_login(world.users[Role.OFFICER])
    return client


def registration(world: World, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "uscc": next_uscc(),
        "name": "洛阳市涧西区轴承商贸有限公司",
        "entity_type": "llc",
        "responsible": {"name": "刘洋", "id_number": idcard_make("410305", dt.date(1985, 3, 9), 21)},
        "established_on": timezone.localdate().isoformat(),
        "address": "河南省洛阳市涧西区建设路12号",
        "division_code": "410305",
        "business_scope": "轴承销售",
        "registration_authority_id": world.home_bureau.pk,
        "registered_capital": "100",
    }
    body.update(overrides)
    return body


def test_register_then_suspend_through_the_api(world: World) -> None:
    client = officer_client(world)
    response = client.post(
        "/api/v1/registry/entities/register", registration(world), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["responsible_person"] == "刘洋" and created["status"] == "active"
    today = timezone.localdate()
    suspended = client.post(
        f"/api/v1/registry/entities/{created['id']}/suspend",
        {"on": today.isoformat(), "until": (today + dt.timedelta(days=90)).isoformat(), "reason": "装修"},
        content_type="application/json",
    )
    assert suspended.status_code == 200 and suspended.json()["status"] == "suspended"
    public = Client().get(f"/api/v1/public/entities/{created['uscc']}").json()
    assert public["basic"]["status"] == "suspended"


@pytest.mark.parametrize(
    ("override", "status", "field"),
    [
        ({"uscc": "9144030019220382O6"}, 422, "uscc"),
        ({"division_code": "999999"}, 422, "division_code"),
        ({"established_on": "2026-02-30"}, 422, "established_on"),
        ({"entity_type": "bank"}, 422, "entity_type"),
        ({"registration_authority_id": 999999}, 404, None),
    ],
)
def test_register_errors_name_the_field(
    world: World, override: dict[str, object], status: int, field: str | None
) -> None:
    response = officer_client(world).post(
        "/api/v1/registry/entities/register", registration(world, **override), content_type="application/json"
    )
    assert response.status_code == status, response.content
    body = response.json()
    assert body["message_zh"] and body["message_en"]
    if field is not None:
        assert body["field"] == field
    assert not MarketEntity.objects.filter(name="洛阳市涧西区轴承商贸有限公司").exists()


def test_out_of_jurisdiction_authority_is_not_found(world: World) -> None:
    response = officer_client(world).post(
        "/api/v1/registry/entities/register",
        registration(world, registration_authority_id=world.other_bureau.pk, division_code="410302"),
        content_type="application/json",
    )
    assert response.status_code == 404


PAGE_ENDPOINTS = [
    GridEndpoint(
        name="page-entity-staff",
        method="GET",
        url=lambda w, s: f"/registry/entities/{entity_id(w, s)}/",
        kind="page",
        denied_status=404,
    ),
]


@pytest.mark.parametrize("case", grid_cases(PAGE_ENDPOINTS), ids=lambda c: c.id)
def test_page_grid(world: World, case: GridCase) -> None:
    check_case(world, case)


def test_staff_page_shows_the_full_record(world: World) -> None:
    entity = make_entity(world)
    html = officer_client(world).get(f"/registry/entities/{entity.pk}/").content.decode()
    assert entity.responsible_person.id_number in html and entity.name in html
