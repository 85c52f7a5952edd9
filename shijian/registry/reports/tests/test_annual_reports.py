"""Annual reports on PostgreSQL: filing windows, late filing, corrections, forms, the public split."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from shijian.core.audit.models import AuditRecord
from shijian.core.clock.models import Rule
from shijian.core.errors import Conflict, NotFound, ValidationFailed
from shijian.core.roles import Role
from shijian.registry.domain import EntityType
from shijian.registry.models import ChangeFeedEntry, EntityRepresentative, MarketEntity, PublicFact
from shijian.registry.reports import services
from shijian.registry.reports.domain import ReportErrorCode, ReportForm
from shijian.registry.reports.models import AnnualReport
from shijian.registry.reports.tests.factories import (
    CONTACT_MOBILE,
    FILER_MOBILE,
    SECRET_ASSETS,
    SECRET_GRADUATES,
    full_payload,
    represent,
    simplified_payload,
)
from shijian.testing.privacy import personal_data_found
from shijian.testing.registry import make_entity, next_uscc
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
D = dt.date


def setup_entity(world: World, **overrides: object) -> MarketEntity:
    entity = make_entity(world, **overrides)
    represent(entity, world.users[Role.ENTERPRISE])
    return entity


def file(
    world: World, entity: MarketEntity, *, year: int = 2025, today: dt.date, **kwargs: object
) -> AnnualReport:
    values: dict[str, object] = {"form": ReportForm.FULL, "payload": full_payload(), "public_fields": ()}
    values.update(kwargs)
    return services.annual_report_file(
        actor=world.actor(Role.ENTERPRISE),
        entity=entity,
        report_year=year,
        today=today,
        **values,  # type: ignore[arg-type]
    )


def test_on_time_report_is_published_without_its_non_public_fields(world: World) -> None:
    entity = setup_entity(world)
    report = file(world, entity, today=D(2026, 3, 2), public_fields=["employees"])
    # annual_report.deadline: 30 June of the year after the reporting year (rule table, not code).
    assert report.deadline == D(2026, 6, 30) and report.late is False
    assert report.payload["graduates_hired"] == SECRET_GRADUATES  # kept for officers
    fact = PublicFact.objects.get(kind="registry.annual_report", entity=entity)
    assert fact.title == "2025年度报告" and report.fact_id == fact.pk
    body = fact.body
    assert body["address"] == "河南省洛阳市涧西区中州西路1号" and body["employees"] == 12
    assert body["phone"] == "139****5678"  # public under Art. 9 (1), shown masked
    for key in ("graduates_hired", "filer_name", "filer_phone", "total_assets", "net_profit"):
        assert key not in body
    assert "total_assets" in body["not_published"] and "graduates_hired" not in body["not_published"]
    text = json.dumps(body, ensure_ascii=False) + fact.title
    for secret in (SECRET_ASSETS, str(SECRET_GRADUATES), FILER_MOBILE, CONTACT_MOBILE, "李娜"):
        assert secret not in text
    assert personal_data_found(text) == []
    feed = ChangeFeedEntry.objects.filter(uscc=entity.uscc, event="fact_published").get()
    assert (
        SECRET_ASSETS not in json.dumps(feed.payload) and personal_data_found(json.dumps(feed.payload)) == []
    )
    assert (
        AuditRecord.objects.filter(action="registry.annual_report.filed", object_id=str(report.pk)).count()
        == 1
    )


def test_portal_and_public_api_show_only_the_public_part(world: World) -> None:
    entity = setup_entity(world)
    file(world, entity, today=timezone.localdate())
    for url in (f"/entities/{entity.uscc}/", f"/api/v1/public/entities/{entity.uscc}"):
        response = Client().get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "年度报告" in html or "annual_report" in html
        assert personal_data_found(html) == [], url
        for secret in (SECRET_ASSETS, str(SECRET_GRADUATES), "李娜"):
            assert secret not in html, (url, secret)


def test_late_report_is_accepted_and_marked_late(world: World) -> None:
    entity = setup_entity(world)
    report = file(world, entity, today=D(2026, 7, 1))
    assert report.late is True
    fact = PublicFact.objects.get(pk=report.fact_id)
    assert fact.title == "2025年度报告（逾期报送）" and fact.body["late"] is True


def test_the_deadline_is_read_from_the_rule_table(world: World) -> None:
    # An administrator adds a version (e.g. a one-off extension): code follows the table.
    Rule.objects.create(
        rule_id="annual_report.deadline",
        version=2,
        name_zh="年度报告报送截止（测试延期）",
        legal_basis="测试",
        amount=1,
        unit="fixed_date",
        shift_to_workday=False,
        fixed_month=7,
        fixed_day=31,
        confidence="V",
        effective_from=D(2025, 1, 1),
    )
    entity = setup_entity(world)
    report = file(world, entity, today=D(2026, 7, 15))
    assert report.deadline == D(2026, 7, 31) and report.late is False and report.deadline_rule_version == 2


def test_entity_established_this_year_files_from_next_year(world: World) -> None:
    entity = setup_entity(world, established_on=D(2026, 2, 2))
    with pytest.raises(ValidationFailed) as err:
        file(world, entity, year=2026, today=D(2026, 3, 2))
    assert err.value.code == ReportErrorCode.TOO_EARLY
    with pytest.raises(ValidationFailed) as err:
        file(world, entity, year=2025, today=D(2026, 3, 2))
    assert err.value.code == ReportErrorCode.BEFORE_ESTABLISHMENT
    # Its first report is for 2026, filed in 2027; the deadline is 30 June 2027 (no calendar needed).
    report = file(world, entity, year=2026, today=D(2027, 1, 4))
    assert report.deadline == D(2027, 6, 30) and not report.late
    assert not AnnualReport.objects.filter(entity=entity, report_year=2025).exists()


def test_one_report_per_year(world: World) -> None:
    entity = setup_entity(world)
    file(world, entity, today=D(2026, 3, 2))
    with pytest.raises(Conflict) as err:
        file(world, entity, today=D(2026, 3, 3))
    assert err.value.code == ReportErrorCode.ALREADY_FILED


def test_correction_until_the_deadline_republishes(world: World) -> None:
    entity = setup_entity(world)
    report = file(world, entity, today=D(2026, 3, 2))
    old_fact = PublicFact.objects.get(pk=report.fact_id)
    corrected = services.annual_report_correct(
        actor=world.actor(Role.ENTERPRISE),
        report=report,
        payload=full_payload(address="河南省洛阳市涧西区建设路9号", total_assets="1"),
        public_fields=[],
        today=D(2026, 6, 30),
    )
    assert corrected.revision == 2 and corrected.corrected_on == D(2026, 6, 30)
    old_fact.refresh_from_db()
    assert old_fact.withdrawn_on == D(2026, 6, 30)
    new_fact = PublicFact.objects.get(pk=corrected.fact_id)
    assert new_fact.withdrawn_on is None and new_fact.title == "2025年度报告（已更正）"
    assert new_fact.body["address"] == "河南省洛阳市涧西区建设路9号"
    # The unpublished item that changed is not named as corrected.
    assert new_fact.body["corrected_items"] == ["address"]
    assert PublicFact.objects.filter(kind="registry.annual_report", withdrawn_on__isnull=True).count() == 1
    audit = AuditRecord.objects.get(action="registry.annual_report.corrected")
    assert audit.before["revision"] == 1 and audit.after["revision"] == 2


def test_correction_after_the_deadline_is_refused(world: World) -> None:
    entity = setup_entity(world)
    report = file(world, entity, today=D(2026, 3, 2))
    with pytest.raises(Conflict) as err:
        services.annual_report_correct(
            actor=world.actor(Role.ENTERPRISE),
            report=report,
            payload=full_payload(address="新地址"),
            today=D(2026, 7, 1),
        )
    assert err.value.code == ReportErrorCode.CORRECTION_CLOSED


def test_a_correction_must_change_something(world: World) -> None:
    entity = setup_entity(world)
    report = file(world, entity, today=D(2026, 3, 2))
    with pytest.raises(ValidationFailed) as err:
        services.annual_report_correct(
            actor=world.actor(Role.ENTERPRISE), report=report, payload=full_payload(), today=D(2026, 3, 3)
        )
    assert err.value.code == ReportErrorCode.NOTHING_CHANGED


def test_simplified_report_only_for_individual_businesses(world: World) -> None:
    company = setup_entity(world)
    with pytest.raises(ValidationFailed) as err:
        file(world, company, today=D(2026, 3, 2), form=ReportForm.SIMPLIFIED, payload=simplified_payload())
    assert err.value.code == ReportErrorCode.FORM_NOT_ALLOWED
    shop = setup_entity(
        world,
        uscc=next_uscc(category="92"),
        name="洛阳市涧西区小李便利店",
        entity_type=EntityType.INDIVIDUAL_BUSINESS,
    )
    report = file(
        world,
        shop,
        today=D(2026, 3, 2),
        form=ReportForm.SIMPLIFIED,
        payload=simplified_payload(),
        public_fields=["turnover", "phone"],
    )
    assert report.catalogue_version == "individual-2014.1"
    body = PublicFact.objects.get(pk=report.fact_id).body
    assert body["turnover"] == "36.5" and body["phone"] == "139****5678"
    assert "employees" not in body and "filer_name" not in body and "licences" in body["not_published"]


def test_only_the_representative_files(world: World) -> None:
    entity = make_entity(world)
    other = setup_entity(world)  # the enterprise user represents another entity
    assert other.pk != entity.pk
    for role in (Role.ENTERPRISE, Role.OFFICER, Role.SYSTEM_ADMIN):
        with pytest.raises(NotFound):
            services.annual_report_file(
                actor=world.actor(role),
                entity=entity,
                report_year=2025,
                form=ReportForm.FULL,
                payload=full_payload(),
                today=D(2026, 3, 2),
            )


def test_a_revoked_representation_ends_the_right_to_file(world: World) -> None:
    entity = setup_entity(world)
    EntityRepresentative.objects.filter(entity=entity).update(revoked_on=D(2026, 3, 1))
    with pytest.raises(NotFound):
        file(world, entity, today=D(2026, 3, 2))


def test_a_deregistered_entity_files_nothing(world: World) -> None:
    entity = setup_entity(world)
    MarketEntity.objects.filter(pk=entity.pk).update(status="deregistered")
    entity.refresh_from_db()
    with pytest.raises(Conflict) as err:
        file(world, entity, today=D(2026, 3, 2))
    assert err.value.code == ReportErrorCode.ENTITY_CLOSED


def test_invalid_content_is_refused_with_every_problem(world: World) -> None:
    entity = setup_entity(world)
    with pytest.raises(ValidationFailed) as err:
        file(world, entity, today=D(2026, 3, 2), payload=full_payload(postal_code="1", email="x"))
    assert {p["field"] for p in err.value.details["problems"]} == {"postal_code", "email"}
    assert (
        not AnnualReport.objects.exists()
        and not PublicFact.objects.filter(kind="registry.annual_report").exists()
    )
