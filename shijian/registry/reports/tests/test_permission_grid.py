"""The permission grid of the report endpoints and enterprise pages (role x scope x endpoint).

Enterprise endpoints admit only a representative of the entity: "in" is an
entity of the home county, "out" one of the other county, and the grid's
enterprise user represents both - so staff get 404 (they do not represent
it; out of scope it does not exist for them either) and the enterprise user
succeeds. That a representative of *another* entity gets 404 is tested in
test_api.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import timezone

from shijian.core.clock.models import Rule
from shijian.core.roles import Role
from shijian.registry.models import MarketEntity
from shijian.registry.reports import services
from shijian.registry.reports.domain import DisclosureKind, ReportForm
from shijian.registry.reports.tests.factories import full_payload, represent
from shijian.registry.reports.tests.test_disclosures import PENALTY
from shijian.testing.grid import STAFF, GridCase, GridEndpoint, check_case, grid_cases
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = [pytest.mark.django_db, pytest.mark.urls("shijian.registry.reports.tests.urls")]

ENTERPRISE = frozenset({Role.ENTERPRISE.value})
# Any signed-in account: others than enterprise users see an empty list or page.
SIGNED_IN = frozenset({*STAFF, Role.ENTERPRISE.value, Role.PARTNER_DEPARTMENT.value})
REGISTRARS = frozenset({Role.OFFICER, Role.SECTION_CHIEF, Role.BUREAU_HEAD, Role.SYSTEM_ADMIN})
FORMED = "2026-06-01"


@pytest.fixture(autouse=True)
def _open_corrections() -> Iterator[None]:
    # The grid runs on the real date: move the seeded deadline to 31 December so that last
    # year's report can still be corrected whenever the suite runs (rows are rolled back).
    Rule.objects.filter(rule_id="annual_report.deadline").update(fixed_month=12, fixed_day=31)
    yield


def last_year() -> int:
    return timezone.localdate().year - 1


def own(world: World, scope: str) -> int:
    """An entity in (or out of) the home county that the grid's enterprise user represents."""
    entity = make_entity(world, scope=scope)
    represent(entity, world.users[Role.ENTERPRISE])
    return entity.pk


def staff_entity(world: World, scope: str) -> int:
    return make_entity(world, scope=scope).pk


def filed_report(world: World, scope: str) -> tuple[int, int]:
    entity_id = own(world, scope)
    report = services.annual_report_file(
        actor=world.actor(Role.ENTERPRISE),
        entity=MarketEntity.objects.get(pk=entity_id),
        report_year=last_year(),
        form=ReportForm.FULL,
        payload=full_payload(),
        today=timezone.localdate(),
    )
    return entity_id, report.pk


def recorded_disclosure(world: World, scope: str) -> tuple[int, int]:
    entity_id = own(world, scope)
    disclosure = services.disclosure_record(
        actor=world.actor(Role.ENTERPRISE),
        entity=MarketEntity.objects.get(pk=entity_id),
        kind=DisclosureKind.PENALTY,
        formed_on=dt.date.fromisoformat(FORMED),
        today=timezone.localdate(),
    )
    return entity_id, disclosure.pk


def _report_url(w: World, s: str) -> str:
    entity_id, _ = filed_report(w, s)
    return f"/api/v1/enterprise/entities/{entity_id}/annual-reports/{last_year()}"


def _disclosure_file_url(w: World, s: str) -> str:
    entity_id, disclosure_id = recorded_disclosure(w, s)
    return f"/api/v1/enterprise/entities/{entity_id}/disclosures/{disclosure_id}/file"


