"""Inspector assignment: the pure rule, eligibility (certificates, conflicts, pool), the cap, 回避."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from shijian.accounts.models import EnforcementCertificate, User
from shijian.core.actor import system_actor
from shijian.core.audit.models import AuditRecord
from shijian.core.errors import Conflict, ValidationFailed
from shijian.core.roles import Role
from shijian.inspection import assignment, services
from shijian.inspection.domain.assign import (
    assign,
    assign_from_pool,
    ranked,
    replacement,
    verify_assignment,
)
from shijian.inspection.domain.draw import inspector_rank
from shijian.inspection.models import ConflictKind, InspectorProfile, Plan, Task, TaskInspector
from shijian.inspection.policies import PLANNERS
from shijian.inspection.tests.helpers import SECRETS, certified_officer, committed, entities, officer, plan
from shijian.inspection.tests.test_api import _plan as api_plan
from shijian.testing.grid import GridCase, GridEndpoint, check_case, client_for, grid_cases
from shijian.testing.registry import make_entity
from shijian.testing.world import World

SEED = "a" * 64
ALL = {"A": "1", "B": "1", "C": "1", "D": "1", "U": "1"}
SYSTEM = system_actor("tests")


# --- the pure rule (no database) ---------------------------------------------------------------


def test_ranking_is_by_rank_key_then_id() -> None:
    officers = [str(n) for n in range(1, 30)]
    order = ranked(SEED, "1", officers)
    keys = [inspector_rank(SEED, "1", o) for o in order]
    assert keys == sorted(keys) and sorted(order) == sorted(officers)
    assert ranked(SEED, "1", reversed(officers)) == order


def test_assign_is_deterministic_takes_the_best_and_respects_the_cap() -> None:
    tasks = [str(n) for n in range(1, 21)]
    officers = [str(n) for n in range(100, 110)]
    eligible = dict.fromkeys(tasks, officers)
    first = assign(seed=SEED, tasks=tasks, eligible=eligible, per_task=2, cap=4)
    assert first == assign(seed=SEED, tasks=tasks, eligible=eligible, per_task=2, cap=4)
    assert first != assign(seed="b" * 64, tasks=tasks, eligible=eligible, per_task=2, cap=4)
    assert all(len(a.inspectors) == 2 for a in first)  # 10 officers x 4 = 40 slots for 40 places
    assert max(Counter(o for a in first for o in a.inspectors).values()) <= 4
    assert first[0].inspectors == tuple(ranked(SEED, "1", officers)[:2])


def test_a_task_never_gets_fewer_than_required() -> None:
    eligible = {"1": ["7", "8"], "2": ["7", "9"], "3": ["8"]}
    result = assign(seed=SEED, tasks=["1", "2", "3"], eligible=eligible, per_task=2, cap=1)
    assert result[0].inspectors and sorted(result[0].inspectors) == ["7", "8"]
    assert result[1].inspectors == () and not result[1].assigned  # 7 is at the cap: nobody partial
    assert result[2].inspectors == ()
    with pytest.raises(ValueError):
        assign(seed=SEED, tasks=["1"], eligible=eligible, per_task=2, cap=0)


def _assign_by_hand(
    seed: str, tasks: list[str], eligible: dict[str, list[str]], per_task: int, cap: int, load: dict[str, int]
) -> list[tuple[str, tuple[str, ...]]]:
    """The documented rule done the plain way: rank every eligible officer, walk, skip those at the cap."""
    counts = dict(load)
    out = []
    for task in tasks:
        order = sorted(set(eligible.get(task, [])), key=lambda o: (inspector_rank(seed, task, o), o))
        chosen = [o for o in order if counts.get(o, 0) < cap][:per_task]
        if len(chosen) < per_task:
            out.append((task, ()))
            continue
        for o in chosen:
            counts[o] = counts.get(o, 0) + 1
        out.append((task, tuple(chosen)))
    return out


@st.composite
def _assignment_case(
    draw: st.DrawFn,
) -> tuple[list[str], list[str], dict[str, set[str]], int, int, dict[str, int]]:
    officers = draw(st.lists(st.integers(1, 40).map(str), max_size=12, unique=True))
    tasks = [str(n) for n in range(1, draw(st.integers(1, 25)) + 1)]
    excluded = {
        t: draw(st.sets(st.sampled_from(officers))) if officers else set()
        for t in tasks
        if draw(st.booleans())
    }
    load = {o: draw(st.integers(0, 3)) for o in officers if draw(st.booleans())}
    return officers, tasks, excluded, draw(st.integers(1, 3)), draw(st.integers(1, 4)), load


@settings(max_examples=300, deadline=None)
@given(case=_assignment_case(), seed=st.sampled_from([SEED, "b" * 64, "0123456789abcdef" * 4]))
def test_assign_and_assign_from_pool_follow_the_documented_rule(
    case: tuple[list[str], list[str], dict[str, set[str]], int, int, dict[str, int]], seed: str
) -> None:
    """Ranking only the eligible officers below the cap gives what walking the full ranking gives."""
    officers, tasks, excluded, per_task, cap, load = case
    eligible = {t: [o for o in officers if o not in excluded.get(t, set())] for t in tasks}
    expected = _assign_by_hand(seed, tasks, eligible, per_task, cap, load)
    result = assign(seed=seed, tasks=tasks, eligible=eligible, per_task=per_task, cap=cap, load=load)
    assert [(a.task, a.inspectors) for a in result] == expected
    pooled = assign_from_pool(
        seed=seed, tasks=tasks, pool=officers, excluded=excluded, per_task=per_task, cap=cap, load=load
    )
    assert pooled == result


def test_replacement_is_the_next_best_below_the_cap() -> None:
    order = ranked(SEED, "5", ["1", "2", "3", "4"])
    assert replacement(seed=SEED, task_id="5", eligible=order, excluded=order[:2], load={}, cap=1) == order[2]
    load = {order[2]: 1}
    assert (
        replacement(seed=SEED, task_id="5", eligible=order, excluded=order[:2], load=load, cap=1) == order[3]
    )
    assert replacement(seed=SEED, task_id="5", eligible=order, excluded=order, load={}, cap=1) is None


def test_verify_assignment_finds_a_changed_inspector() -> None:
    eligible = {"1": ["1", "2", "3"], "2": ["1", "2", "3"]}
    result = assign(seed=SEED, tasks=["1", "2"], eligible=eligible, per_task=2, cap=5)
    record = {
        "seed": SEED,
        "assignment": {
            "cap": 5,
            "per_task": 2,
            "tasks": [{"task": a.task, "inspectors": list(a.inspectors)} for a in result],
        },
    }
    assert verify_assignment(record, eligible) == []
    record["assignment"]["tasks"][1]["inspectors"] = list(reversed(result[1].inspectors))  # type: ignore[index]
    assert [d.where for d in verify_assignment(record, eligible)] == ["assignment.tasks[2]"]
    assert verify_assignment({"seed": SEED}, eligible)[0].where == "assignment"


# --- with the database -------------------------------------------------------------------------


def _drawn(world: World, the_plan: Plan) -> Plan:
    the_plan = committed(world, the_plan)
    services.draw_perform(actor=officer(world), plan=the_plan, secrets=SECRETS)
    the_plan.refresh_from_db()
    return the_plan


def _active(the_plan: Plan) -> dict[int, list[int]]:
    rows: dict[int, list[int]] = {t.order: [] for t in the_plan.tasks.all()}
    for row in TaskInspector.objects.filter(task__plan=the_plan, withdrawn_at__isnull=True).order_by(
        "position"
    ):
        rows[row.task.order].append(row.officer_id)
    return rows


@pytest.mark.django_db
def test_conflicts_expired_revoked_and_outsiders_are_never_assigned(world: World) -> None:
    made = entities(world, 6)
    valid = [certified_officer(world, f"v{n}") for n in range(4)]
    expired = certified_officer(world, "expired", expires=dt.date(2026, 3, 31))  # the window opens 04-01
    revoked = certified_officer(world, "revoked")
    EnforcementCertificate.objects.filter(user=revoked).update(revoked_on=dt.date(2026, 3, 15))
    outsider = certified_officer(world, "outsider", unit="other")
    away = certified_officer(world, "away")
    InspectorProfile.objects.create(
        user=away, unavailable_from=dt.date(2026, 3, 20), unavailable_until=dt.date(2026, 4, 10)
    )
    conflicted = valid[0]
    for entity in made:
        assignment.conflict_declare(
            actor=officer(world),
            officer=conflicted,
            entity=entity,
            kind=ConflictKind.RELATIVE,
            valid_from=dt.date(2026, 1, 1),
        )

    the_plan = _drawn(world, plan(world, ratios=ALL))

    active = _active(the_plan)
    assert len(active) == 6 and all(len(officers) >= 2 for officers in active.values())
    assigned = {o for officers in active.values() for o in officers}
    assert assigned.isdisjoint({conflicted.pk, expired.pk, revoked.pk, outsider.pk, away.pk})
    block = the_plan.draw.record["assignment"]
    assert block["cap"] == 20 and block["per_task"] == 2 and block["unassigned"] == []
    assert [row["uscc"] for row in block["tasks"]] == [
        t.entity.uscc for t in the_plan.tasks.select_related("entity").order_by("order")
    ]
    assert {int(r["task"]): [int(o) for o in r["inspectors"]] for r in block["tasks"]} == active
    eligible = assignment.eligibility(the_plan, list(the_plan.tasks.order_by("order")))
    assert verify_assignment(the_plan.draw.record, eligible) == []
    assert set(eligible["1"]) == {str(u.pk) for u in (world.users[Role.OFFICER], *valid[1:])}


@pytest.mark.django_db
def test_the_cap_holds_and_unassignable_tasks_are_recorded_for_manual_resolution(world: World) -> None:
    entities(world, 6)
    certified_officer(world, "c1")
    certified_officer(world, "c2")  # with the world's officer: 3 officers x cap 3 = 9 slots, 12 places
    the_plan = _drawn(world, plan(world, ratios=ALL, workload_cap=3))
    active = _active(the_plan)
    load = Counter(o for officers in active.values() for o in officers)
    assert max(load.values()) <= 3
    assert all(len(officers) in (0, 2) for officers in active.values())  # never fewer than required
    block = the_plan.draw.record["assignment"]
    assert block["unassigned"] == [str(o) for o, officers in sorted(active.items()) if not officers]
    assert block["unassigned"]  # 9 slots for 12 places (greedy in rank order: 2 or 3 tasks left over)
    assert (
        AuditRecord.objects.get(action="inspection.draw_performed").after["unassigned"] == block["unassigned"]
    )
    page = Client().get(f"/inspection/plans/{the_plan.pk}/draw/").content.decode()
    assert "待人工处理" in page and "ZF-c1" in page and "13800001234" not in page


@pytest.mark.django_db
def test_workload_cap_is_validated(world: World) -> None:
    with pytest.raises(ValidationFailed) as refused:
        plan(world, workload_cap=0)
    assert refused.value.field == "workload_cap"


@pytest.mark.django_db
def test_withdrawal_replaces_with_the_next_eligible_and_records_the_reason(world: World) -> None:
    entities(world, 1)
    others = [certified_officer(world, f"w{n}") for n in range(3)]
    the_plan = _drawn(world, plan(world, ratios=ALL))
    task = Task.objects.get(plan=the_plan)
    pool = [str(u.pk) for u in (world.users[Role.OFFICER], *others)]
    order = ranked(the_plan.draw.seed, "1", pool)
    assert _active(the_plan)[1] == [int(order[0]), int(order[1])]

    first = TaskInspector.objects.get(task=task, officer_id=int(order[0]))
    withdrawn = assignment.inspector_withdraw(
        actor=officer(world), task_inspector=first, reason="当事人称其为法定代表人之兄", requested_by="party"
    )
    assert withdrawn.withdrawn_at is not None and withdrawn.withdrawal_requested_by == "party"
    assert withdrawn.replaced_by is not None and withdrawn.replaced_by.officer_id == int(order[2])
    assert withdrawn.replaced_by.position == 3
    assert _active(the_plan)[1] == [int(order[1]), int(order[2])]
    audit = AuditRecord.objects.get(action="inspection.inspector_withdrawn")
    assert audit.reason == "当事人称其为法定代表人之兄" and audit.after["replaced_by_officer"] == int(
        order[2]
    )
    with pytest.raises(Conflict):
        assignment.inspector_withdraw(
            actor=officer(world), task_inspector=first, reason="again", requested_by="party"
        )
    with pytest.raises(ValidationFailed):
        assignment.inspector_withdraw(
            actor=officer(world), task_inspector=withdrawn.replaced_by, reason="", requested_by="party"
        )

    # A conflict declared after the draw removes the last candidate: the withdrawal is still
    # recorded, with nobody to replace, and the task needs manual resolution.
    assignment.conflict_declare(
        actor=officer(world),
        officer=User.objects.get(pk=int(order[3])),
        entity=task.entity,
        kind=ConflictKind.BUSINESS_INTEREST,
        valid_from=dt.date(2026, 1, 1),
    )
    second = TaskInspector.objects.get(task=task, officer_id=int(order[1]))
    second = assignment.inspector_withdraw(
        actor=officer(world), task_inspector=second, reason="自行回避", requested_by="officer"
    )
    assert second.replaced_by is None and _active(the_plan)[1] == [int(order[2])]


@pytest.mark.django_db
def test_an_entity_inspected_recently_by_an_officer_gets_other_officers(world: World) -> None:
    entities(world, 1)
    for n in range(4):
        certified_officer(world, f"r{n}")
    first = _drawn(world, plan(world, ratios=ALL))
    earlier = set(_active(first)[1])
    second = _drawn(world, plan(world, number="LY-2026-002", ratios=ALL))
    assert set(_active(second)[1]).isdisjoint(earlier) and len(_active(second)[1]) == 2
    third = _drawn(world, plan(world, number="LY-2026-003", ratios=ALL, avoid_inspected_days=0))
    assert len(_active(third)[1]) == 2


@pytest.mark.django_db
def test_conflict_and_withdrawal_through_the_api(world: World) -> None:
    made = entities(world, 1)
    others = [certified_officer(world, f"a{n}") for n in range(3)]
    the_plan = _drawn(world, plan(world, ratios=ALL))
    client, headers = client_for(world, Role.OFFICER.value, "api")
    base = "/api/v1/inspection"

    response = client.post(
        f"{base}/conflicts",
        {
            "officer_id": others[0].pk,
            "entity_uscc": made[0].uscc,
            "kind": "former_employment",
            "valid_from": "2026-01-01",
        },
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.json()
    listing = client.get(f"{base}/plans/{the_plan.pk}/assignments", headers=headers).json()
    assert len(listing) == 1 and not listing[0]["needs_resolution"]
    row = listing[0]["inspectors"][0]
    response = client.post(
        f"{base}/task-inspectors/{row['id']}/withdraw",
        {"reason": "机关决定回避", "requested_by": "bureau"},
        content_type="application/json",
        headers=headers,
    )
    body = response.json()
    assert response.status_code == 200 and body["withdrawn"] and body["withdrawal_requested_by"] == "bureau"
    replaced = TaskInspector.objects.get(pk=body["replaced_by_id"])
    assert replaced.officer_id != others[0].pk  # the conflict declared after the draw counts
    response = client.post(
        f"{base}/task-inspectors/{row['id']}/withdraw",
        {"reason": "x", "requested_by": "bureau"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 409
    other_client, other_headers = client_for(world, Role.ENTERPRISE.value, "api")
    denied = other_client.get(f"{base}/plans/{the_plan.pk}/assignments", headers=other_headers)
    assert denied.status_code in (401, 403, 404)


# --- the permission grid of the new endpoints ---------------------------------------------------


def _grid_plan(world: World, scope: str) -> Plan:
    the_plan = api_plan(world, scope, "committed")
    services.draw_perform(actor=SYSTEM, plan=the_plan, secrets=SECRETS)
    return the_plan


def _grid_row(world: World, scope: str) -> int:
    the_plan = _grid_plan(world, scope)
    task = the_plan.tasks.order_by("order").first()
    assert task is not None
    row = TaskInspector.objects.create(
        task=task,
        officer=world.users[Role.OFFICER],
        rank_key="0" * 64,
        position=9,
        assigned_at=timezone.now(),
    )
    return row.pk


def _conflict_body(world: World, scope: str) -> dict[str, object]:
    target = (
        world.users[Role.OFFICER] if scope == "in" else certified_officer(world, "grid-out", unit="other")
    )
    return {
        "officer_id": target.pk,
        "entity_uscc": make_entity(world, scope=scope).uscc,
        "kind": "other",
        "valid_from": "2026-01-01",
    }


GRID = [
    GridEndpoint(
        name="assignments",
        method="GET",
        url=lambda w, s: f"/api/v1/inspection/plans/{_grid_plan(w, s).pk}/assignments",
    ),
    GridEndpoint(
        name="conflict",
        method="POST",
        url=lambda w, s: "/api/v1/inspection/conflicts",
        body=_conflict_body,
        allowed=frozenset(r.value for r in PLANNERS),
        ok_status=201,
    ),
    GridEndpoint(
        name="withdraw",
        method="POST",
        url=lambda w, s: f"/api/v1/inspection/task-inspectors/{_grid_row(w, s)}/withdraw",
        body=lambda w, s: {"reason": "回避", "requested_by": "party"},
        allowed=frozenset(r.value for r in PLANNERS),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", grid_cases(GRID), ids=lambda c: c.id)
def test_permission_grid_of_assignment_endpoints(world: World, case: GridCase) -> None:
    check_case(world, case)


@pytest.mark.django_db
def test_assisting_departments_officers_join_the_pool(world: World) -> None:
    entities(world, 1)
    guest = certified_officer(world, "guest", unit="other")
    lone = _drawn(world, plan(world, ratios=ALL))
    assert lone.draw.record["assignment"]["unassigned"] == ["1"]  # one officer only in the home county
    joint = _drawn(world, plan(world, number="LY-2026-J", ratios=ALL, assisting=[world.other_bureau]))
    assert set(_active(joint)[1]) == {world.users[Role.OFFICER].pk, guest.pk}
