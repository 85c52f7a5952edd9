"""Search API, exports and page: permission grid, personal-data scan, paging, errors, matching."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from shijian.core.roles import Role
from shijian.registry.models import MarketEntity
from shijian.registry.search import selectors
from shijian.registry.search.api import _cell
from shijian.testing.grid import STAFF, GridCase, GridEndpoint, check_case, client_for, grid_cases
from shijian.testing.privacy import personal_data_found
from shijian.testing.registry import make_entity, next_person
from shijian.testing.world import World

pytestmark = pytest.mark.django_db


def entity(world: World, scope: str) -> MarketEntity:
    return make_entity(world, scope=scope, name=f"洛阳恒达机械{scope}有限公司")


def search_url(world: World, scope: str) -> str:
    return f"/api/v1/public/entities?q={entity(world, scope).name_search[:6]}"


ENDPOINTS = [
    GridEndpoint(name="api-search", method="GET", url=search_url, public=True, scoped=False),
    GridEndpoint(
        name="api-export-csv",
        method="GET",
        url=lambda w, s: f"/api/v1/public/entities/export.csv?q={entity(w, s).name_search}",
        public=True,
        scoped=False,
    ),
    GridEndpoint(
        name="api-export-xlsx",
        method="GET",
        url=lambda w, s: f"/api/v1/public/entities/export.xlsx?q={entity(w, s).name_search}",
        public=True,
        scoped=False,
    ),
    GridEndpoint(
        name="page-search",
        method="GET",
        url=lambda w, s: f"/entities/?q={entity(w, s).uscc}",
        kind="page",
        public=True,
        scoped=False,
    ),
    GridEndpoint(
        name="api-staff-search",
        method="GET",
        url=lambda w, s: f"/api/v1/registry/entities?q={entity(w, s).name_search}",
        allowed=STAFF,
        scoped=False,
    ),
    GridEndpoint(
        name="api-match",
        method="POST",
        url=lambda w, s: "/api/v1/registry/match",
        body=lambda w, s: {"name": entity(w, s).name},
        allowed=STAFF,
        scoped=False,
    ),
]


@pytest.mark.parametrize("case", grid_cases(ENDPOINTS), ids=lambda c: c.id)
def test_permission_grid(world: World, case: GridCase) -> None:
    check_case(world, case)


def staff_get(world: World, role: Role, path: str, **params: Any) -> Any:
    client, headers = client_for(world, role.value, "api")
    return client.get(path, params, headers=headers)


# --- public output: masking and the personal-data scan ------------------------------------------


@pytest.fixture
def exposed(world: World) -> MarketEntity:
    """An entity whose records hold personal data a careless output could leak."""
    return make_entity(
        world,
        name="洛阳牡丹文化传播有限公司",
        address="河南省洛阳市涧西区中州西路1号（联系电话13912345678）",
        responsible=next_person("李娜"),
    )


def public_outputs(client: Client, query: str) -> dict[str, str]:
    csv_response = client.get("/api/v1/public/entities/export.csv", {"q": query})
    xlsx_response = client.get("/api/v1/public/entities/export.xlsx", {"q": query})
    workbook = load_workbook(io.BytesIO(b"".join(xlsx_response.streaming_content)), read_only=True)
    xlsx_text = "\n".join(
        ",".join("" if v is None else str(v) for v in row)
        for row in workbook.active.iter_rows(values_only=True)
    )
    return {
        "api": json.dumps(client.get("/api/v1/public/entities", {"q": query}).json(), ensure_ascii=False),
        "csv": b"".join(csv_response.streaming_content).decode("utf-8-sig"),
        "xlsx": xlsx_text,
        "page": client.get("/entities/", {"q": query}).content.decode(),
    }


def test_public_output_has_no_personal_or_internal_data(exposed: MarketEntity) -> None:
    person = exposed.responsible_person
    for kind, text in public_outputs(Client(), "牡丹文化").items():
        assert exposed.name in text, kind
        assert personal_data_found(text) == [], kind
        assert person.id_number not in text, kind
        assert exposed.supervisor_path not in text, kind
        assert "139****5678" in text, kind  # the address is shown with the phone masked
    body = Client().get("/api/v1/public/entities", {"q": "牡丹文化"}).json()
    assert set(body["results"][0]) == {
        "uscc",
        "name",
        "entity_type",
        "entity_type_label",
        "status",
        "status_label",
        "established_on",
        "responsible_title",
        "responsible_person",
        "address",
        "division_code",
        "match",
        "url",
    }


# --- the public API ----------------------------------------------------------------------------------


def test_api_ranks_and_pages(world: World) -> None:
    substring = make_entity(world, name="洛阳市恒达商贸有限公司")
    prefix = make_entity(world, name="恒达商贸有限公司")
    more = [make_entity(world, name=f"洛阳{i}号恒达商贸有限公司") for i in range(3)]
    client = Client()
    first = client.get("/api/v1/public/entities", {"q": "恆達商貿", "limit": 2}).json()
    assert [(r["uscc"], r["match"]) for r in first["results"]] == [
        (prefix.uscc, "prefix"),
        (substring.uscc, "substring"),
    ]
    assert first["results"][0]["url"] == f"/entities/{prefix.uscc}/"
    assert first["indexed"] is True
    second = client.get(
        "/api/v1/public/entities", {"q": "恆達商貿", "limit": 2, "cursor": first["next_cursor"]}
    ).json()
    third = client.get(
        "/api/v1/public/entities", {"q": "恆達商貿", "limit": 2, "cursor": second["next_cursor"]}
    ).json()
    assert [r["uscc"] for r in second["results"] + third["results"]] == [e.uscc for e in more]
    assert third["next_cursor"] is None


def test_api_errors_use_the_error_schema(world: World) -> None:
    client = Client()
    bad_cursor = client.get("/api/v1/public/entities", {"q": "恒达", "cursor": "nonsense"})
    assert bad_cursor.status_code == 422
    assert bad_cursor.json()["code"] == "invalid" and bad_cursor.json()["field"] == "cursor"
    assert client.get("/api/v1/public/entities", {"type": "bank"}).status_code == 422
    assert client.get("/api/v1/public/entities", {"q": "字" * 61}).status_code == 422
    assert client.get("/api/v1/public/entities", {"division": "41"}).json()["field"] == "division"
    assert (
        client.get("/api/v1/public/entities/export.csv", {"cursor": "x", "q": "字" * 61}).status_code == 422
    )


def test_filters_through_the_api(world: World) -> None:
    home = make_entity(world, name="洛阳恒通机械有限公司")
    make_entity(world, scope="out", name="洛阳恒通贸易有限公司")
    body = (
        Client()
        .get("/api/v1/public/entities", {"q": "恒通", "division": "410305", "status": "active"})
        .json()
    )
    assert [r["uscc"] for r in body["results"]] == [home.uscc]


# --- exports --------------------------------------------------------------------------------------


def test_csv_export_is_bounded_streamed_and_excel_friendly(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = [make_entity(world, name=f"洛阳{i}号恒达商贸有限公司") for i in range(4)]
    monkeypatch.setattr(selectors, "EXPORT_MAX_ROWS", 3)
    monkeypatch.setattr(selectors, "EXPORT_BATCH", 2)
    response = Client().get("/api/v1/public/entities/export.csv", {"q": "恒达商贸"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:2] == ["统一社会信用代码", "名称"]
    assert [row[0] for row in rows[1:]] == [e.uscc for e in made[:3]]


def test_xlsx_export(world: World) -> None:
    made = make_entity(world, name="洛阳恒达商贸有限公司")
    response = Client().get("/api/v1/public/entities/export.xlsx", {"q": "恒达商贸"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "统一社会信用代码"
    assert rows[1][:2] == (made.uscc, made.name)


def test_cells_cannot_become_formulas() -> None:
    assert _cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert _cell("+1") == "'+1" and _cell("@x") == "'@x" and _cell("-2") == "'-2"
    assert _cell("洛阳恒达") == "洛阳恒达" and _cell(None) == ""


# --- officers -------------------------------------------------------------------------------------


def test_staff_search_by_address_is_scoped(world: World) -> None:
    inside = make_entity(world, address="河南省洛阳市涧西区景华路8号")
    make_entity(world, scope="out", address="河南省洛阳市老城区景华路8号")
    response = staff_get(world, Role.OFFICER, "/api/v1/registry/entities", q="景华路8号", by="address")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["id"], r["match"]) for r in results] == [(inside.pk, "other")]
    assert results[0]["supervisor_path"] == inside.supervisor_path


def test_match_api_returns_scores_and_reasons(world: World) -> None:
    target = make_entity(world, name="洛阳恒达机械有限责任公司")
    client, headers = client_for(world, Role.OFFICER.value, "api")
    response = client.post(
        "/api/v1/registry/match",
        {"name": "洛陽恆達機械有限公司", "uscc": target.uscc, "address": target.address},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200, response.content
    candidate = response.json()["candidates"][0]
    assert candidate["id"] == target.pk and candidate["score"] == 1.0
    assert [r["code"] for r in candidate["reasons"]] == [
        "code_equal",
        "name_equal",
        "address_equal",
        "division_same",
    ]
    empty = client.post("/api/v1/registry/match", {}, content_type="application/json", headers=headers)
    assert empty.status_code == 422 and empty.json()["code"] == "invalid"


# --- the page -------------------------------------------------------------------------------------


def test_page_lists_results_linking_to_entity_pages(world: World) -> None:
    first = make_entity(world, name="洛阳恒达商贸有限公司")
    second = make_entity(world, name="洛阳恒达机械有限公司")
    client = Client()
    html = client.get("/entities/", {"q": "恒達"}).content.decode()
    assert f'href="/entities/{first.uscc}/"' in html and f'href="/entities/{second.uscc}/"' in html
    assert 'id="simple-method"' not in html  # PostgreSQL: the indexed method
    assert 'name="by"' not in html  # the public does not search by person or address
    assert "/api/v1/public/entities/export.csv?q=" in html
    assert 'id="no-results"' in client.get("/entities/", {"q": "没有这个名字"}).content.decode()
    assert client.get("/entities/").status_code == 200


def test_page_pages_with_the_cursor(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    made = [make_entity(world, name=f"洛阳{i}号恒达商贸有限公司") for i in range(3)]
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    client = Client()
    html = client.get("/entities/", {"q": "恒达商贸"}).content.decode()
    assert made[0].uscc in html and made[1].uscc in html and made[2].uscc not in html
    next_href = html.split('id="next-page" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    html = client.get("/entities/" + next_href).content.decode()
    assert made[2].uscc in html and made[0].uscc not in html and 'id="next-page"' not in html


def test_page_says_when_the_demo_uses_the_simple_method(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "search_indexed", lambda: False)
    assert 'id="simple-method"' in Client().get("/entities/").content.decode()


def test_page_shows_input_errors(world: World) -> None:
    response = Client().get("/entities/", {"q": "恒达", "type": "bank"})
    assert response.status_code == 400 and 'id="search-error"' in response.content.decode()
    assert Client().get("/entities/", {"q": "恒达", "cursor": "x"}).status_code == 400


def test_officers_search_their_jurisdiction_by_person_on_the_page(world: World) -> None:
    inside = make_entity(world, responsible=next_person("欧阳娜娜"))
    outside = make_entity(world, scope="out", responsible=next_person("欧阳娜娜"))
    client = Client()
    client.force_login(world.users[Role.OFFICER])
    html = client.get("/entities/", {"q": "欧阳娜娜", "by": "person"}).content.decode()
    assert 'name="by"' in html
    assert inside.uscc in html and outside.uscc not in html
    assert f'href="/registry/entities/{inside.pk}/"' in html
    # The public cannot switch the page to a person search: the query is taken as a name.
    public_html = Client().get("/entities/", {"q": "欧阳娜娜", "by": "person"}).content.decode()
    assert inside.uscc not in public_html
