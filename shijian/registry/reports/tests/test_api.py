"""The report API end to end: enterprise filing and correction, disclosures, staff reads, 404s."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from shijian.accounts.services import api_token_create, user_create
from shijian.core.actor import system_actor
from shijian.core.clock.models import Clock, Rule
from shijian.core.roles import Role
from shijian.registry.models import MarketEntity, PublicFact
from shijian.registry.reports.tests.factories import SECRET_GRADUATES, full_payload, represent
from shijian.registry.reports.tests.test_disclosures import PENALTY
from shijian.testing.privacy import personal_data_found
from shijian.testing.registry import make_entity
from shijian.testing.world import PASSWORD, World

pytestmark = [pytest.mark.django_db, pytest.mark.urls("shijian.registry.reports.tests.urls")]
SYSTEM = system_actor("tests")


def bearer(user: Any) -> dict[str, str]:
    _token, secret = api_token_create(actor=SYSTEM, user=user, name="test")
    return {"Authorization": f"Bearer {secret}"}


def enterprise_user(name: str) -> Any:
    return user_create(
        actor=SYSTEM,
        username=name,
        password=PASSWORD,
        display_name=name,
        org_unit=None,
        roles=[Role.ENTERPRISE],
    )


@pytest.fixture(autouse=True)
def _open_corrections() -> None:
    # Real dates are used through the API: keep last year's report correctable (rolled back).
    Rule.objects.filter(rule_id="annual_report.deadline").update(fixed_month=12, fixed_day=31)


def test_enterprise_files_reads_and_corrects(world: World) -> None:
    entity = make_entity(world)
    user = world.users[Role.ENTERPRISE]
    represent(entity, user)
    client, headers = Client(), bearer(user)
    year = timezone.localdate().year - 1
    base = f"/api/v1/enterprise/entities/{entity.pk}"

    form = client.get(f"{base}/annual-reports/{year}/form", headers=headers).json()
    keys = {f["key"]: f["visibility"] for f in form["fields"]}
    assert (
        keys["address"] == "public"
        and keys["employees"] == "optional"
        and keys["graduates_hired"] == "internal"
    )
    assert form["deadline"] == f"{year + 1}-12-31"
    contributions = next(f for f in form["fields"] if f["key"] == "contributions")
    assert [c["key"] for c in contributions["columns"]][:2] == ["shareholder", "subscribed_amount"]

    filed = client.post(
        f"{base}/annual-reports",
        {"report_year": year, "payload": full_payload(), "public_fields": ["employees"]},
        content_type="application/json",
        headers=headers,
    )
    assert filed.status_code == 201, filed.content
    assert filed.json()["payload"]["graduates_hired"] == SECRET_GRADUATES  # the owner sees everything

    again = client.post(
        f"{base}/annual-reports",
        {"report_year": year, "payload": full_payload()},
        content_type="application/json",
        headers=headers,
    )
    assert again.status_code == 409 and again.json()["code"] == "already_filed"

    bad = client.put(
        f"{base}/annual-reports/{year}",
        {"payload": full_payload(postal_code="x")},
        content_type="application/json",
        headers=headers,
    )
    assert bad.status_code == 422 and bad.json()["field"] == "postal_code"

    fixed = client.put(
        f"{base}/annual-reports/{year}",
        {"payload": full_payload(address="河南省洛阳市涧西区建设路9号")},
        content_type="application/json",
        headers=headers,
    )
    assert fixed.status_code == 200 and fixed.json()["revision"] == 2

    record = client.get(base, headers=headers).json()
    assert record["entity"]["uscc"] == entity.uscc
    assert record["years"][0]["status"] == "filed"
    assert record["annual_reports"][0]["payload"]["filer_name"] == "李娜"

    mine = client.get("/api/v1/enterprise/entities", headers=headers).json()
    assert [e["id"] for e in mine] == [entity.pk]


def test_a_representative_of_another_entity_gets_404(world: World) -> None:
    entity = make_entity(world)
    represent(entity, world.users[Role.ENTERPRISE])
    stranger = enterprise_user("stranger")
    represent(make_entity(world), stranger)  # represents a different entity
    client, headers = Client(), bearer(stranger)
    year = timezone.localdate().year - 1
    base = f"/api/v1/enterprise/entities/{entity.pk}"
    for method, url, body in (
        ("get", base, None),
        ("get", f"{base}/annual-reports/{year}/form", None),
        ("post", f"{base}/annual-reports", {"report_year": year, "payload": full_payload()}),
        ("put", f"{base}/annual-reports/{year}", {"payload": full_payload()}),
        ("post", f"{base}/disclosures", {"kind": "penalty", "formed_on": "2026-06-01", "content": PENALTY}),
        ("post", f"{base}/disclosures/1/file", {"content": PENALTY}),
    ):
        kwargs: dict[str, Any] = {"headers": headers}
        if body is not None:
            kwargs.update(data=body, content_type="application/json")
        response = getattr(client, method)(url, **kwargs)
        assert response.status_code == 404, (method, url, response.content)
        assert response.json()["code"] == "not_found"
    assert not PublicFact.objects.filter(entity=entity).exclude(kind="registry.lifecycle").exists()


def test_disclosure_through_the_api_runs_the_clock(world: World) -> None:
    entity = make_entity(world)
    represent(entity, world.users[Role.ENTERPRISE])
    client, headers = Client(), bearer(world.users[Role.ENTERPRISE])
    officer = bearer(world.users[Role.OFFICER])
    recorded = client.post(
        f"/api/v1/registry/entities/{entity.pk}/disclosures",
        {"kind": "penalty", "formed_on": "2026-04-27"},
        content_type="application/json",
        headers=officer,
    )
    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["due_on"] == "2026-05-27" and recorded.json()["status"] == "recorded"
    disclosure_id = recorded.json()["id"]
    filed = client.post(
        f"/api/v1/enterprise/entities/{entity.pk}/disclosures/{disclosure_id}/file",
        {"content": PENALTY},
        content_type="application/json",
        headers=headers,
    )
    assert filed.status_code == 200 and filed.json()["status"] == "filed" and filed.json()["late"] is True
    assert Clock.objects.get(subject_id=str(disclosure_id)).status == "completed"
    listed = client.get(f"/api/v1/registry/entities/{entity.pk}/disclosures", headers=officer).json()
    assert [d["id"] for d in listed] == [disclosure_id]


def test_staff_read_full_reports_in_their_jurisdiction_only(world: World) -> None:
    home = make_entity(world)
    represent(home, world.users[Role.ENTERPRISE])
    client = Client()
    year = timezone.localdate().year - 1
    client.post(
        f"/api/v1/enterprise/entities/{home.pk}/annual-reports",
        {"report_year": year, "payload": full_payload()},
        content_type="application/json",
        headers=bearer(world.users[Role.ENTERPRISE]),
    )
    officer = bearer(world.users[Role.OFFICER])
    reports = client.get(f"/api/v1/registry/entities/{home.pk}/annual-reports", headers=officer).json()
    assert reports[0]["payload"]["graduates_hired"] == SECRET_GRADUATES
    out = make_entity(world, scope="out")
    assert (
        client.get(f"/api/v1/registry/entities/{out.pk}/annual-reports", headers=officer).status_code == 404
    )


def test_published_facts_pass_the_personal_data_scan(world: World) -> None:
    entity = make_entity(world)
    represent(entity, world.users[Role.ENTERPRISE])
    headers = bearer(world.users[Role.ENTERPRISE])
    client = Client()
    year = timezone.localdate().year - 1
    client.post(
        f"/api/v1/enterprise/entities/{entity.pk}/annual-reports",
        {"report_year": year, "payload": full_payload(), "public_fields": ["employees", "total_assets"]},
        content_type="application/json",
        headers=headers,
    )
    client.post(
        f"/api/v1/enterprise/entities/{entity.pk}/disclosures",
        {"kind": "penalty", "formed_on": "2026-06-01", "content": PENALTY},
        content_type="application/json",
        headers=headers,
    )
    assert PublicFact.objects.filter(entity=entity).count() == 2
    for url in (
        f"/entities/{entity.uscc}/",
        f"/api/v1/public/entities/{entity.uscc}",
        "/api/v1/public/changes",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert personal_data_found(text) == [], url
        assert str(SECRET_GRADUATES) not in text and "李娜" not in text
        assert entity.supervisor_path not in text
    assert MarketEntity.objects.get(pk=entity.pk).responsible_person.id_number not in text
