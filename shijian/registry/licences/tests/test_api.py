"""The licence API: the permission grid (role x scope x endpoint) and the enterprise's own licences."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from shijian.accounts.services import api_token_create
from shijian.core.actor import system_actor
from shijian.core.roles import Role
from shijian.registry.licences import services
from shijian.registry.licences.domain import ReformMode
from shijian.registry.licences.models import Licence, LicenceItem
from shijian.registry.models import EntityRepresentative, MarketEntity
from shijian.testing.grid import GridCase, GridEndpoint, check_case, grid_cases
from shijian.testing.privacy import personal_data_found
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = [pytest.mark.django_db, pytest.mark.urls("shijian.registry.licences.tests.urls")]
SYSTEM = system_actor("tests")
EDITORS = frozenset({Role.SYSTEM_ADMIN.value, Role.BUREAU_HEAD.value})
REGISTRARS = frozenset(
    r.value for r in (Role.OFFICER, Role.SECTION_CHIEF, Role.BUREAU_HEAD, Role.SYSTEM_ADMIN)
)
ENTERPRISE = frozenset({Role.ENTERPRISE.value})
ISSUED = "2026-09-01"
_codes = itertools.count(1)


def catalogue_item() -> LicenceItem:
    found = LicenceItem.objects.filter(code="T-COMMIT").first()
    return found or services.licence_item_create(
        actor=SYSTEM,
        code="T-COMMIT",
        name="食品经营许可",
        department="洛阳市涧西区市场监督管理局",
        legal_basis="《中华人民共和国食品安全法》第三十五条",
        reform_mode=ReformMode.COMMITMENT,
        supervision_measure="全覆盖核查",
    )


def licence_body(world: World, scope: str) -> dict[str, Any]:
    return {
        "item_id": catalogue_item().pk,
        "number": f"JY{next(_codes):014d}",
        "scope": "预包装食品销售",
        "issued_on": ISSUED,
        "on_commitment": True,
    }


def licence_id(world: World, scope: str) -> int:
    data = licence_body(world, scope)
    licence = services.licence_grant(
        actor=SYSTEM,
        entity=make_entity(world, scope=scope),
        item=LicenceItem.objects.get(pk=data.pop("item_id")),
        issued_on=dt.date.fromisoformat(data.pop("issued_on")),
        today=timezone.localdate(),
        **data,
    )
    return licence.pk


def verification_id(world: World, scope: str) -> int:
    return Licence.objects.get(pk=licence_id(world, scope)).verification.pk


def entity_id(world: World, scope: str) -> int:
    return make_entity(world, scope=scope).pk


def own_entity(world: World, scope: str) -> int:
    entity = make_entity(world, scope=scope)
    EntityRepresentative.objects.create(
        entity=entity, user=world.users[Role.ENTERPRISE], granted_on=dt.date(2020, 1, 1)
    )
    licence_id_for(world, entity)
    return entity.pk


def licence_id_for(world: World, entity: MarketEntity) -> int:
    data = licence_body(world, "in")
    licence = services.licence_grant(
        actor=SYSTEM,
        entity=entity,
        item=LicenceItem.objects.get(pk=data.pop("item_id")),
        issued_on=dt.date.fromisoformat(data.pop("issued_on")),
        today=timezone.localdate(),
        **data,
    )
    return licence.pk


def item_id(world: World, scope: str) -> int:
    return catalogue_item().pk


ENDPOINTS = [
    GridEndpoint(
        name="api-items", method="GET", url=lambda w, s: "/api/v1/registry/licence-items", scoped=False
    ),
    GridEndpoint(
        name="api-item-create",
        method="POST",
        url=lambda w, s: "/api/v1/registry/licence-items",
        body=lambda w, s: {
            "code": f"T-{next(_codes)}",
            "name": "印刷经营许可",
            "department": "新闻出版主管部门",
            "legal_basis": "《印刷业管理条例》",
            "reform_mode": "to_filing",
            "supervision_measure": "双随机抽查",
        },
        allowed=EDITORS,
        scoped=False,
        ok_status=201,
    ),
    GridEndpoint(
        name="api-item-update",
        method="PATCH",
        url=lambda w, s: f"/api/v1/registry/licence-items/{item_id(w, s)}",
        body=lambda w, s: {"edition": "2023年版", "reason": "清单更新"},
        allowed=EDITORS,
        scoped=False,
    ),
    GridEndpoint(
        name="api-entity-licences",
        method="GET",
        url=lambda w, s: f"/api/v1/registry/entities/{entity_id(w, s)}/licences",
    ),
    GridEndpoint(
        name="api-licence-grant",
        method="POST",
        url=lambda w, s: f"/api/v1/registry/entities/{entity_id(w, s)}/licences",
        body=licence_body,
        allowed=REGISTRARS,
        ok_status=201,
    ),
    GridEndpoint(
        name="api-licence-detail",
        method="GET",
        url=lambda w, s: f"/api/v1/registry/licences/{licence_id(w, s)}",
    ),
    GridEndpoint(
        name="api-licence-status",
        method="POST",
        url=lambda w, s: f"/api/v1/registry/licences/{licence_id(w, s)}/status",
        body=lambda w, s: {"status": "suspended", "on": "2026-09-02", "reason": "责令停业整顿期间暂扣"},
        allowed=REGISTRARS,
    ),
    GridEndpoint(
        name="api-verifications",
        method="GET",
        url=lambda w, s: "/api/v1/registry/licence-verifications",
        scoped=False,
    ),
    GridEndpoint(
        name="api-verification-outcome",
        method="POST",
        url=lambda w, s: f"/api/v1/registry/licence-verifications/{verification_id(w, s)}/outcome",
        body=lambda w, s: {"outcome": "kept", "found_on": "2026-09-10"},
        allowed=REGISTRARS,
    ),
    GridEndpoint(
        name="api-my-licences",
        method="GET",
        url=lambda w, s: f"/api/v1/enterprise/entities/{own_entity(w, s)}/licences",
        allowed=ENTERPRISE,
        denied_status=404,
    ),
]


@pytest.mark.parametrize("case", grid_cases(ENDPOINTS), ids=lambda c: c.id)
def test_grid(world: World, case: GridCase) -> None:
    check_case(world, case)


def bearer(world: World, role: Role) -> dict[str, str]:
    _token, secret = api_token_create(actor=SYSTEM, user=world.users[role], name="test")
    return {"Authorization": f"Bearer {secret}"}


def test_grant_through_the_api_and_read_back(world: World) -> None:
    entity = make_entity(world)
    client, officer = Client(), bearer(world, Role.OFFICER)
    response = client.post(
        f"/api/v1/registry/entities/{entity.pk}/licences",
        licence_body(world, "in"),
        content_type="application/json",
        headers=officer,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["verification"]["due_on"] == "2026-10-19" and body["effective_status"] == "valid"
    pending = client.get("/api/v1/registry/licence-verifications?outcome=pending", headers=officer).json()
    assert [v["licence_id"] for v in pending] == [body["id"]]
    bad = client.post(
        f"/api/v1/registry/entities/{entity.pk}/licences",
        {**licence_body(world, "in"), "issued_on": "2099-01-01"},
        content_type="application/json",
        headers=officer,
    )
    assert bad.status_code == 422 and bad.json()["field"] == "issued_on"
    page = Client().get(f"/api/v1/public/entities/{entity.uscc}")
    assert "JY" in page.content.decode() and personal_data_found(page.content.decode()) == []


def test_a_representative_of_another_entity_gets_404(world: World) -> None:
    mine = make_entity(world)
    EntityRepresentative.objects.create(
        entity=mine, user=world.users[Role.ENTERPRISE], granted_on=dt.date(2020, 1, 1)
    )
    other = make_entity(world)
    licence_id_for(world, other)
    client, headers = Client(), bearer(world, Role.ENTERPRISE)
    assert client.get(f"/api/v1/enterprise/entities/{other.pk}/licences", headers=headers).status_code == 404
    assert client.get(f"/api/v1/enterprise/entities/{mine.pk}/licences", headers=headers).json() == []