ENDPOINTS = [
    # -- enterprise API ---------------------------------------------------------------
    GridEndpoint(
        name="api-my-entities",
        method="GET",
        url=lambda w, s: "/api/v1/enterprise/entities",
        allowed=SIGNED_IN,
        scoped=False,
    ),
    GridEndpoint(
        name="api-my-entity",
        method="GET",
        url=lambda w, s: f"/api/v1/enterprise/entities/{own(w, s)}",
        allowed=ENTERPRISE,
        denied_status=404,
    ),
    GridEndpoint(
        name="api-report-form",
        method="GET",
        url=lambda w, s: f"/api/v1/enterprise/entities/{own(w, s)}/annual-reports/{last_year()}/form",
        allowed=ENTERPRISE,
        denied_status=404,
    ),
    GridEndpoint(
        name="api-report-file",
        method="POST",
        url=lambda w, s: f"/api/v1/enterprise/entities/{own(w, s)}/annual-reports",
        body=lambda w, s: {"report_year": last_year(), "form": "full", "payload": full_payload()},
        allowed=ENTERPRISE,
        denied_status=404,
        ok_status=201,
    ),
    GridEndpoint(
        name="api-report-correct",
        method="PUT",
        url=_report_url,
        body=lambda w, s: {"payload": full_payload(address="河南省洛阳市涧西区建设路9号")},
        allowed=ENTERPRISE,
        denied_status=404,
    ),
    GridEndpoint(
        name="api-disclosure-create",
        method="POST",
        url=lambda w, s: f"/api/v1/enterprise/entities/{own(w, s)}/disclosures",
        body=lambda w, s: {"kind": "penalty", "formed_on": FORMED, "content": PENALTY},
        allowed=ENTERPRISE,
        denied_status=404,
        ok_status=201,
    ),
    GridEndpoint(
        name="api-disclosure-file",
        method="POST",
        url=_disclosure_file_url,
        body=lambda w, s: {"content": PENALTY},
        allowed=ENTERPRISE,
        denied_status=404,
    ),
    # -- staff API --------------------------------------------------------------------
    GridEndpoint(
        name="api-entity-reports",
        method="GET",
        url=lambda w, s: f"/api/v1/registry/entities/{staff_entity(w, s)}/annual-reports",
    ),
    GridEndpoint(
        name="api-report-detail",
        method="GET",
        url=lambda w, s: f"/api/v1/registry/annual-reports/{filed_report(w, s)[1]}",
    ),
    GridEndpoint(
        name="api-entity-disclosures",
        method="GET",
        url=lambda w, s: f"/api/v1/registry/entities/{staff_entity(w, s)}/disclosures",
    ),
    GridEndpoint(
        name="api-disclosure-record",
        method="POST",
        url=lambda w, s: f"/api/v1/registry/entities/{staff_entity(w, s)}/disclosures",
        body=lambda w, s: {"kind": "penalty", "formed_on": FORMED},
        allowed=frozenset(r.value for r in REGISTRARS),
        ok_status=201,
    ),
    # -- enterprise pages -------------------------------------------------------------
    GridEndpoint(
        name="page-dashboard",
        method="GET",
        url=lambda w, s: "/enterprise/",
        kind="page",
        allowed=SIGNED_IN,
        scoped=False,
    ),
    GridEndpoint(
        name="page-entity",
        method="GET",
        url=lambda w, s: f"/enterprise/entities/{own(w, s)}/",
        kind="page",
        allowed=ENTERPRISE,
        denied_status=404,
    ),
    GridEndpoint(
        name="page-annual-report",
        method="GET",
        url=lambda w, s: f"/enterprise/entities/{own(w, s)}/annual-report/",
        kind="page",
        allowed=ENTERPRISE,
        denied_status=404,
    ),
    GridEndpoint(
        name="page-disclosure",
        method="GET",
        url=lambda w, s: f"/enterprise/entities/{own(w, s)}/disclosure/?kind=penalty",
        kind="page",
        allowed=ENTERPRISE,
        denied_status=404,
    ),
]


@pytest.mark.parametrize("case", grid_cases(ENDPOINTS), ids=lambda c: c.id)
def test_grid(world: World, case: GridCase) -> None:
    check_case(world, case)
