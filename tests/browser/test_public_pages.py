"""The main public pages in a real browser: home, sign-in, workbench, language switch, API docs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from shijian.testing.world import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SHIJIAN_SCREENSHOTS")


def shot(page: Any, name: str) -> None:
    """Save a screenshot when SHIJIAN_SCREENSHOTS names a folder (used for the README)."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_home_page_renders_with_styles(page: Any, live_server: Any) -> None:
    page.goto(live_server.url + "/")
    assert page.title().startswith("市监")
    assert page.locator("h1").first.inner_text() == "智慧市场监管平台"
    # The stylesheet loaded (CSP allows 'self'): the header has its brand border.
    border = page.eval_on_selector(".site-header", "e => getComputedStyle(e).borderBottomStyle")
    assert border == "solid"
    shot(page, "home")


def test_sign_in_reaches_the_workbench_and_signs_out(page: Any, live_server: Any, world: World) -> None:
    page.goto(live_server.url + "/workbench/")
    assert "/login/" in page.url
    page.fill("#id_username", "officer")
    page.fill("#id_password", "wrong-password")
    page.click("button.primary")
    assert page.locator(".error").inner_text() == "用户名或密码不正确。"
    page.fill("#id_username", "officer")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/workbench/")
    assert page.locator("h1").inner_text() == "我的期限"
    shot(page, "workbench")
    page.click("text=退出")
    page.wait_for_url(live_server.url + "/")
    assert page.locator("text=登录").count() >= 1


def test_language_switch_to_english_and_back(page: Any, live_server: Any) -> None:
    page.goto(live_server.url + "/")
    page.click("button[value=en]")
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text() == "Smart market supervision platform"
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("button[value=zh-hans]")
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text() == "智慧市场监管平台"


def test_api_docs_page_loads(page: Any, live_server: Any) -> None:
    response = page.goto(live_server.url + "/api/docs")
    assert response is not None and response.status == 200
    # Swagger UI is served from our own static files (no CDN) and renders the API title.
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "Shijian" in page.locator(".swagger-ui .info .title").inner_text()
    schema = page.request.get(live_server.url + "/api/openapi.json").json()
    assert schema["info"]["title"].startswith("Shijian")


def test_uscc_tool_checks_a_code(page: Any, live_server: Any) -> None:
    page.goto(live_server.url + "/")
    page.click("text=代码校验")
    page.fill("#id_code", "91350211M0000XUF46")
    page.click("button.primary")
    assert page.locator("#verdict").inner_text().startswith("无效")
    assert "第18位" in page.locator(".problems").first.inner_text()
    page.fill("#id_code", "９１４４０３００１９２２０３８２１６")  # full-width input is normalised
    page.click("button.primary")
    assert page.locator("#verdict").inner_text().startswith("有效")
    assert "广东省 深圳市" in page.locator(".result").inner_text()
    shot(page, "uscc-tool")


def test_deadline_tool_explains_a_deadline(page: Any, live_server: Any) -> None:
    page.goto(live_server.url + "/")
    page.click("text=期限计算")
    page.select_option("#id_rule", "complaint.accept")
    page.fill("#id_start", "2025-09-26")
    page.click("button.primary")
    # 7 working days from Fri 2025-09-26 across National Day (make-up days 09-28 and 10-11): Mon 10-13.
    assert page.locator("#due").inner_text() == "2025-10-13"
    explanation = page.locator("#explanation").inner_text()
    assert "调休上班日" in explanation and "法定节假日" in explanation
    shot(page, "deadline-tool")
