"""Statistics of random inspections: the arithmetic, per plan and per year, the staff page and API.

Every expected figure is counted here from the data the test sets up (or
straight from the rows), not taken from the code under test.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from shijian.core.actor import system_actor
from shijian.core.errors import NotFound, PermissionDenied
from shijian.core.roles import Role
from shijian.inspection import services
from shijian.inspection.models import Plan, Stratum, Task
from shijian.inspection.results import services as results
from shijian.inspection.results.models import InspectionResult, ResultStatus
from shijian.inspection.results.statistics import plan_statistics, year_statistics
from shijian.inspection.results.stats_domain import (
    GENERAL_RATIO_TARGETS,
    STRATA,
    PlanFacts,
    ResultCount,
    StratumCount,
    plan_figures,
    problems_by_class,
    publication_figures,
    rate,
    ratio_target,
    target_check,
    year_figures,
)
from shijian.inspection.results.tests.helpers import TODAY, all_ok, drawn, record, signed
from shijian.inspection.tests.helpers import SECRETS, committed, entities, item, officer, plan
from shijian.testing.grid import GridCase, GridEndpoint, check_case, client_for, grid_cases
from shijian.testing.registry import make_entity
from shijian.testing.world import World

SYSTEM = system_actor("tests")
PAGE = "/inspection/statistics/"
API = "/api/v1/inspection"
#: Text that only the internal class breakdown carries.
BREAKDOWN_MARKERS = ("problems-by-class", "问题发现率", "Problem-found rate", "problem_found_rate")


# --- the arithmetic (no database) ---------------------------------------------------------------


def test_a_rate_keeps_its_parts_and_has_no_value_without_a_denominator() -> None:
    assert rate(0, 0).value is None and rate(0, 0).percent is None
    assert rate(0, 0).display == "— (0/0)"
    third = rate(1, 3)
    assert (third.numerator, third.denominator) == (1, 3)
    assert third.value == Decimal(1) / Decimal(3)
    assert third.percent == Decimal("33.33") and rate(2, 3).percent == Decimal("66.67")
    assert rate(1, 8).percent == Decimal("12.50")  # half-up at the display only
    assert rate(3, 60).display == "5.00% (3/60)"
    with pytest.raises(ValueError):
        rate(-1, 3)


def test_the_general_item_target_comes_from_the_table() -> None:
    assert {t.source for t in GENERAL_RATIO_TARGETS} == {"kpis.md #10 / 洛阳市"}
    assert ratio_target(2019) is None
    for year, wanted in ((2020, "0.03"), (2024, "0.03"), (2025, "0.05"), (2030, "0.05")):
        target = ratio_target(year)
        assert target is not None and target.value == Decimal(wanted), year
    assert ratio_target(2025) is not None and ratio_target(2025).percent == "5"  # type: ignore[union-attr]


def test_the_target_is_judged_exactly() -> None:
    five = ratio_target(2025)
    assert target_check(rate(3, 60), five).met is True  # exactly 5%
    assert target_check(rate(2, 60), five).met is False  # 3.33%
    assert target_check(rate(301, 10_000), ratio_target(2022)).met is True  # 3.01% >= 3%
    assert target_check(rate(299, 10_000), ratio_target(2022)).met is False
    assert target_check(rate(0, 0), five).met is None  # no general-item plan: no figure
    assert target_check(rate(5, 10), None).met is None  # no target that year


def test_publication_and_problems_from_rows() -> None:
    rows = [
        ResultCount("A", "published", False, 4, on_time=3),
        ResultCount("C", "published", True, 2, on_time=2),
        ResultCount("C", "completed", True, 3, overdue=1),
        ResultCount("D", "completed", False, 1, overdue=0),
        ResultCount("D", "draft", True, 5),  # drafts count nowhere
        ResultCount("X", "published", True, 1, on_time=0),  # an id outside A..U is kept, after U
    ]
    p = publication_figures(rows)
    assert (p.owed, p.published, p.on_time, p.late, p.overdue_unpublished, p.awaiting) == (11, 7, 5, 2, 1, 3)
    assert (p.on_time_rate.numerator, p.on_time_rate.denominator) == (5, 8)
    per_class, total = problems_by_class(rows)
    assert [c.stratum_id for c in per_class] == [*STRATA, "X"]
    got = {c.stratum_id: (c.problems, c.results) for c in per_class}
    assert got == {"A": (0, 4), "B": (0, 0), "C": (5, 5), "D": (0, 1), "U": (0, 0), "X": (1, 1)}
    assert next(c for c in per_class if c.stratum_id == "B").rate.value is None
    assert (total.problems, total.results) == (6, 11)


def _facts(plan_id: int, *, drawn: bool, general: bool, strata: dict[str, tuple[int, int]]) -> PlanFacts:
    return PlanFacts(
        plan_id=plan_id,
        number=f"P{plan_id}",
        title="t",
        year=2026,
        status="drawn" if drawn else "frozen",
        drawn=drawn,
        has_general_item=general,
        strata=tuple(StratumCount(s, size, n) for s, (size, n) in strata.items()),
        results=(ResultCount("A", "published", False, 1, on_time=1),) if drawn else (),
    )


def test_year_pools_sums_over_drawn_plans_and_the_general_ones() -> None:
    key = _facts(1, drawn=True, general=False, strata={"A": (100, 3), "D": (10, 6)})
    general = _facts(2, drawn=True, general=True, strata={"A": (200, 10), "C": (40, 2)})
    frozen = _facts(3, drawn=False, general=True, strata={"A": (500, 0)})
    year = year_figures(2026, [key, general, frozen])
    assert (year.plans_total, year.plans_drawn, year.general_plans) == (3, 2, 1)
    assert (year.directory_size, year.sampled) == (350, 21)
    assert (year.general.ratio.numerator, year.general.ratio.denominator) == (12, 240)
    assert year.general.met is True  # 5% >= 5%
    assert (year.completion.numerator, year.completion.denominator) == (2, 21)
    assert plan_figures(frozen).sampled_ratio is None and plan_figures(frozen).general_ratio is None
    assert plan_figures(key).general_ratio is None
    assert [s.stratum_id for s in plan_figures(key).strata] == ["A", "D"]


# --- the selectors ---------------------------------------------------------------------------------


@dataclass
class Setup:
    """Two drawn plans (key items; a general item), a frozen plan, a plan of the other county."""

    key: Plan
    general: Plan
    frozen: Plan
    outside: Plan
    tasks: list[Task]
    later: dt.date


def _setup(world: World) -> Setup:
    key = drawn(world, count=5)  # every entity selected (ratios 1)
    gen_item = item(world, code="GEN-STAT", kind="general")
    entities(world, 10)
    general = committed(
        world,
        plan(
            world,
            number="LY-2026-G01",
            item_codes=[gen_item.code],
            ratios=dict.fromkeys(STRATA, "0.05"),
            avoid_inspected_days=0,
        ),
    )
    services.draw_perform(actor=officer(world), plan=general, secrets=SECRETS)
    general.refresh_from_db()
    frozen = committed(world, plan(world, number="LY-2026-F01"))
    for _ in range(3):
        make_entity(world, scope="out")
    outside = services.plan_create(
        actor=SYSTEM,
        number="LC-2026-001",
        title="老城区计划",
        kind="annual",
        year=2026,
        lead=world.other_bureau,
        item_codes=[gen_item.code],
        ratios=dict.fromkeys(STRATA, "0.05"),
        window_start=dt.date(2026, 4, 1),
        window_end=dt.date(2026, 6, 30),
    )
    outside = services.plan_freeze(actor=SYSTEM, plan=outside, today=dt.date(2026, 3, 2))

    tasks = list(key.tasks.order_by("order"))
    planner = officer(world)
    on_time = signed(tasks[0])
    results.result_publish(actor=planner, result=on_time, today=TODAY)
    problem_findings = [{**f, "outcome": "problem", "note": "未亮照经营"} for f in all_ok(tasks[1])]
    late = signed(tasks[1], category="corrected", findings=problem_findings)
    assert late.publish_due is not None
    results.result_publish(actor=planner, result=late, today=late.publish_due + dt.timedelta(days=1))
    unpublished = signed(tasks[2], category="pending")
    record(tasks[3])  # a draft: not done
    assert unpublished.publish_due is not None
    return Setup(key, general, frozen, outside, tasks, unpublished.publish_due + dt.timedelta(days=1))


def _expected_classes(tasks: list[Task]) -> dict[str, tuple[int, int]]:
    """(problems, done results) per stratum, counted from the result rows themselves."""
    counts = {s: [0, 0] for s in STRATA}
    done = InspectionResult.objects.filter(
        task__in=tasks, status__in=[ResultStatus.COMPLETED, ResultStatus.PUBLISHED]
    ).select_related("task", "category")
    class_of = dict(Stratum.objects.values_list("stratum_id", "risk_class").filter(plan__tasks__in=tasks))
    for result in done:
        counts[class_of[result.task.stratum_id]][1] += 1
        counts[class_of[result.task.stratum_id]][0] += int(result.category.problem_found)
    return {s: (p, n) for s, (p, n) in counts.items()}


def test_plan_statistics_count_the_plan(world: World) -> None:
    s = _setup(world)
    stats = plan_statistics(actor=officer(world), plan_id=s.key.pk, today=s.later)
    assert stats.directory_size == sum(Stratum.objects.filter(plan=s.key).values_list("size", flat=True)) == 5
    assert stats.sampled == Task.objects.filter(plan=s.key).count() == 5
    assert stats.sampled_ratio is not None and (
        stats.sampled_ratio.numerator,
        stats.sampled_ratio.denominator,
    ) == (
        5,
        5,
    )
    assert stats.general_ratio is None  # key items only
    # completion: tasks 0..2 are signed (completed or published), 3 is a draft, 4 has nothing
    assert (stats.completion.numerator, stats.completion.denominator) == (3, 5)
    p = stats.publication
    assert (p.published, p.on_time, p.late, p.overdue_unpublished, p.awaiting) == (2, 1, 1, 1, 0)
    assert (p.on_time_rate.numerator, p.on_time_rate.denominator) == (1, 3)
    got = {c.stratum_id: (c.problems, c.results) for c in stats.problems_by_class}
    assert got == _expected_classes(s.tasks)
    assert (stats.problems_total.problems, stats.problems_total.results) == (2, 3)

    # before the last result's publication day passes it is awaiting, not overdue
    early = plan_statistics(actor=officer(world), plan_id=s.key.pk, today=TODAY).publication
    assert (early.overdue_unpublished, early.awaiting) == (0, 1)
    assert (early.on_time_rate.numerator, early.on_time_rate.denominator) == (1, 2)


def test_general_plan_ratio_per_stratum(world: World) -> None:
    s = _setup(world)
    stats = plan_statistics(actor=officer(world), plan_id=s.general.pk, today=s.later)
    sizes = dict(Stratum.objects.filter(plan=s.general).values_list("risk_class", "size"))
    # 5 + 10 entities of the home county, classes A, B, C, D, unclassified in turn: 3 a stratum
    assert sizes == dict.fromkeys(STRATA, 3)
    wanted = {sid: math.ceil(size * Decimal("0.05")) for sid, size in sizes.items()}  # 1 each
    assert {r.stratum_id: (r.directory_size, r.sampled) for r in stats.strata} == {
        sid: (sizes[sid], wanted[sid]) for sid in STRATA
    }
    assert stats.sampled == Task.objects.filter(plan=s.general).count() == sum(wanted.values())
    assert stats.general_ratio is not None
    assert (stats.general_ratio.numerator, stats.general_ratio.denominator) == (5, 15)
    assert stats.completion.value == 0 and stats.publication.on_time_rate.value is None


def test_a_plan_before_the_draw_has_a_directory_but_no_ratio(world: World) -> None:
    s = _setup(world)
    stats = plan_statistics(actor=officer(world), plan_id=s.frozen.pk, today=s.later)
    assert not stats.drawn and stats.sampled == 0 and stats.sampled_ratio is None
    assert stats.directory_size == sum(Stratum.objects.filter(plan=s.frozen).values_list("size", flat=True))
    assert stats.completion.value is None


def test_outside_the_jurisdiction_a_plan_is_not_there(world: World) -> None:
    s = _setup(world)
    for role in (Role.OFFICER, Role.SECTION_CHIEF, Role.BUREAU_HEAD, Role.LEGAL_REVIEWER):
        with pytest.raises(NotFound):
            plan_statistics(actor=world.actor(role), plan_id=s.outside.pk)
    with pytest.raises(NotFound):
        plan_statistics(actor=officer(world), plan_id=10**30)
    with pytest.raises(PermissionDenied):
        plan_statistics(actor=world.actor(Role.ENTERPRISE), plan_id=s.key.pk)
    with pytest.raises(PermissionDenied):
        year_statistics(actor=world.actor(Role.ENTERPRISE), year=2026)
    admin = plan_statistics(actor=world.actor(Role.SYSTEM_ADMIN), plan_id=s.outside.pk)
    assert admin.directory_size == 3 and not admin.drawn


def test_year_statistics_pool_the_jurisdictions_drawn_plans(
    world: World, django_assert_num_queries: Any
) -> None:
    s = _setup(world)
    actor = officer(world)
    with django_assert_num_queries(4):  # plans, strata, tasks, results - whatever the number of plans
        year = year_statistics(actor=actor, year=2026, today=s.later)
    assert {p.plan_id for p in year.plans} == {s.key.pk, s.general.pk, s.frozen.pk}  # not the other county's
    assert (year.plans_total, year.plans_drawn, year.general_plans) == (3, 2, 1)
    drawn_ids = [s.key.pk, s.general.pk]
    size = sum(Stratum.objects.filter(plan_id__in=drawn_ids).values_list("size", flat=True))
    assert (year.directory_size, year.sampled) == (size, Task.objects.filter(plan_id__in=drawn_ids).count())
    assert (year.directory_size, year.sampled) == (5 + 15, 5 + 5)
    assert (year.sampled_ratio.numerator, year.sampled_ratio.denominator) == (10, 20)
    assert (year.general.ratio.numerator, year.general.ratio.denominator) == (5, 15)
    assert year.general.target is not None and year.general.target.value == Decimal("0.05")
    assert year.general.met is True
    assert (year.completion.numerator, year.completion.denominator) == (3, 10)
    assert (year.publication.on_time_rate.numerator, year.publication.on_time_rate.denominator) == (1, 3)
    assert {c.stratum_id: (c.problems, c.results) for c in year.problems_by_class} == _expected_classes(
        s.tasks
    )

    everyone = year_statistics(actor=world.actor(Role.SYSTEM_ADMIN), year=2026, today=s.later)
    assert everyone.plans_total == 4 and everyone.plans_drawn == 2
    empty = year_statistics(actor=actor, year=2025)
    assert empty.plans_total == 0 and empty.sampled_ratio.value is None and empty.general.met is None


# --- the staff page and API ------------------------------------------------------------------------


def _figure(html: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}">(.*?)</td>', html, re.S)
    assert found is not None, name
    return re.sub(r"\s+", " ", found.group(1)).strip()


def test_the_staff_page(world: World) -> None:
    s = _setup(world)
    assert reverse("inspection_results:statistics") == PAGE
    client = Client()
    assert client.get(PAGE).status_code == 302  # anonymous: sign in first
    client.force_login(world.users[Role.ENTERPRISE])
    assert client.get(PAGE).status_code == 404
    client.force_login(world.users[Role.OFFICER])
    html = client.get(PAGE, {"year": "2026"}).content.decode()
    assert _figure(html, "directory_size") == "20" and _figure(html, "sampled") == "10"
    assert _figure(html, "sampled_ratio") == "50.00% (10/20)"
    assert _figure(html, "general_ratio").startswith("33.33% (5/15)")
    assert 'data-met="yes"' in html and "kpis.md #10 / 洛阳市" in html
    assert _figure(html, "completion") == "30.00% (3/10)"
    assert s.outside.number not in html and s.frozen.number in html
    assert 'id="problems-by-class"' in html and '<span lang="en">' in html

    page = client.get(PAGE, {"plan": str(s.key.pk)})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="plan-strata"' in html and _figure(html, "completion") == "60.00% (3/5)"
    for query in ({"plan": str(s.outside.pk)}, {"plan": "x"}, {"plan": str(10**30)}):
        assert client.get(PAGE, query).status_code == 404
    assert client.get(PAGE, {"year": "abc"}).status_code == 200  # falls back to this year


def test_the_api(world: World) -> None:
    s = _setup(world)
    client, headers = client_for(world, Role.OFFICER.value, "api")
    body = client.get(f"{API}/statistics", {"year": 2026}, headers=headers).json()
    assert (body["directory_size"], body["sampled"]) == (20, 10)
    assert body["sampled_ratio"] == {"numerator": 10, "denominator": 20, "value": 0.5, "percent": "50.00"}
    assert body["general"]["met"] is True and body["general"]["target"]["source"] == "kpis.md #10 / 洛阳市"
    assert body["general"]["target"]["value"] == "0.05"
    assert {p["number"] for p in body["plans"]} == {s.key.number, s.general.number, s.frozen.number}
    # today (the real date) lies after every publication deadline of April 2026
    assert body["publication"]["overdue_unpublished"] == 1
    one = client.get(f"{API}/plans/{s.key.pk}/statistics", headers=headers).json()
    assert one["completion"]["numerator"] == 3 and one["completion"]["denominator"] == 5
    classes = {c["stratum_id"]: (c["problems"], c["results"]) for c in one["problems_by_class"]}
    assert classes == _expected_classes(s.tasks)
    missing = client.get(f"{API}/plans/{s.outside.pk}/statistics", headers=headers)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert client.get(f"{API}/statistics", {"year": 1800}, headers=headers).status_code == 422
    assert Client().get(f"{API}/statistics").status_code == 401


def test_public_pages_never_show_the_class_breakdown(world: World) -> None:
    from shijian.inspection import urls as inspection_urls
    from shijian.inspection.results import urls as results_urls

    s = _setup(world)
    results.plan_results_publish(actor=officer(world), plan_id=s.key.pk, today=s.later)
    anonymous = Client()
    shown = 0
    for module, prefix in ((inspection_urls, "inspection"), (results_urls, "inspection_results")):
        for pattern in module.urlpatterns:
            assert isinstance(pattern, URLPattern)
            keys = set(pattern.pattern.converters)
            if keys - {"plan_id", "stratum_id"} or pattern.name == "statistics":
                continue
            for the_plan in (s.key, s.general):
                kwargs: dict[str, Any] = {"plan_id": the_plan.pk, "stratum_id": "A"}
                url = reverse(f"{prefix}:{pattern.name}", kwargs={k: kwargs[k] for k in keys})
                response = anonymous.get(url, {"run": "1"})
                assert response.status_code in (200, 302, 404), url
                text = response.content.decode("utf-8", "replace")
                for marker in BREAKDOWN_MARKERS:
                    assert marker not in text, (url, marker)
                shown += response.status_code == 200
    assert shown >= 8  # the public pages were really rendered
    assert anonymous.get(PAGE).status_code == 302


# --- the permission grid ---------------------------------------------------------------------------


def _draft(world: World, scope: str) -> Plan:
    code = f"STAT-{scope}-{Plan.objects.count()}"
    services.item_create(
        actor=SYSTEM, code=code, name="重点事项", department="科", legal_basis="依据", kind="key"
    )
    return services.plan_create(
        actor=SYSTEM,
        number=code,
        title="计划",
        kind="special",
        year=2026,
        lead=world.home_bureau if scope == "in" else world.other_bureau,
        item_codes=[code],
        window_start=dt.date(2026, 4, 1),
        window_end=dt.date(2026, 4, 30),
    )


def _page_url(world: World, scope: str) -> str:
    return f"{PAGE}?plan={_draft(world, scope).pk}"


ENDPOINTS = [
    GridEndpoint(name="year", method="GET", url=lambda w, s: f"{API}/statistics?year=2026", scoped=False),
    GridEndpoint(name="plan", method="GET", url=lambda w, s: f"{API}/plans/{_draft(w, s).pk}/statistics"),
    GridEndpoint(
        name="page-year", method="GET", url=lambda w, s: PAGE, kind="page", scoped=False, denied_status=404
    ),
    GridEndpoint(name="page-plan", method="GET", url=_page_url, kind="page", denied_status=404),
]


@pytest.mark.parametrize("case", grid_cases(ENDPOINTS), ids=lambda c: c.id)
def test_permission_grid(world: World, case: GridCase) -> None:
    check_case(world, case)
