"""The cases API: the permission grid, the lead list's content, scoping and filters."""

from __future__ import annotations

import pytest

from shijian.cases.models import CaseLead, LeadStatus
from shijian.core.roles import Role
from shijian.testing.grid import STAFF, GridCase, GridEndpoint, check_case, client_for, grid_cases
from shijian.testing.world import World

from .helpers import lead

pytestmark = pytest.mark.django_db
URL = "/api/v1/cases/leads"
ENDPOINTS = [GridEndpoint(name="leads", method="GET", url=lambda w, s: URL, scoped=False, allowed=STAFF)]


@pytest.mark.parametrize("case", grid_cases(ENDPOINTS), ids=lambda c: c.id)
def test_api_grid(world: World, case: GridCase) -> None:
    check_case(world, case)


def test_leads_of_my_jurisdiction(world: World) -> None:
    mine = lead(world)
    lead(world, "out")
    client, headers = client_for(world, Role.OFFICER.value, "api")
    answer = client.get(URL, headers=headers)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert [x["id"] for x in body] == [mine.pk]  # the other county's lead is not there
    row = body[0]
    assert row["entity_id"] == mine.entity_id
    assert row["entity_name"] == mine.entity.name and row["uscc"] == mine.entity.uscc
    assert (row["source_type"], row["source_id"]) == ("inspection.result", mine.source_id)
    assert row["summary"] == mine.summary and row["found_on"] == mine.found_on.isoformat()
    assert row["status"] == "open" and row["status_label"] == "待核查 open"
    assert row["department"] == world.home_section.name
    admin, admin_headers = client_for(world, Role.SYSTEM_ADMIN.value, "api")
    assert len(admin.get(URL, headers=admin_headers).json()) == 2


def test_status_filter_and_paging(world: World) -> None:
    first, second = lead(world), lead(world)
    CaseLead.objects.filter(pk=first.pk).update(status=LeadStatus.ACCEPTED)
    client, headers = client_for(world, Role.LEGAL_REVIEWER.value, "api")
    accepted = client.get(f"{URL}?status=accepted", headers=headers).json()
    assert [x["id"] for x in accepted] == [first.pk]
    assert [x["id"] for x in client.get(f"{URL}?limit=1", headers=headers).json()] == [second.pk]
    assert [x["id"] for x in client.get(f"{URL}?offset=1", headers=headers).json()] == [first.pk]
    bad = client.get(f"{URL}?status=closed", headers=headers)
    assert bad.status_code == 422 and bad.json()["field"] == "status"
