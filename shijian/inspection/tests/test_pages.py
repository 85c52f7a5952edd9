"""Public pages: item list, plan notice, draw record, downloads and the 'verify this draw' page."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client

from shijian.credit.risk.models import EntityRiskClass
from shijian.inspection import services
from shijian.inspection.domain.draw import snapshot_sha256, verify_record
from shijian.inspection.models import Plan, Stratum
from shijian.inspection.tests.helpers import SECRETS, committed, entities, item, officer, plan
from shijian.testing.world import World

pytestmark = pytest.mark.django_db


def _drawn(world: World) -> Plan:
    entities(world, 10)
    the_plan = committed(world, plan(world))
    services.draw_perform(actor=officer(world), plan=the_plan, secrets=SECRETS)
    return the_plan


def _text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined,no-any-return]


def test_item_list_and_plan_list_are_public(world: World) -> None:
    item(world, code="GEN-9", kind="general")
    client = Client()
    page = client.get("/inspection/items/")
    assert page.status_code == 200 and "GEN-9" in _text(page) and "0.05" in _text(page)
    draft = plan(world)
    assert draft.number not in _text(client.get("/inspection/plans/"))
    assert client.get(f"/inspection/plans/{draft.pk}/").status_code == 404  # a draft is not public


def test_plan_notice_shows_strata_hashes_and_commitments(world: World) -> None:
    entities(world, 10)
    the_plan = committed(world, plan(world))
    page = _text(Client().get(f"/inspection/plans/{the_plan.pk}/"))
    for stratum in the_plan.strata.all():
        assert stratum.snapshot_sha256 in page
    for entry in the_plan.commitments.all():
        assert entry.commitment in page and entry.witness_name in page
    assert the_plan.number in _text(Client().get("/inspection/plans/"))


def test_draw_record_downloads_verify(world: World, tmp_path: Path) -> None:
    the_plan = _drawn(world)
    client = Client()
    page = client.get(f"/inspection/plans/{the_plan.pk}/draw/")
    assert page.status_code == 200 and the_plan.draw.seed in _text(page)
    record = client.get(f"/inspection/plans/{the_plan.pk}/draw.json").json()
    assert record == the_plan.draw.record
    snapshots = {}
    for stratum in the_plan.strata.all():
        answer = client.get(f"/inspection/plans/{the_plan.pk}/snapshots/{stratum.stratum_id}.txt")
        assert answer.status_code == 200 and answer["Content-Type"].startswith("text/plain")
        assert snapshot_sha256(answer.content) == stratum.snapshot_sha256
        snapshots[stratum.stratum_id] = answer.content
    assert verify_record(record, snapshots) == []
    # The offline command on the downloaded files agrees.
    (tmp_path / "draw.json").write_bytes(client.get(f"/inspection/plans/{the_plan.pk}/draw.json").content)
    for stratum_id, data in snapshots.items():
        (tmp_path / f"{stratum_id}.txt").write_bytes(data)
    out = io.StringIO()
    call_command(
        "inspection", "verify-draw", str(tmp_path / "draw.json"), "--snapshots", str(tmp_path), stdout=out
    )
    assert "verified" in out.getvalue()
    assert client.get(f"/inspection/plans/{the_plan.pk}/snapshots/Z.txt").status_code == 404
    check = _text(client.get(f"/inspection/plans/{the_plan.pk}/verify/?run=1"))
    assert 'id="verify-result"' in check and "验证通过" in check


def test_a_tampered_snapshot_is_reported_by_the_verify_page(world: World) -> None:
    the_plan = _drawn(world)
    stratum = Stratum.objects.get(plan=the_plan, risk_class="B")
    sid = stratum.stratum_id
    data = default_storage.open(stratum.snapshot.name, "rb").read()
    default_storage.delete(stratum.snapshot.name)
    default_storage.save(stratum.snapshot.name, ContentFile(data + b"91410305MA9XXXXXX0\n"))
    page = _text(Client().get(f"/inspection/plans/{the_plan.pk}/verify/?run=1"))
    assert "验证未通过" in page and f"strata[{sid}].snapshot_sha256" in page
    assert f"strata[{sid}].size" in page
    assert "验证通过：" not in page
    before = _text(Client().get(f"/inspection/plans/{the_plan.pk}/verify/"))
    assert 'id="verify-result"' not in before  # nothing runs until the button is pressed


def test_public_pages_show_no_risk_class_of_an_entity(world: World) -> None:
    the_plan = _drawn(world)
    classes = dict(EntityRiskClass.objects.values_list("entity__uscc", "risk_class"))
    client = Client()
    urls = [
        "/inspection/items/",
        "/inspection/plans/",
        f"/inspection/plans/{the_plan.pk}/",
        f"/inspection/plans/{the_plan.pk}/draw/",
        f"/inspection/plans/{the_plan.pk}/verify/?run=1",
    ]
    for url in urls:
        page = _text(client.get(url))
        assert "risk_class" not in page and "风险类别" not in page, url
        for row in re.findall(r"<tr>.*?</tr>", page, flags=re.S):
            for uscc, risk_class in classes.items():
                if uscc in row:  # a row naming an entity never carries its class
                    cells = re.findall(r"<td>(.*?)</td>", row, flags=re.S)
                    assert risk_class not in cells and f"{risk_class}类" not in row, (url, row)
