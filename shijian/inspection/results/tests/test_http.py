"""Results through HTTP: the inspector's mobile pages, the staff API, the public notices, privacy."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from shijian.accounts import services as accounts
from shijian.accounts.models import User
from shijian.accounts.services import api_token_create
from shijian.core.actor import system_actor
from shijian.core.roles import Role
from shijian.inspection.models import Plan, Task
from shijian.inspection.results import services as results
from shijian.inspection.results.models import InspectionResult, ResultStatus
from shijian.inspection.results.tests.helpers import INSPECTED, all_ok, drawn, inspector, signed
from shijian.inspection.tests.helpers import officer
from shijian.testing.world import World

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 80


def _inspectors(task: Task) -> list[User]:
    return [
        row.officer
        for row in task.inspectors.filter(withdrawn_at__isnull=True)
        .select_related("officer")
        .order_by("position")
    ]


def _bearer(user: User) -> dict[str, str]:
    _token, secret = api_token_create(actor=system_actor("tests"), user=user, name="t")
    return {"Authorization": f"Bearer {secret}"}


def _page_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(task: Task, *, category: str = "no_problem") -> dict[str, str]:
    data = {"action": "save", "category": category, "inspected_on": INSPECTED.isoformat(), "summary": ""}
    for n, _finding in enumerate(all_ok(task)):
        data[f"outcome-{n}"] = "ok"
        data[f"note-{n}"] = ""
    return data


def test_inspectors_record_document_and_sign_on_the_mobile_page(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    plan = drawn(world)
    task = plan.tasks.order_by("order")[0]
    first, second = _inspectors(task)
    page = _page_client(first)
    listing = page.get("/inspection/my-tasks/")
    assert listing.status_code == 200 and task.entity.name in listing.content.decode()
    url = f"/inspection/my-tasks/{task.pk}/"
    form = page.get(url).content.decode()
    assert 'name="outcome-0"' in form and "width=device-width" in form
    bad = _form(task)
    bad["outcome-0"] = "problem"  # a failed point without a note
    refused = page.post(url, bad)
    assert refused.status_code == 422 and 'data-field="findings[0]"' in refused.content.decode()
    assert not InspectionResult.objects.filter(task=task).exists()
    assert page.post(url, _form(task)).status_code == 302
    uploaded = page.post(url, {"action": "evidence", "kind": "photo", "file": _upload("门头.png", PNG)})
    assert uploaded.status_code == 302
    assert page.post(url, {"action": "sign"}).status_code == 302
    assert _page_client(second).post(url, {"action": "sign"}).status_code == 302
    result = InspectionResult.objects.get(task=task)
    assert result.status == ResultStatus.COMPLETED and result.evidence.count() == 1
    done = page.get(url).content.decode()
    assert 'id="result-form"' not in done and 'id="sign-form"' not in done


def _upload(name: str, content: bytes):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="image/png")


def test_other_officers_get_404_and_colleagues_403(world: World) -> None:
    plan = drawn(world)
    task = plan.tasks.order_by("order")[0]
    colleague = inspector(world, "colleague")  # same section, not on the task: reads, may not record
    # Another county's officer (never in this plan's pool, so never one of the task's inspectors).
    elsewhere = accounts.user_create(
        actor=system_actor("tests"),
        username="elsewhere",
        password=None,
        display_name="外县检查员",
        org_unit=world.other_bureau,
        roles=[Role.OFFICER],
    )
    url = f"/api/v1/inspection/tasks/{task.pk}/result"
    body = {"category": "no_problem", "inspected_on": INSPECTED.isoformat(), "findings": all_ok(task)}
    put = Client().put(url, json.dumps(body), content_type="application/json", headers=_bearer(colleague))
    assert put.status_code == 403
    outsider = Client().put(
        url, json.dumps(body), content_type="application/json", headers=_bearer(elsewhere)
    )
    assert outsider.status_code == 404
    assert _page_client(elsewhere).get(f"/inspection/my-tasks/{task.pk}/").status_code == 404
    assert not InspectionResult.objects.filter(task=task).exists()


def test_the_api_records_signs_publishes_and_serves_evidence(world: World) -> None:
    plan = drawn(world)
    task = plan.tasks.order_by("order")[0]
    first, second = _inspectors(task)
    client = Client()
    base = f"/api/v1/inspection/tasks/{task.pk}/result"
    categories = client.get("/api/v1/inspection/result-categories", headers=_bearer(first)).json()
    assert "unreachable" in {c["code"] for c in categories} and len(categories) >= 9
    mine = client.get("/api/v1/inspection/my-tasks", headers=_bearer(first)).json()
    assert task.pk in {t["id"] for t in mine}
    assert next(t for t in mine if t["id"] == task.pk)["checklist"] == [
        {"item": f["item"], "point": f["point"]} for f in all_ok(task)
    ]
    body = {"category": "no_problem", "inspected_on": "2026-04-31", "findings": all_ok(task)}
    assert (
        client.put(
            base, json.dumps(body), content_type="application/json", headers=_bearer(first)
        ).status_code
        == 422
    )
    body["inspected_on"] = INSPECTED.isoformat()
    saved = client.put(base, json.dumps(body), content_type="application/json", headers=_bearer(first))
    assert saved.status_code == 200 and saved.json()["status"] == "draft"
    evidence = client.post(
        f"{base}/evidence", {"kind": "photo", "file": _upload("a.png", PNG)}, headers=_bearer(first)
    )
    assert evidence.status_code == 201
    fetched = client.get(f"/api/v1/inspection/evidence/{evidence.json()['id']}", headers=_bearer(second))
    assert fetched.status_code == 200 and b"".join(fetched.streaming_content) == PNG
    assert client.get(f"/api/v1/inspection/evidence/{evidence.json()['id']}").status_code == 401
    client.post(f"{base}/sign", headers=_bearer(first))
    done = client.post(f"{base}/sign", headers=_bearer(second)).json()
    assert done["status"] == "completed" and len(done["signatures"]) == 2 and done["publish_due"]
    planner = world.users[Role.OFFICER]
    published = client.post(f"{base}/publish", headers=_bearer(planner))
    assert published.status_code == 200 and published.json()["notice_number"]
    listing = client.get(f"/api/v1/inspection/plans/{plan.pk}/results", headers=_bearer(planner)).json()
    assert [r["status"] for r in listing].count("published") == 1 and len(listing) == plan.tasks.count()


def test_public_notices_and_portal_show_results_without_private_data(world: World) -> None:
    plan: Plan = drawn(world)
    tasks = list(plan.tasks.order_by("order"))
    result = signed(tasks[0], category="pending")
    signed(tasks[1])  # completed but not yet published: not on the result notice
    results.result_publish(actor=officer(world), result=result, today=dt.date(2026, 4, 10))
    result.refresh_from_db()
    anonymous = Client()
    notice = anonymous.get(f"/inspection/plans/{plan.pk}/results/").content.decode()
    assert (
        result.notice_number in notice and tasks[0].entity.name in notice and "发现问题待后续处理" in notice
    )
    assert tasks[1].entity.name not in notice
    assert "现场检查发现的情况说明" not in notice  # findings and summary stay internal
    tasks_page = anonymous.get(f"/inspection/plans/{plan.pk}/tasks/").content.decode()
    for task in tasks:
        assert task.entity.uscc in tasks_page
    for user in _inspectors(tasks[0]):
        assert str(user) in tasks_page
    for text in (notice, tasks_page):
        assert "13800001234" not in text and "风险" not in text
        for stratum in (">A<", ">B<", ">C<", ">D<"):
            assert stratum not in text
    portal = anonymous.get(f"/entities/{tasks[0].entity.uscc}/").content.decode()
    assert result.notice_number in portal
    assert anonymous.get(f"/inspection/my-tasks/{tasks[0].pk}/").status_code == 302  # sign-in first
    assert anonymous.get(f"/inspection/plans/{plan.pk}/results/manage/").status_code == 302


def test_staff_publish_every_signed_result_from_the_plan_page(world: World) -> None:
    plan = drawn(world)
    tasks = list(plan.tasks.order_by("order"))
    signed(tasks[0])
    signed(tasks[1])
    page = _page_client(world.users[Role.OFFICER])
    url = f"/inspection/plans/{plan.pk}/results/manage/"
    assert "公示已签字的 2 条结果" in page.get(url).content.decode()
    assert page.post(url).status_code == 302
    assert InspectionResult.objects.filter(task__plan=plan, status=ResultStatus.PUBLISHED).count() == 2
    outsider = User.objects.get(pk=world.users[Role.SECTION_CHIEF].pk)
    outsider.org_unit = world.other_bureau
    outsider.save()
    assert _page_client(outsider).get(url).status_code == 404


def test_the_notices_switch_to_english(world: World) -> None:
    plan = drawn(world)
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/inspection/plans/{plan.pk}/tasks/").content.decode()
    assert "Task notice" in page and "Inspectors (certificate no.)" in page and "抽查任务公告" not in page
    results_page = client.get(f"/inspection/plans/{plan.pk}/results/").content.decode()
    assert "Result notice" in results_page and "No results published yet" in results_page
