"""The API: the permission grid, bad input, the enterprise's objection (API and page), the PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from shijian.core.roles import Role
from shijian.credit.abnormal import services
from shijian.credit.abnormal.domain import Ground
from shijian.credit.abnormal.models import AbnormalListing, EnforcementProposal
from shijian.registry.reports.tests.factories import represent
from shijian.testing.grid import (
    ALL_ROLES,
    ANONYMOUS,
    STAFF,
    GridCase,
    GridEndpoint,
    check_case,
    client_for,
    grid_cases,
)
from shijian.testing.registry import make_entity
from shijian.testing.world import World

from .factories import SYSTEM

pytestmark = pytest.mark.django_db
OFFICERS = frozenset({Role.OFFICER, Role.SECTION_CHIEF, Role.BUREAU_HEAD, Role.SYSTEM_ADMIN})
SIGNED_IN = frozenset(r for r in ALL_ROLES if r != ANONYMOUS)


def today() -> dt.date:
    return timezone.localdate()


def listing(world: World, scope: str = "in", *, represented: bool = False) -> AbnormalListing:
    """A false-disclosure listing made today (the API works on real dates)."""
    entity = make_entity(world, scope=scope)
    if represented:
        represent(entity, world.users[Role.ENTERPRISE])
    return services.abnormal_list(
        actor=SYSTEM,
        entity=entity,
        ground=Ground.FALSE_DISCLOSURE,
        ground_on=today(),
        decided_on=today(),
        reason="年度报告从业人数弄虚作假",
        today=today(),
    )


def objection_id(world: World, scope: str) -> int:
    objection = services.objection_file(
        actor=SYSTEM,
        listing=listing(world, scope),
        objector_name="某公司",
        contact="0379-1",
        reason="理由",
        today=today(),
    )
    return objection.pk


def proposal_id(world: World, scope: str) -> int:
    return EnforcementProposal.objects.get(entity=listing(world, scope).entity).pk


BASE = "/api/v1/credit/abnormal"
ENDPOINTS = [
    GridEndpoint(name="listings", method="GET", url=lambda w, s: f"{BASE}/listings", scoped=False),
    GridEndpoint(name="detail", method="GET", url=lambda w, s: f"{BASE}/listings/{listing(w, s).pk}"),
    GridEndpoint(
        name="pdf", method="GET", url=lambda w, s: f"{BASE}/listings/{listing(w, s).pk}/decision.pdf"
    ),
    GridEndpoint(
        name="list",
        method="POST",
        url=lambda w, s: f"{BASE}/listings",
        body=lambda w, s: {
            "entity_id": make_entity(w, scope=s).pk,
            "ground": "false_disclosure",
            "ground_on": today().isoformat(),
            "reason": "公示的实缴出资与银行凭证不符",
        },
        allowed=OFFICERS,
        ok_status=201,
    ),
    GridEndpoint(
        name="remove",
        method="POST",
        url=lambda w, s: f"{BASE}/listings/{listing(w, s).pk}/remove",
        body=lambda w, s: {"cured_on": today().isoformat(), "cure_note": "已更正公示信息"},
        allowed=OFFICERS,
    ),
    GridEndpoint(
        name="letters",
        method="GET",
        url=lambda w, s: f"{BASE}/entities/{make_entity(w, scope=s).pk}/letters",
    ),
    GridEndpoint(
        name="record-letter",
        method="POST",
        url=lambda w, s: f"{BASE}/entities/{make_entity(w, scope=s).pk}/letters",
        body=lambda w, s: {
            "sent_on": today().isoformat(),
            "tracking_number": "XA123456789CN",
            "returned_unsigned": False,
        },
        allowed=OFFICERS,
        ok_status=201,
    ),
    GridEndpoint(
        name="accept-objection",
        method="POST",
        url=lambda w, s: f"{BASE}/objections/{objection_id(w, s)}/accept",
        body=lambda w, s: {"accept": True},
        allowed=OFFICERS,
    ),
    GridEndpoint(name="proposals", method="GET", url=lambda w, s: f"{BASE}/proposals", scoped=False),
    GridEndpoint(
        name="dismiss-proposal",
        method="POST",
        url=lambda w, s: f"{BASE}/proposals/{proposal_id(w, s)}/dismiss",
        body=lambda w, s: {"note": "已移送立案"},
        allowed=OFFICERS,
    ),
    GridEndpoint(
        name="my-listings",
        method="GET",
        url=lambda w, s: "/api/v1/enterprise/abnormal/listings",
        scoped=False,
        allowed=SIGNED_IN,
    ),
    GridEndpoint(
        name="file-objection",
        method="POST",
        url=lambda w, s: f"/api/v1/enterprise/abnormal/listings/{listing(w, represented=True).pk}/objections",
        body=lambda w, s: {
            "objector_name": "洛阳市测试商贸有限公司",
            "contact": "0379-64321234",
            "reason": "数据有误",
        },
        scoped=False,
        allowed=frozenset({Role.ENTERPRISE.value}),
        denied_status=404,  # a listing of an entity one does not represent is not there
        ok_status=201,
    ),
]


@pytest.mark.parametrize("case", grid_cases(ENDPOINTS), ids=lambda c: c.id)
def test_api_grid(world: World, case: GridCase) -> None:
    check_case(world, case)


def test_grid_covers_the_staff() -> None:
    assert OFFICERS < STAFF


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"ground": "closed_shop"}, "ground"),
        ({"ground_on": "2026-13-01"}, "ground_on"),
        ({"ground": "annual_report"}, "report_year"),
        ({"reason": ""}, "reason"),
    ],
)
def test_bad_input_names_the_field(world: World, body: dict[str, object], field: str) -> None:
    client, headers = client_for(world, Role.OFFICER.value, "api")
    payload = {
        "entity_id": make_entity(world).pk,
        "ground": "false_disclosure",
        "ground_on": today().isoformat(),
        "reason": "虚假公示",
    }
    payload.update(body)
    answer = client.post(f"{BASE}/listings", payload, content_type="application/json", headers=headers)
    assert answer.status_code == 422, answer.content
    assert answer.json()["field"] == field and answer.json()["message_zh"] and answer.json()["message_en"]


def test_filters_and_the_enterprise_view(world: World) -> None:
    mine = listing(world, represented=True)
    listing(world)
    listing(world, "out")
    client, headers = client_for(world, Role.OFFICER.value, "api")
    everything = client.get(f"{BASE}/listings", headers=headers).json()
    assert len(everything) == 2  # the other county's listing is not in the officer's jurisdiction
    filtered = client.get(
        f"{BASE}/listings?entity_id={mine.entity_id}&ground=false_disclosure", headers=headers
    )
    assert [x["id"] for x in filtered.json()] == [mine.pk]
    assert client.get(f"{BASE}/listings?ground=nonsense", headers=headers).status_code == 422
    ent, ent_headers = client_for(world, Role.ENTERPRISE.value, "api")
    own = ent.get("/api/v1/enterprise/abnormal/listings", headers=ent_headers).json()
    assert [x["id"] for x in own] == [mine.pk] and own[0]["document_number"] == mine.document_number


def test_enterprise_objection_page(world: World) -> None:
    mine = listing(world, represented=True)
    other = listing(world)
    client = Client()
    client.force_login(world.users[Role.ENTERPRISE])
    page = client.get("/enterprise/abnormal/")
    assert page.status_code == 200 and mine.document_number in page.content.decode()
    assert client.get(f"/enterprise/abnormal/{other.pk}/objection/").status_code == 404
    empty = client.post(
        f"/enterprise/abnormal/{mine.pk}/objection/",
        {"objector_name": "某公司", "contact": "1", "reason": ""},
    )
    assert empty.status_code == 422 and 'data-field="reason"' in empty.content.decode()
    done = client.post(
        f"/enterprise/abnormal/{mine.pk}/objection/",
        {"objector_name": "某公司", "contact": "0379-1", "reason": "数据有误"},
    )
    assert done.status_code == 302
    assert mine.objections.get().reason == "数据有误"


def test_the_pdf_is_served_to_staff(world: World) -> None:
    found = listing(world)
    client, headers = client_for(world, Role.LEGAL_REVIEWER.value, "api")
    answer = client.get(f"{BASE}/listings/{found.pk}/decision.pdf", headers=headers)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
