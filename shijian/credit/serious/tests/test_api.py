"""The staff API of the serious-violation list: the permission grid, the procedure, errors, the PDF."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from pypdf import PdfReader

from shijian.accounts.models import User
from shijian.core.actor import system_actor
from shijian.core.roles import Role
from shijian.credit.serious.models import SeriousListing
from shijian.credit.serious.tests.helpers import (
    DECIDED_ON,
    approved,
    city_chief,
    listed,
    listed_a_year_ago,
    noticed,
    propose,
    published,
)
from shijian.registry.portal.pdf import chinese_font_installed
from shijian.testing.grid import GridCase, GridEndpoint, check_case, client_for, grid_cases
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
D = dt.date
SYSTEM = system_actor("tests")
CREDIT_OFFICERS = frozenset({Role.OFFICER, Role.SECTION_CHIEF, Role.BUREAU_HEAD, Role.SYSTEM_ADMIN})
BASE = "/api/v1/credit/serious"

PROPOSAL = {
    "category": "consumer",
    "heavier_penalty": True,
    "heavier_penalty_kind": "business_restricted",
    "penalty_document_number": "涧市监处罚〔2026〕101号",
    "penalty_decided_on": "2026-10-09",
    "penalty_description": "责令停业整顿",
    "facts": "当事人以预付卡方式经营后卷款停业，侵害众多消费者权益。",
    "legal_basis": "《中华人民共和国消费者权益保护法》第五十六条",
}


def _entity(world: World, scope: str) -> Any:
    return make_entity(world, scope=scope)


def _actor(world: World, scope: str) -> Any:
    # Objects outside the home county are set up by the system (the home officer cannot see them).
    return world.actor(Role.OFFICER) if scope == "in" else SYSTEM


def _in(world: World, scope: str, state: str) -> int:
    entity = _entity(world, scope)
    actor = _actor(world, scope)
    build = {"proposed": propose, "noticed": noticed, "approved": approved, "listed": listed}[state]
    listing: SeriousListing = build(world, entity=entity, actor=actor)
    return listing.pk


ENDPOINTS = [
    GridEndpoint(name="list", method="GET", url=lambda w, s: f"{BASE}/listings", scoped=False),
    GridEndpoint(name="detail", method="GET", url=lambda w, s: f"{BASE}/listings/{_in(w, s, 'proposed')}"),
    GridEndpoint(
        name="propose",
        method="POST",
        url=lambda w, s: f"{BASE}/entities/{_entity(w, s).pk}/proposals",
        body=lambda w, s: PROPOSAL,
        allowed=CREDIT_OFFICERS,
        ok_status=201,
    ),
    GridEndpoint(
        name="notice",
        method="POST",
        url=lambda w, s: f"{BASE}/listings/{_in(w, s, 'proposed')}/notice",
        body=lambda w, s: {"served_on": "2026-09-01", "notice_document_number": "告〔2026〕9号"},
        allowed=CREDIT_OFFICERS,
    ),
    GridEndpoint(
        name="submission",
        method="POST",
        url=lambda w, s: f"{BASE}/listings/{_in(w, s, 'noticed')}/submissions",
        body=lambda w, s: {"kind": "statement", "received_on": "2026-09-03", "summary": "已整改"},
        allowed=CREDIT_OFFICERS,
        ok_status=201,
    ),
    GridEndpoint(
        # Nobody in the home county approves its own listings: only the city bureau's chiefs.
        name="approval",
        method="POST",
        url=lambda w, s: f"{BASE}/listings/{_in(w, s, 'noticed')}/approval",
        body=lambda w, s: {"approve": True, "approved_on": "2026-09-10"},
        allowed=frozenset(),
    ),
    GridEndpoint(
        name="decide",
        method="POST",
        url=lambda w, s: f"{BASE}/listings/{_in(w, s, 'approved')}/decide",
        body=lambda w, s: {"decision_number": "涧市监列严〔2026〕50号", "decided_on": DECIDED_ON.isoformat()},
        allowed=CREDIT_OFFICERS,
    ),
    GridEndpoint(
        name="publish",
        method="POST",
        url=lambda w, s: f"{BASE}/listings/{_in(w, s, 'listed')}/publish",
        allowed=CREDIT_OFFICERS,
    ),
    GridEndpoint(
        name="remove-early",
        method="POST",
        url=lambda w, s: (
            f"{BASE}/listings/{listed_a_year_ago(w, _entity(w, s), _actor(w, s)).pk}/remove-early"
        ),
        body=lambda w, s: {
            "reason": "已履行处罚决定，完成信用修复",
            "restriction_ended": True,
            "obligations_performed": True,
            "harm_removed": True,
            "no_new_heavier_penalty": True,
        },
        allowed=CREDIT_OFFICERS,
    ),
    GridEndpoint(
        name="restrictions",
        method="GET",
        url=lambda w, s: f"{BASE}/entities/{_entity(w, s).pk}/restrictions?purpose=procurement",
        scoped=False,
    ),
]
if chinese_font_installed():
    ENDPOINTS.append(
        GridEndpoint(
            name="decision-pdf",
            method="GET",
            url=lambda w, s: f"{BASE}/listings/{_in(w, s, 'listed')}/decision.pdf",
        )
    )


@pytest.mark.parametrize("case", grid_cases(ENDPOINTS), ids=lambda c: c.id)
def test_grid(world: World, case: GridCase) -> None:
    check_case(world, case)


def _client(world: World, role: Role) -> tuple[Any, dict[str, str]]:
    return client_for(world, role.value, "api")


def test_the_whole_procedure_through_the_api(world: World) -> None:
    entity = make_entity(world)
    client, headers = _client(world, Role.OFFICER)
    created = client.post(
        f"{BASE}/entities/{entity.pk}/proposals",
        PROPOSAL | {"proposed_on": "2026-10-12"},
        content_type="application/json",
        headers=headers,
    )
    assert created.status_code == 201, created.content
    listing_id = created.json()["id"]
    assert created.json()["status"] == "proposed" and created.json()["category_zh"].startswith("侵害消费者")
    served = client.post(
        f"{BASE}/listings/{listing_id}/notice",
        {"served_on": "2026-10-13", "notice_document_number": "涧市监告〔2026〕30号"},
        content_type="application/json",
        headers=headers,
    )
    # 5 WD from Tue 2026-10-13: 10-14, 10-15, 10-16, 10-19, 10-20.
    assert served.status_code == 200 and served.json()["statement_due"] == "2026-10-20"
    early = client.post(
        f"{BASE}/listings/{listing_id}/decide",
        {"decision_number": "涧市监列严〔2026〕60号", "decided_on": "2026-10-20"},
        content_type="application/json",
        headers=headers,
    )
    assert early.status_code == 422 and early.json()["field"] == "decided_on"
    # The home bureau's head may not approve (same level); the city bureau's chief may.
    head_client, head_headers = _client(world, Role.BUREAU_HEAD)
    same_level = head_client.post(
        f"{BASE}/listings/{listing_id}/approval",
        {"approve": True, "approved_on": "2026-10-21"},
        content_type="application/json",
        headers=head_headers,
    )
    assert same_level.status_code == 403 and same_level.json()["code"] == "wrong_approver"
    city_chief(world)
    chief = User.objects.get(username=f"chief-{world.city_bureau.code}")
    chief_client, chief_headers = client_for_user(chief)
    ok = chief_client.post(
        f"{BASE}/listings/{listing_id}/approval",
        {"approve": True, "approved_on": "2026-10-21"},
        content_type="application/json",
        headers=chief_headers,
    )
    assert ok.status_code == 200 and ok.json()["status"] == "approved", ok.content
    decided = client.post(
        f"{BASE}/listings/{listing_id}/decide",
        {
            "decision_number": "涧市监列严〔2026〕60号",
            "decided_on": "2026-10-22",
            "measures": ["procurement", "bidding"],
        },
        content_type="application/json",
        headers=headers,
    )
    body = decided.json()
    assert decided.status_code == 200 and body["status"] == "listed", decided.content
    # serious.publish 20 WD from Thu 2026-10-22: 10-23 (1), 10-26..10-30 (6), 11-02..11-06 (11),
    # 11-09..11-13 (16), 11-16..11-19 (20) -> Thu 2026-11-19 (no holiday in between).
    assert body["publish_due"] == "2026-11-19" and body["listed_until"] == "2029-10-22"
    assert [m["code"] for m in body["measures"]] == ["procurement", "bidding"]
    published_response = client.post(f"{BASE}/listings/{listing_id}/publish", headers=headers)
    assert published_response.status_code == 200 and published_response.json()["listed_fact_id"]
    restricted = client.get(
        f"{BASE}/entities/{entity.pk}/restrictions?purpose=bidding", headers=headers
    ).json()
    assert (
        restricted["restricted"] is True
        and restricted["reasons"][0]["decision_number"] == "涧市监列严〔2026〕60号"
    )
    honours = client.get(f"{BASE}/entities/{entity.pk}/restrictions?purpose=honours", headers=headers).json()
    assert honours["restricted"] is False
    listed_only = client.get(f"{BASE}/listings?status=listed", headers=headers).json()
    assert [row["id"] for row in listed_only] == [listing_id]
    # A fixed removal date: the default (today) stops being too early once 2027-10-22 has passed.
    too_early = client.post(
        f"{BASE}/listings/{listing_id}/remove-early",
        {
            "removed_on": "2026-11-02",
            "reason": "修复",
            "restriction_ended": True,
            "obligations_performed": True,
            "harm_removed": True,
            "no_new_heavier_penalty": True,
        },
        content_type="application/json",
        headers=headers,
    )
    assert too_early.status_code == 422 and too_early.json()["field"] == "removed_on"
    # serious.repair_after: 12 months from 2026-10-22.
    assert "2027-10-22" in too_early.json()["message_zh"]


def client_for_user(user: User) -> tuple[Any, dict[str, str]]:
    """A bearer-token client for any user."""
    from django.test import Client

    from shijian.accounts.services import api_token_create

    _token, secret = api_token_create(actor=SYSTEM, user=user, name="serious")
    return Client(), {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"heavier_penalty": False}, "heavier_penalty"),
        ({"heavier_penalty_kind": "warning"}, "heavier_penalty_kind"),
        ({"category": "weather"}, "category"),
        ({"facts": "  "}, "facts"),
        ({"penalty_decided_on": "2026-13-01"}, "penalty_decided_on"),
        ({"penalty_document_number": None}, "penalty_document_number"),
    ],
)
def test_bad_proposals_name_the_field(world: World, change: dict[str, Any], field: str) -> None:
    client, headers = _client(world, Role.OFFICER)
    entity = make_entity(world)
    response = client.post(
        f"{BASE}/entities/{entity.pk}/proposals",
        PROPOSAL | change,
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422, response.content
    error = response.json()
    assert error["field"] == field and error["message_zh"] and error["message_en"]


def test_bad_decision_input_names_the_field(world: World) -> None:
    listing = approved(world)
    client, headers = _client(world, Role.OFFICER)
    for body, field in (
        (
            {"decision_number": "X", "decided_on": DECIDED_ON.isoformat(), "measures": ["flogging"]},
            "measures[0]",
        ),
        (
            {"decision_number": "X", "decided_on": "2026-09-14", "restriction_until": "2026-09-01"},
            "restriction_until",
        ),
        ({"decision_number": "", "decided_on": "2026-09-14"}, "decision_number"),
        ({"decided_on": "2026-09-14"}, "decision_number"),
    ):
        response = client.post(
            f"{BASE}/listings/{listing.pk}/decide", body, content_type="application/json", headers=headers
        )
        assert response.status_code == 422 and response.json()["field"] == field, (body, response.content)


@pytest.mark.skipif(not chinese_font_installed(), reason="needs a Chinese font (fonts-noto-cjk)")
def test_decision_pdf_names_the_decision_and_the_entity(world: World) -> None:
    listing = published(world)
    client, headers = _client(world, Role.LEGAL_REVIEWER)
    response = client.get(f"{BASE}/listings/{listing.pk}/decision.pdf", headers=headers)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    compact = "".join(text.split())
    assert "涧市监列严〔2026〕1号" in compact
    assert listing.entity.name in compact and listing.entity.uscc in compact
    assert "列入严重违法失信名单决定书" in compact
    undecided = noticed(world, penalty_document_number="涧市监处罚〔2026〕90号", entity=listing.entity)
    refused = client.get(f"{BASE}/listings/{undecided.pk}/decision.pdf", headers=headers)
    assert refused.status_code == 409 and refused.json()["code"] == "not_decided"
