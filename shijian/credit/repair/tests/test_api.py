"""The API: the permission grid, the enterprise's online application with uploads, letters and materials."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from shijian.core.roles import Role
from shijian.credit.models import CreditFact
from shijian.credit.repair import services
from shijian.credit.repair.domain import REQUIRED_MATERIALS, RepairKind
from shijian.credit.repair.models import RepairApplication
from shijian.credit.repair.tests.helpers import PDF, PNG, SYSTEM, apply, penalty
from shijian.registry.models import PublicFact
from shijian.registry.reports.tests.factories import represent
from shijian.testing.grid import (
    ALL_ROLES,
    ANONYMOUS,
    GridCase,
    GridEndpoint,
    check_case,
    client_for,
    grid_cases,
)
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
OFFICERS = frozenset({Role.OFFICER, Role.SECTION_CHIEF, Role.BUREAU_HEAD, Role.SYSTEM_ADMIN})
READERS = OFFICERS | {Role.LEGAL_REVIEWER}
SIGNED_IN = frozenset(r for r in ALL_ROLES if r != ANONYMOUS)
BASE = "/api/v1/credit/repair"


def today() -> dt.date:
    return timezone.localdate()


def published_penalty(world: World, scope: str = "in") -> CreditFact:
    """A penalty published 200 days ago (the API works on real dates): past the six months."""
    entity = make_entity(world, scope=scope)
    return penalty(world, entity, published_on=today() - dt.timedelta(days=200), number=f"罚-{entity.pk}")


def application(world: World, scope: str, *, accepted: bool = False) -> RepairApplication:
    """An application with every material, entered by the system (so any scope works)."""
    fact = published_penalty(world, scope)
    found = services.repair_apply(
        actor=SYSTEM,
        kind=RepairKind.PENALTY_PUBLICITY,
        target_id=fact.pk,
        applicant_name="某公司",
        contact="0379-1",
        statement="已缴清罚款",
        today=today(),
        materials=[
            services.MaterialUpload(kind, f"{kind.value}.pdf", PDF + kind.value.encode())
            for kind in REQUIRED_MATERIALS[RepairKind.PENALTY_PUBLICITY]
        ],
    )
    if accepted:
        found = services.repair_accept(actor=SYSTEM, application=found, accept=True, reason="", today=today())
    return found


ENDPOINTS = [
    GridEndpoint(name="list", method="GET", url=lambda w, s: f"{BASE}/applications", scoped=False),
    GridEndpoint(
        name="detail",
        method="GET",
        url=lambda w, s: f"{BASE}/applications/{application(w, s).pk}",
        allowed=READERS,
    ),
    GridEndpoint(
        name="paper",
        method="POST",
        url=lambda w, s: f"{BASE}/applications",
        body=lambda w, s: {
            "kind": "penalty_publicity",
            "target_id": published_penalty(w, s).pk,
            "applicant_name": "某公司",
            "contact": "0379-1",
            "statement": "窗口提交",
        },
        allowed=OFFICERS,
        ok_status=201,
    ),
    GridEndpoint(
        name="accept",
        method="POST",
        url=lambda w, s: f"{BASE}/applications/{application(w, s).pk}/accept",
        body=lambda w, s: {"accept": True},
        allowed=OFFICERS,
    ),
    GridEndpoint(
        name="decide",
        method="POST",
        url=lambda w, s: f"{BASE}/applications/{application(w, s, accepted=True).pk}/decide",
        body=lambda w, s: {"approve": False, "reason": "罚款尚未缴纳"},
        allowed=OFFICERS,
    ),
    GridEndpoint(
        name="material",
        method="GET",
        url=lambda w, s: f"{BASE}/materials/{application(w, s).materials.first().pk}",  # type: ignore[union-attr]
        allowed=READERS,
        denied_status=404,  # shared with the applicant: not there for anyone else
    ),
    GridEndpoint(
        name="letter",
        method="GET",
        url=lambda w, s: f"{BASE}/applications/{application(w, s, accepted=True).pk}/letters/acceptance.pdf",
        allowed=READERS,
        denied_status=404,
    ),
    GridEndpoint(
        name="my-options",
        method="GET",
        url=lambda w, s: "/api/v1/enterprise/repair/options",
        scoped=False,
        allowed=SIGNED_IN,
    ),
]


@pytest.mark.parametrize("case", grid_cases(ENDPOINTS), ids=lambda c: c.id)
def test_permission_grid(world: World, case: GridCase) -> None:
    check_case(world, case)


def test_the_enterprise_applies_online_and_reads_its_letters(world: World) -> None:
    fact = published_penalty(world)
    represent(fact.entity, world.users[Role.ENTERPRISE])
    client, headers = client_for(world, Role.ENTERPRISE.value, "api")

    options = client.get("/api/v1/enterprise/repair/options", headers=headers).json()
    assert [(o["kind"], o["target_id"], o["eligible"]) for o in options] == [
        ("penalty_publicity", fact.pk, True)
    ]
    assert {c["code"] for c in options[0]["checks"]} >= {"minimum_publicity", "no_repeat", "not_severe"}

    response = client.post(
        "/api/v1/enterprise/repair/applications",
        {
            "kind": "penalty_publicity",
            "target_id": fact.pk,
            "applicant_name": fact.entity.name,
            "contact": "0379-64321234",
            "statement": "罚款已缴清，广告已撤除",
        },
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "submitted" and created["letters"] == []
    url = f"/api/v1/enterprise/repair/applications/{created['id']}/materials"
    for kind, name, content in [
        ("application", "申请书.pdf", PDF),
        ("pledge", "承诺书.png", PNG),
        ("performance_proof", "缴款凭证.pdf", PDF + b"receipt"),
    ]:
        upload = client.post(url, {"kind": kind, "file": _file(name, content)}, headers=headers)
        assert upload.status_code == 201, upload.content
    bad = client.post(url, {"kind": "other", "file": _file("病毒.exe", b"MZ\x90")}, headers=headers)
    assert bad.status_code == 422 and bad.json()["field"] == "file"
    assert bad.json()["message_en"]

    found = RepairApplication.objects.get(pk=created["id"])
    officer, officer_headers = client_for(world, Role.OFFICER.value, "api")
    accepted = officer.post(
        f"{BASE}/applications/{found.pk}/accept",
        {"accept": True},
        content_type="application/json",
        headers=officer_headers,
    )
    assert accepted.status_code == 200 and accepted.json()["letters"] == ["acceptance"]
    decided = officer.post(
        f"{BASE}/applications/{found.pk}/decide",
        {"approve": True, "obligations_performed": True, "reason": "核实属实"},
        content_type="application/json",
        headers=officer_headers,
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "repaired"
    assert PublicFact.objects.get(pk=fact.public_fact_id).withdrawn_on == today()

    mine = client.get(f"/api/v1/enterprise/repair/applications/{found.pk}", headers=headers).json()
    assert mine["letters"] == ["acceptance", "approval"]
    pdf = client.get(f"{BASE}/applications/{found.pk}/letters/approval.pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    material = found.materials.get(kind="pledge")
    file = client.get(f"{BASE}/materials/{material.pk}", headers=headers)
    assert file.status_code == 200 and file["Content-Type"] == "image/png"
    assert b"".join(file.streaming_content) == PNG  # type: ignore[attr-defined]
    # The staff detail is not the enterprise's: it has its own address.
    assert client.get(f"{BASE}/applications/{found.pk}", headers=headers).status_code == 403


def test_another_enterprise_sees_nothing(world: World) -> None:
    fact = published_penalty(world)
    found = apply(world, fact.entity, RepairKind.PENALTY_PUBLICITY, fact.pk, today=today())
    # The enterprise user applied as its representative, and represents it no longer.
    fact.entity.representatives.filter(user=world.users[Role.ENTERPRISE]).delete()
    client, headers = client_for(world, Role.ENTERPRISE.value, "api")
    for path in (
        f"/api/v1/enterprise/repair/applications/{found.pk}",
        f"{BASE}/materials/{found.materials.first().pk}",  # type: ignore[union-attr]
    ):
        assert client.get(path, headers=headers).status_code == 404
    assert Client().get(f"{BASE}/materials/{found.materials.first().pk}").status_code == 401  # type: ignore[union-attr]


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
