"""Deadlines through the site and the API: the calculator, my deadlines, clock pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from shijian.core.actor import system_actor
from shijian.core.clock.services import clock_start
from shijian.core.roles import Role
from shijian.testing.world import World

pytestmark = pytest.mark.django_db


def compute(**body: object) -> tuple[int, dict[str, object]]:
    response = Client().post("/api/v1/deadlines/compute", body, content_type="application/json")
    return response.status_code, response.json()


def test_compute_across_national_day_2025() -> None:
    # complaint.accept, 7 working days from Fri 2025-09-26, counted by hand:
    # 09-28 (Sun, make-up day) 1, 09-29 2, 09-30 3, [10-01..10-08 off], 10-09 4,
    # 10-10 5, 10-11 (Sat, make-up day) 6, 10-13 7.
    status, body = compute(rule="complaint.accept", start="2025-09-26")
    assert status == 200
    assert body["due"] == "2025-10-13"
    assert "2025-10-01" in str(body["explain_zh"]) and "调休" in str(body["explain_zh"])
    assert body["legal_basis"]


def test_compute_with_pause_and_extension() -> None:
    # report.verify 15 WD + 15 WD from Mon 2026-03-02 with 03-09..03-13 paused:
    # counted 03-03..03-06 (4), 03-16..03-20 (9), 03-23..03-27 (14), 03-30 (15) -> normal due 03-30;
    # +15 WD: 03-31, 04-01..04-03 (4), [04-04..04-06 Qingming], 04-07..04-10 (8),
    # 04-13..04-17 (13), 04-20, 04-21 (15) -> 04-21.
    status, body = compute(
        rule="report.verify", start="2026-03-02", pauses=["2026-03-09:2026-03-13"], extensions=1
    )
    assert status == 200, body
    assert body["normal_due"] == "2026-03-30"
    assert body["due"] == "2026-04-21"


@pytest.mark.without_test_calendar  # 2027 is missing, as in production before the notice
def test_compute_errors_are_clear() -> None:
    status, body = compute(rule="complaint.acept", start="2026-03-02")
    assert status in (400, 422)
    assert "complaint.accept" in str(body["message_en"])
    status, body = compute(rule="complaint.accept", start="2026-12-28")
    assert status == 503
    assert "2027" in str(body["message_zh"]) and "2027" in str(body["message_en"])
    status, body = compute(rule="complaint.accept", start="2026-03-02", pauses=["2026-03-10:2026-03-05"])
    assert status == 422
    status, body = compute(rule="complaint.accept", start="not-a-date")
    assert status == 422 and body["field"] == "start"


@pytest.mark.without_test_calendar  # 2027 is missing, as in production before the notice
def test_deadline_tool_page() -> None:
    client = Client()
    page = client.get("/tools/deadline/", {"rule": "complaint.accept", "start": "2025-09-26"})
    assert page.status_code == 200
    assert '<span id="due">2025-10-13</span>' in page.content.decode()
    bad = client.get("/tools/deadline/", {"rule": "complaint.accept", "start": "2026-12-28"})
    assert "2027" in bad.content.decode() and 'id="deadline-error"' in bad.content.decode()


def test_workbench_lists_my_deadlines_overdue_first(world: World) -> None:
    officer = world.users[Role.OFFICER]
    today = timezone.localdate()
    for subject, days_ago in (("recent", 1), ("old", 60)):
        clock_start(
            actor=system_actor("tests"),
            subject_type="tests.matter",
            subject_id=subject,
            rule_id="complaint.accept",
            start=today - dt.timedelta(days=days_ago),
            org_unit_path=world.home_section.path,
            assignee_user_id=officer.pk,
            today=today,
        )
    client = Client()
    client.force_login(officer)
    html = client.get("/workbench/").content.decode()
    assert html.index("tests.matter #old") < html.index("tests.matter #recent")
    assert 'class="overdue"' in html
    rows = client.get("/api/v1/deadlines").json()
    assert [r["subject_id"] for r in rows] == ["old", "recent"]
    assert rows[0]["overdue"] is True and rows[0]["working_days_left"] < 0
    # Another officer in the same unit does not see them: they are not assigned to him.
    other = Client()
    other.force_login(world.users[Role.LEGAL_REVIEWER])
    assert other.get("/api/v1/deadlines").json() == []
    # The section chief sees every open clock in the jurisdiction.
    chief = Client()
    chief.force_login(world.users[Role.SECTION_CHIEF])
    assert len(chief.get("/api/v1/deadlines").json()) == 2
