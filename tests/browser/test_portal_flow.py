"""The portal in a real browser: search by a name fragment, open the entity page, see its
timeline and download the PDF credit report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from shijian.core.actor import system_actor
from shijian.registry import services
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_open_entity_timeline_and_pdf(page: Any, live_server: Any, world: World) -> None:
    today = timezone.localdate()
    entity = make_entity(
        world, name="洛阳市牡丹花卉文化传播有限公司", established_on=dt.date(2019, 4, 9), today=today
    )
    make_entity(world, name="洛阳市轴承制造有限公司", today=today)
    services.entity_change(
        actor=system_actor("tests"),
        entity=entity,
        changes={"business_scope": "花卉种植；文化艺术交流活动"},
        changed_on=today,
        today=today,
    )
    services.public_fact_publish(
        actor=system_actor("tests"),
        entity=entity,
        kind="registry.lifecycle",
        title="营业执照换发",
        body={},
        source_department="洛阳市涧西区市场监督管理局",
        document_number="涧市监换字〔2026〕8号",
        decided_on=today,
        published_on=today,
    )

    page.goto(live_server.url + "/")
    page.click("text=企业查询")
    page.fill("#id_q", "牡丹花")  # a fragment from the middle of the name
    page.click("#search-form button.primary")
    results = page.locator("#results tbody tr")
    assert results.count() == 1
    page.click(f"text={entity.name}")
    page.wait_for_url(f"**/entities/{entity.uscc}/")
    assert page.locator("#entity-name").inner_text() == entity.name
    changes = page.locator("#changes").inner_text()
    assert "经营范围" in changes and "花卉种植" in changes
    timeline = page.locator("#timeline").inner_text()
    assert "营业执照换发" in timeline and "涧市监换字〔2026〕8号" in timeline

    with page.expect_download() as download_info:
        page.click("#report-link")
    download = download_info.value
    assert download.suggested_filename == f"credit-report-{entity.uscc}.pdf"
    path = download.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
