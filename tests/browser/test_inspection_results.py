"""An inspector records and signs a result on a phone-sized screen; the public result notice shows it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from shijian.accounts.selectors import actor_for_user
from shijian.core.roles import Role
from shijian.inspection import services
from shijian.inspection.domain.draw import commitment
from shijian.inspection.models import Plan
from shijian.inspection.results import services as results
from shijian.inspection.results.models import InspectionResult
from shijian.inspection.tests.helpers import certified_officer
from shijian.testing.registry import make_entity
from shijian.testing.world import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _drawn_plan(world: World) -> Plan:
    """A drawn plan whose every task has the world's officer and one colleague as inspectors."""
    today = timezone.localdate()
    for _ in range(3):
        make_entity(world)
    certified_officer(world, "colleague", expires=today + dt.timedelta(days=900))
    officer = world.actor(Role.OFFICER)
    services.item_create(
        actor=officer,
        code="BR-R-001",
        name="企业公示信息情况检查",
        department="信用监督管理科",
        legal_basis="《企业信息公示暂行条例》第十四条",
        kind="key",
        checklist=["年度报告公示情况", "即时信息公示情况"],
    )
    plan = services.plan_create(
        actor=officer,
        number="浏览器-2026-R01",
        title="企业公示信息双随机抽查（结果录入）",
        kind="special",
        year=today.year,
        lead=world.home_bureau,
        item_codes=["BR-R-001"],
        ratios={"A": "1", "B": "1", "C": "1", "D": "1", "U": "1"},
        window_start=today - dt.timedelta(days=10),
        window_end=today + dt.timedelta(days=30),
        max_count=1,
    )
    plan = services.plan_freeze(actor=officer, plan=plan, today=today - dt.timedelta(days=12))
    secrets = ["结果录入见证人甲", "results witness b"]
    for n, secret in enumerate(secrets, start=1):
        services.witness_commit(
            actor=officer, plan=plan, witness_name=f"见证人{n}", commitment_hex=commitment(secret)
        )
    services.draw_perform(actor=officer, plan=plan, secrets=secrets)
    return Plan.objects.get(pk=plan.pk)


def test_an_inspector_records_a_result_on_a_phone(
    page: Any, live_server: Any, world: World, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    plan = _drawn_plan(world)
    task = plan.tasks.order_by("order").first()
    assert task is not None
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/inspection/my-tasks/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/inspection/my-tasks/")
    page.click(f"text={task.entity.name}")
    page.wait_for_url(f"**/inspection/my-tasks/{task.pk}/")
    # The form fits the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.check("input[name=outcome-0][value=ok]")
    page.check("input[name=outcome-1][value=problem]")
    page.select_option("select[name=category]", "no_problem")
    page.click("button[value=save]")
    # A failed point needs a note, and "no problem" contradicts it: both are explained, nothing is stored.
    assert page.locator("#error").get_attribute("data-field") == "findings[1]"
    assert not InspectionResult.objects.filter(task=task).exists()
    page.fill("input[name=note-1]", "即时信息未按期公示")
    page.select_option("select[name=category]", "corrected")
    page.fill("textarea[name=summary]", "已责令企业改正。")
    page.click("button[value=save]")
    page.wait_for_selector("#sign-form")
    page.click("#sign-form button")
    page.wait_for_selector("#signatures li.signed")
    colleague = task.inspectors.exclude(officer__username="officer").get().officer
    result = InspectionResult.objects.get(task=task)
    results.result_sign(actor=actor_for_user(colleague), result=result, today=timezone.localdate())
    page.goto(f"{live_server.url}/inspection/plans/{plan.pk}/results/manage/")
    page.click("#publish-form button")
    page.wait_for_url(f"**/inspection/plans/{plan.pk}/results/manage/")
    result.refresh_from_db()
    page.goto(f"{live_server.url}/inspection/plans/{plan.pk}/results/")
    row = page.locator("#notice-results tbody tr").first.inner_text()
    assert task.entity.name in row and "发现问题已责令改正" in row and result.notice_number in row
    assert "即时信息未按期公示" not in page.content()  # findings stay internal
