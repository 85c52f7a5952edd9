"""The public portal: entity page, public API, change feed, credit report PDF, masking and windows."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from shijian.core.actor import system_actor
from shijian.registry import services
from shijian.registry.publication import FactKind, register_fact_kind
from shijian.testing.privacy import personal_data_found
from shijian.testing.registry import TODAY, make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
SYSTEM = system_actor("tests")

TEST_KIND = register_fact_kind(
    FactKind(
        kind="tests.penalty",
        label_zh="测试处罚",
        label_en="test penalty",
        section="penalties",
        window_rule_id="complaint.accept",
        masks={"phone": lambda v: v[:3] + "****" + v[-4:]},
        drop=frozenset({"id_number"}),
    )
)


def publish(entity, *, published_on: dt.date, title: str = "警告", **body: object):  # type: ignore[no-untyped-def]
    return services.public_fact_publish(
        actor=SYSTEM,
        entity=entity,
        kind="tests.penalty",
        title=title,
        body=body,
        source_department="洛阳市市场监督管理局",
        document_number="洛市监罚〔2026〕12号",
        decided_on=published_on,
        published_on=published_on,
    )


def test_entity_page_shows_registration_changes_and_provenance(world: World) -> None:
    entity = make_entity(world)
    today = timezone.localdate()
    publish(
        entity, published_on=today, phone="13912345678", id_number="11010519491231002X", reason="虚假宣传"
    )
    page = Client().get(f"/entities/{entity.uscc}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert entity.name in html and "张伟" in html and "设立登记" in html
    assert "洛市监罚〔2026〕12号" in html and "洛阳市市场监督管理局" in html
    assert personal_data_found(html) == []
    assert entity.responsible_person.id_number not in html
    assert entity.supervisor_path not in html
    assert Client().get("/entities/914403001922038216/").status_code == 404


def test_fact_window_and_withdrawal_hide_facts(world: World) -> None:
    entity = make_entity(world)
    today = timezone.localdate()
    # complaint.accept is 7 working days: a fact published 60 days ago has left public view.
    old = publish(entity, published_on=today - dt.timedelta(days=60), title="旧处罚")
    assert old.public_until is not None and old.public_until < today
    current = publish(entity, published_on=today, title="新处罚")
    api = Client().get(f"/api/v1/public/entities/{entity.uscc}").json()
    assert [f["title"] for f in api["facts"]] == ["新处罚"]
    services.public_fact_withdraw(actor=SYSTEM, fact=current, on=today, reason="信用修复")
    api = Client().get(f"/api/v1/public/entities/{entity.uscc}").json()
    assert api["facts"] == []


def test_public_api_masks_and_hides_internal_fields(world: World) -> None:
    entity = make_entity(world)
    publish(entity, published_on=timezone.localdate(), phone="13912345678", id_number="11010519491231002X")
    response = Client().get(f"/api/v1/public/entities/{entity.uscc.lower()}")
    assert response.status_code == 200
    body = response.json()
    assert body["basic"]["uscc"] == entity.uscc
    fact = body["facts"][0]
    assert fact["body"] == {"phone": "139****5678"}
    text = response.content.decode()
    assert personal_data_found(text) == []
    for internal in ("supervisor_path", "uscc_flagged", entity.supervisor_path, "id_number"):
        assert internal not in text


def test_change_feed_is_ordered_and_resumable(world: World) -> None:
    first = make_entity(world)
    second = make_entity(world)
    services.entity_change(
        actor=SYSTEM, entity=first, changes={"address": "新地址9号"}, changed_on=TODAY, today=TODAY
    )
    client = Client()
    page1 = client.get("/api/v1/public/changes", {"after": 0, "limit": 2}).json()
    assert [(e["uscc"], e["event"]) for e in page1["entries"]] == [
        (first.uscc, "registered"),
        (second.uscc, "registered"),
    ]
    page2 = client.get("/api/v1/public/changes", {"after": page1["next_cursor"]}).json()
    assert [(e["uscc"], e["event"]) for e in page2["entries"]] == [(first.uscc, "changed")]
    assert page2["entries"][0]["payload"]["items"][0]["after"] == "新地址9号"
    end = client.get("/api/v1/public/changes", {"after": page2["next_cursor"]}).json()
    assert end == {"entries": [], "next_cursor": page2["next_cursor"]}


def test_credit_report_pdf_has_chinese_text(world: World) -> None:
    entity = make_entity(world, name="洛阳市牡丹文化传播有限公司")
    response = Client().get(f"/entities/{entity.uscc}/report.pdf")
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[index, union-attr]
    }
    assert any("CJK" in name for name in fonts), fonts
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "企业信用报告" in text and "洛阳市牡丹文化传播有限公司" in text and entity.uscc in text
    assert personal_data_found(text) == []


def test_numbers_inside_addresses_are_masked_everywhere_public(world: World) -> None:
    """Some registers keep a contact mobile inside the address: the portal never shows it."""
    entity = make_entity(world, address="河南省洛阳市涧西区建设路9号（联系13912345678）")
    services.entity_change(
        actor=system_actor("tests"),
        entity=entity,
        changes={"address": "河南省洛阳市涧西区南昌路2号 电话13700001111"},
        changed_on=TODAY,
        today=TODAY,
    )
    client = Client()
    page = client.get(f"/entities/{entity.uscc}/").content.decode()
    answer = client.get(f"/api/v1/public/entities/{entity.uscc}").content.decode()
    feed = client.get("/api/v1/public/changes?after=0").content.decode()
    for text in (page, answer, feed):
        assert "13912345678" not in text and "13700001111" not in text
        assert "137****1111" in text
    assert "139****5678" in page  # the earlier address, in the change history
