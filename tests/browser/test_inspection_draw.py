"""A citizen opens a published draw and verifies it on the public page (then sees a tampered one fail)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from shijian.core.roles import Role
from shijian.inspection import services
from shijian.inspection.domain.draw import commitment
from shijian.inspection.models import Plan
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = dt.date(2026, 11, 2)


def _drawn_plan(world: World) -> Plan:
    for _ in range(12):
        make_entity(world)
    officer = world.actor(Role.OFFICER)
    services.item_create(
        actor=officer,
        code="BR-001",
        name="企业公示信息情况检查",
        department="信用监督管理科",
        legal_basis="《企业信息公示暂行条例》",
        kind="key",
        checklist=["年度报告公示情况", "即时信息公示情况"],
    )
    plan = services.plan_create(
        actor=officer,
        number="浏览器-2026-001",
        title="企业公示信息双随机抽查",
        kind="special",
        year=TODAY.year,
        lead=world.home_bureau,
        item_codes=["BR-001"],
        ratios={"A": "0.5", "B": "0.5", "C": "0.5", "D": "0.5", "U": "0.5"},
        window_start=TODAY,
        window_end=TODAY + dt.timedelta(days=30),
    )
    plan = services.plan_freeze(actor=officer, plan=plan, today=TODAY)
    secrets = ["浏览器见证人甲", "browser witness b"]
    for n, secret in enumerate(secrets, start=1):
        services.witness_commit(
            actor=officer, plan=plan, witness_name=f"见证人{n}", commitment_hex=commitment(secret)
        )
    services.draw_perform(actor=officer, plan=plan, secrets=secrets)
    return Plan.objects.get(pk=plan.pk)


def test_a_citizen_verifies_a_published_draw(
    page: Any, live_server: Any, world: World, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    plan = _drawn_plan(world)
    page.goto(f"{live_server.url}/inspection/plans/{plan.pk}/draw/")
    assert plan.title in page.locator("h1").inner_text()
    page.click("text=验证本次抽取")
    page.wait_for_url(f"**/inspection/plans/{plan.pk}/verify/**")
    page.click("button[name=run]")
    page.wait_for_url("**run=1**")
    assert "验证通过" in page.locator("#verify-result").inner_text()

    # Someone changes a published snapshot file: the same button now says what differs.
    stratum = plan.strata.exclude(size=0).order_by("stratum_id").first()
    assert stratum is not None
    path = services.snapshot_path(plan, stratum.stratum_id)
    data = default_storage.open(path).read()
    default_storage.delete(path)
    default_storage.save(path, ContentFile(data[: len(data) // 2]))
    page.goto(f"{live_server.url}/inspection/plans/{plan.pk}/verify/?run=1")
    assert "验证未通过" in page.locator("#verify-result").inner_text()
    differences = page.locator("#verify-differences").inner_text()
    assert f"strata[{stratum.stratum_id}].snapshot_sha256" in differences
