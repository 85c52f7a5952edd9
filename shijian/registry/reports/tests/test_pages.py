"""The enterprise pages: my entities, my entity's record, the annual-report and disclosure forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from shijian.core.clock.models import Rule
from shijian.core.roles import Role
from shijian.registry.domain import EntityType
from shijian.registry.models import MarketEntity, PublicFact
from shijian.registry.reports import services
from shijian.registry.reports.domain import DisclosureKind
from shijian.registry.reports.models import AdhocDisclosure, AnnualReport
from shijian.registry.reports.tests.factories import represent
from shijian.registry.reports.tests.test_disclosures import PENALTY
from shijian.testing.registry import make_entity, next_uscc
from shijian.testing.world import World

pytestmark = [pytest.mark.django_db, pytest.mark.urls("shijian.registry.reports.tests.urls")]


@pytest.fixture(autouse=True)
def _open_corrections() -> None:
    # Pages use the real date: keep last year's report correctable (rolled back after each test).
    Rule.objects.filter(rule_id="annual_report.deadline").update(fixed_month=12, fixed_day=31)


def signed_in(world: World, entity: MarketEntity) -> Client:
    represent(entity, world.users[Role.ENTERPRISE])
    client = Client()
    client.force_login(world.users[Role.ENTERPRISE])
    return client


def form_data(**overrides: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "address": "河南省洛阳市涧西区中州西路1号",
        "postal_code": "471000",
        "phone": "0379-64123456",
        "operating_status": "operating",
        "contributions__rows": "2",
        "contributions__0__shareholder": "洛阳某某控股有限公司",
        "contributions__0__subscribed_amount": "100",
        "contributions__1__shareholder": "",
        "websites__rows": "2",
        "employees": "8",
        "total_assets": "500",
        "total_liabilities": "100",
        "owners_equity": "400",
        "total_revenue": "300",
        "main_revenue": "280",
        "total_profit": "20",
        "net_profit": "15",
        "total_tax": "3",
        "graduates_hired": "2",
        "public__employees": "1",
    }
    data.update(overrides)
    return data


def test_dashboard_lists_only_my_entities(world: World) -> None:
    mine = make_entity(world, name="洛阳市我的商贸有限公司")
    make_entity(world, name="洛阳市别人的商贸有限公司")
    client = signed_in(world, mine)
    html = client.get("/enterprise/").content.decode()
    assert "洛阳市我的商贸有限公司" in html and "洛阳市别人的商贸有限公司" not in html
    officer = Client()
    officer.force_login(world.users[Role.OFFICER])
    assert 'id="no-entities"' in officer.get("/enterprise/").content.decode()


def test_filing_and_correcting_through_the_form(world: World) -> None:
    entity = make_entity(world)
    client = signed_in(world, entity)
    year = timezone.localdate().year - 1
    page = client.get(f"/enterprise/entities/{entity.pk}/annual-report/")
    html = page.content.decode()
    assert page.status_code == 200 and f"{year}年度报告" in html
    assert 'name="public__employees"' in html and 'name="public__address"' not in html
    assert 'name="public__graduates_hired"' not in html and 'name="graduates_hired"' in html

    refused = client.post(f"/enterprise/entities/{entity.pk}/annual-report/", form_data(postal_code="12"))
    assert refused.status_code == 422 and "邮政编码应为6位数字" in refused.content.decode()
    assert not AnnualReport.objects.exists()

    done = client.post(f"/enterprise/entities/{entity.pk}/annual-report/", form_data())
    assert done.status_code == 302, done.content.decode()[:2000]
    report = AnnualReport.objects.get(entity=entity, report_year=year)
    assert report.payload["contributions"] == [
        {"shareholder": "洛阳某某控股有限公司", "subscribed_amount": "100"}
    ]
    assert report.public_fields == ["employees"] and report.payload["graduates_hired"] == 2
    body = PublicFact.objects.get(pk=report.fact_id).body
    assert body["employees"] == 8 and "total_assets" not in body and "graduates_hired" not in body

    correction = client.get(f"/enterprise/entities/{entity.pk}/annual-report/?year={year}").content.decode()
    assert "提交更正" in correction and 'value="洛阳某某控股有限公司"' in correction
    client.post(f"/enterprise/entities/{entity.pk}/annual-report/", form_data(total_assets="600"))
    report.refresh_from_db()
    assert report.revision == 2 and report.payload["total_assets"] == "600"

    record = client.get(f"/enterprise/entities/{entity.pk}/").content.decode()
    assert f"{year}年度报告" in record and "不公示" in record


def test_individual_business_may_choose_the_simplified_form(world: World) -> None:
    shop = make_entity(
        world,
        uscc=next_uscc(category="92"),
        name="洛阳市涧西区小王面馆",
        entity_type=EntityType.INDIVIDUAL_BUSINESS,
    )
    client = signed_in(world, shop)
    html = client.get(f"/enterprise/entities/{shop.pk}/annual-report/?form=simplified").content.decode()
    assert 'name="turnover"' in html and 'name="address"' not in html
    company = make_entity(world)
    represent(company, world.users[Role.ENTERPRISE])
    html = client.get(f"/enterprise/entities/{company.pk}/annual-report/?form=simplified").content.decode()
    assert 'name="address"' in html and 'name="turnover"' not in html  # falls back to the full form


def test_disclosure_form(world: World) -> None:
    entity = make_entity(world)
    client = signed_in(world, entity)
    url = f"/enterprise/entities/{entity.pk}/disclosure/"
    assert 'id="kind-form"' in client.get(url).content.decode()
    step = client.get(f"{url}?kind=penalty").content.decode()
    assert 'name="decision_number"' in step
    response = client.post(url, {"kind": "penalty", "formed_on": "2026-06-01", **PENALTY})
    assert response.status_code == 302, response.content.decode()[:2000]
    disclosure = AdhocDisclosure.objects.get(entity=entity)
    assert disclosure.status == "filed" and disclosure.content["penalty"] == "警告"
    missing = client.post(url, {"kind": "penalty", "formed_on": "", **PENALTY})
    assert missing.status_code == 422


def test_filing_a_disclosure_recorded_by_the_bureau(world: World) -> None:
    entity = make_entity(world)
    client = signed_in(world, entity)
    pending = services.disclosure_record(
        actor=world.actor(Role.OFFICER),
        entity=entity,
        kind=DisclosureKind.PENALTY,
        formed_on=dt.date(2026, 6, 1),
        today=timezone.localdate(),
    )
    record = client.get(f"/enterprise/entities/{entity.pk}/").content.decode()
    assert f"?disclosure={pending.pk}" in record
    response = client.post(
        f"/enterprise/entities/{entity.pk}/disclosure/", {"disclosure": pending.pk, **PENALTY}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == "filed"
    assert (
        client.get(f"/enterprise/entities/{entity.pk}/disclosure/?disclosure={pending.pk}").status_code == 404
    )
