"""Inspector assignment (检查人员随机匹配), the conflict register and withdrawals (回避).

The inspection pool of a plan is every active user holding the officer role
whose org unit lies within the jurisdiction of the lead department or of an
assisting department (``lead_jurisdiction`` of each). An officer of the pool
is eligible for a task when, on the plan's ``window_start``:

* one of the officer's enforcement certificates is valid (issued on or
  before the day, expiring on or after it, not revoked on or before it);
* the officer is available (no profile, or ``available`` and the day outside
  ``unavailable_from``..``unavailable_until``);
* no conflict declaration of the officer for the task's entity is valid;
* the officer was not assigned (and not withdrawn) to the same entity by
  another plan within ``avoid_inspected_days`` days before the day.

The draw assigns inspectors in the same transaction with
``shijian.inspection.domain.assign`` and publishes the result in the record
under ``"assignment"``. A task that cannot get ``inspectors_per_task``
inspectors gets none and is listed under ``"unassigned"``: the draw is still
recorded (the selection does not depend on the officers, and refusing would
burn the revealed secrets), and the task needs manual resolution.

A draw may create a hundred thousand tasks for a pool of a few hundred
officers, so eligibility is never spelt out per task: the pool (certificate
and availability, the same for every task) is read once, and the officers
barred from the drawn entities (conflicts, recent assignments) in one query
each; ``assign_from_pool`` then ranks, per task, only the pool's officers
still below the cap, less that task's barred ones - the same outcome as
``assign`` on the full lists.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import BooleanField, Max, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from shijian.accounts.models import EnforcementCertificate, User
from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.errors import Conflict, ValidationFailed
from shijian.core.roles import Role
from shijian.inspection import policies
from shijian.inspection.directory import lead_jurisdiction
from shijian.inspection.domain.assign import TaskAssignment, assign_from_pool, replacement
from shijian.inspection.domain.draw import inspector_rank
from shijian.inspection.models import (
    ConflictDeclaration,
    ConflictKind,
    Draw,
    InspectorProfile,
    Plan,
    Task,
    TaskInspector,
    WithdrawalRequester,
)
from shijian.registry.models import MarketEntity

__all__ = [
    "assignment_day",
    "conflict_declare",
    "draw_assign",
    "eligibility",
    "inspector_available",
    "inspector_withdraw",
    "pool_paths",
    "task_key",
    "valid_certificates",
]


class TaskRef(Protocol):
    """What eligibility needs of a task: its entity and its place in the selection."""

    @property
    def entity_id(self) -> int: ...

    @property
    def order(self) -> int: ...


def task_key(task: TaskRef) -> str:
    """The ``task_id`` of a task in the rank key: its 1-based place in the selection, as a decimal string."""
    return str(task.order)


def assignment_day(plan: Plan) -> dt.date:
    """The day eligibility is judged on: the first day of the inspection window."""
    return plan.window_start


def pool_paths(plan: Plan) -> list[str]:
    """The jurisdiction paths of the inspection pool: the lead's and each assisting department's."""
    paths = {lead_jurisdiction(plan.lead)}
    paths.update(lead_jurisdiction(unit) for unit in plan.assisting.all())
    return sorted(paths)


def valid_certificates(day: dt.date) -> Any:
    """Enforcement certificates valid on ``day``."""
    return EnforcementCertificate.objects.filter(issued_on__lte=day, expires_on__gte=day).filter(
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=day)
    )


def inspector_available(profile: InspectorProfile | None, day: dt.date) -> bool:
    """Whether an officer with ``profile`` (None: no profile) can inspect on ``day``."""
    if profile is None:
        return True
    if not profile.available:
        return False
    if profile.unavailable_from is None and profile.unavailable_until is None:
        return True
    starts = profile.unavailable_from is None or profile.unavailable_from <= day
    ends = profile.unavailable_until is None or day <= profile.unavailable_until
    return not (starts and ends)


def _pool(plan: Plan, day: dt.date) -> set[int]:
    """The pool's officers with a valid certificate and available on ``day`` (the same for every task)."""
    within = Q(pk__in=[])
    for path in pool_paths(plan):
        within |= Q(org_unit__path__startswith=path)
    officers = (
        User.objects.filter(within, is_active=True, role_grants__role=Role.OFFICER)
        .filter(pk__in=valid_certificates(day).values("user_id"))
        .distinct()
    )
    ids = set(officers.values_list("pk", flat=True))
    profiles = {p.user_id: p for p in InspectorProfile.objects.filter(user_id__in=ids)}
    return {pk for pk in ids if inspector_available(profiles.get(pk), day)}


def _drawn(column: str, entity_ids: Sequence[int]) -> RawSQL:
    """``column = ANY(<the entity ids>)``: a hashed filter, planned well without statistics.

    The ids go as one string: the driver would quote an array's elements one
    by one in Python, and an ``IN`` list of a hundred thousand parameters is
    worse still.
    """
    return RawSQL(  # noqa: S611 - the column is ours, the ids a parameter
        f"{column} = ANY(string_to_array(%s, ',')::bigint[])",
        [",".join(map(str, entity_ids))],
        output_field=BooleanField(),
    )


def _excluded(plan: Plan, day: dt.date, pool: set[int], entity_ids: Sequence[int]) -> dict[int, set[int]]:
    """Entity id -> the pool officers barred from it: a valid conflict or a recent assignment.

    One query each, whatever the number of tasks, reaching only the drawn
    entities (by id, not through the plan's tasks: the draw needs this before
    its tasks are inserted).
    """
    if connection.vendor != "postgresql":  # the demo's SQLite: a small draw, plain IN lists
        return _excluded_plain(plan, day, pool, entity_ids)
    conflicts = ConflictDeclaration._meta.db_table
    pairs: list[tuple[int, int]] = list(
        ConflictDeclaration.objects.alias(drawn=_drawn(f'"{conflicts}"."entity_id"', entity_ids))
        .filter(drawn=True, officer_id__in=pool, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .values_list("entity_id", "officer_id")
    )
    if plan.avoid_inspected_days > 0:
        since = day - dt.timedelta(days=plan.avoid_inspected_days)
        tasks = Task._meta.db_table  # the join of ``task__`` below, under its own name
        pairs.extend(
            TaskInspector.objects.alias(drawn=_drawn(f'"{tasks}"."entity_id"', entity_ids))
            .filter(drawn=True, officer_id__in=pool, withdrawn_at__isnull=True, assigned_at__date__gte=since)
            .exclude(task__plan_id=plan.pk)
            .values_list("task__entity_id", "officer_id")
        )
    excluded: dict[int, set[int]] = {}
    for entity, officer in pairs:
        excluded.setdefault(entity, set()).add(officer)
    return excluded


def _excluded_plain(
    plan: Plan, day: dt.date, pool: set[int], entity_ids: Sequence[int]
) -> dict[int, set[int]]:
    """``_excluded`` with portable queries (the same rule; for the demo database)."""
    pairs: list[tuple[int, int]] = list(
        ConflictDeclaration.objects.filter(entity_id__in=entity_ids, officer_id__in=pool, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .values_list("entity_id", "officer_id")
    )
    if plan.avoid_inspected_days > 0:
        since = day - dt.timedelta(days=plan.avoid_inspected_days)
        pairs.extend(
            TaskInspector.objects.filter(
                task__entity_id__in=entity_ids,
                officer_id__in=pool,
                withdrawn_at__isnull=True,
                assigned_at__date__gte=since,
            )
            .exclude(task__plan_id=plan.pk)
            .values_list("task__entity_id", "officer_id")
        )
    excluded: dict[int, set[int]] = {}
    for entity, officer in pairs:
        excluded.setdefault(entity, set()).add(officer)
    return excluded


def eligibility(plan: Plan, tasks: Sequence[TaskRef]) -> dict[str, list[str]]:
    """Task key -> the ids (decimal strings) of the officers eligible for it (see the module doc)."""
    day = assignment_day(plan)
    pool = _pool(plan, day)
    if not pool:
        return {task_key(t): [] for t in tasks}
    excluded = _excluded(plan, day, pool, [t.entity_id for t in tasks])
    return {task_key(t): sorted(str(o) for o in pool - excluded.get(t.entity_id, set())) for t in tasks}


def draw_assign(
    *,
    plan: Plan,
    seed: str,
    usccs: Sequence[str],
    entity_ids: Sequence[int],
    while_ranking: Callable[[], object] | None = None,
) -> dict[str, Any]:
    """Assign inspectors to the tasks of a draw; the record's ``assignment``.

    Called by ``draw_perform`` inside its transaction: task ``n`` (selection
    order) is the entity ``entity_ids[n - 1]``, USCC ``usccs[n - 1]``. Eligibility is the pool (the same
    for every task) less each task's barred officers, read in two queries;
    the rule is ``assign_from_pool``, the same as ``assign`` on the full lists.

    ``while_ranking`` (the draw's task INSERT) runs on this thread, and so on
    its database connection, while the ranking - pure CPU, no database -
    runs in a worker thread: the connection waits without the GIL, so the
    two overlap on two cores. The task rows must exist when it returns: the
    inspector rows are inserted after it, found by (plan, order).
    """
    day = assignment_day(plan)
    pool = _pool(plan, day)
    excluded = _excluded(plan, day, pool, entity_ids) if pool else {}
    keys = [str(order) for order in range(1, len(usccs) + 1)]
    ranking = partial(
        assign_from_pool,
        seed=seed,
        tasks=keys,
        pool=[str(officer) for officer in pool],
        excluded={
            key: {str(o) for o in excluded[entity]}
            for key, entity in zip(keys, entity_ids, strict=True)
            if entity in excluded
        },
        per_task=plan.inspectors_per_task,
        cap=plan.workload_cap,
    )
    if while_ranking is None:
        result = ranking()
    else:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="draw-ranking") as worker:
            pending = worker.submit(ranking)
            while_ranking()
            result = pending.result()
    _inspectors_insert(plan, seed, result)
    return {
        "cap": plan.workload_cap,
        "per_task": plan.inspectors_per_task,
        "day": day.isoformat(),
        "tasks": [
            {"task": outcome.task, "uscc": uscc, "inspectors": list(outcome.inspectors)}
            for outcome, uscc in zip(result, usccs, strict=True)
        ],
        "unassigned": [outcome.task for outcome in result if not outcome.assigned],
    }


def _inspectors_insert(plan: Plan, seed: str, result: Sequence[TaskAssignment]) -> None:
    """The task-inspector rows of a draw in one statement, found by (plan, order), not by task id."""
    rows = [
        (int(outcome.task), int(officer), inspector_rank(seed, outcome.task, officer), position)
        for outcome in result
        for position, officer in enumerate(outcome.inspectors, start=1)
    ]
    if not rows:
        return
    if connection.vendor != "postgresql":  # the demo's SQLite: a small draw, the ORM
        task_ids = dict(Task.objects.filter(plan=plan).values_list("order", "pk"))
        now = timezone.now()
        TaskInspector.objects.bulk_create(
            [
                TaskInspector(task_id=task_ids[o], officer_id=f, rank_key=k, position=p, assigned_at=now)
                for o, f, k, p in rows
            ],
            batch_size=500,
        )
        return
    orders, officers, keys, positions = (list(column) for column in zip(*rows, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {TaskInspector._meta.db_table}
                (task_id, officer_id, rank_key, position, assigned_at, withdrawn_at, withdrawal_reason,
                 withdrawal_requested_by, replaced_by_id)
            SELECT t.id, x.officer, x.rank_key, x.position, %s, NULL, '', '', NULL
            FROM unnest(%s::int[], %s::bigint[], %s::text[], %s::int[]) AS x(ord, officer, rank_key, position)
            JOIN {Task._meta.db_table} t ON t.plan_id = %s AND t."order" = x.ord
            """,  # noqa: S608 - table names from the models, values as parameters
            [timezone.now(), orders, officers, keys, positions, plan.pk],
        )
        inserted = cursor.rowcount
    if inserted != len(rows):  # every task was inserted just before; anything else is a bug
        raise RuntimeError(f"{inserted} task inspectors inserted for {len(rows)}")


@transaction.atomic
def conflict_declare(
    *,
    actor: Actor,
    officer: User,
    entity: MarketEntity,
    kind: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    note: str = "",
) -> ConflictDeclaration:
    """Record a conflict (回避登记): the officer is not assigned to the entity while it is valid."""
    policies.require_planner(
        actor, "inspection.conflict_declare", officer.org_unit.path if officer.org_unit else ""
    )
    if kind not in ConflictKind.values:
        raise ValidationFailed("kind", "回避事由不正确", f"kind must be one of {ConflictKind.values}")
    if valid_until is not None and valid_until < valid_from:
        raise ValidationFailed("valid_until", "有效期止早于有效期起", "valid_until is before valid_from")
    declaration = ConflictDeclaration(
        officer=officer,
        entity=entity,
        kind=kind,
        note=(note or "").strip()[:2000],
        valid_from=valid_from,
        valid_until=valid_until,
        recorded_by=actor.display_name or actor.username,
    )
    declaration.full_clean()
    declaration.save()
    audit_record(
        actor=actor, action="inspection.conflict_declared", obj=declaration, after=model_snapshot(declaration)
    )
    return declaration


def _on_task_before(task: Task) -> Iterable[str]:
    return [str(pk) for pk in TaskInspector.objects.filter(task=task).values_list("officer_id", flat=True)]


@transaction.atomic
def inspector_withdraw(
    *, actor: Actor, task_inspector: TaskInspector, reason: str, requested_by: str
) -> TaskInspector:
    """Withdraw an inspector from a task (回避) and assign the next-best-ranked eligible officer.

    The replacement is the officer with the smallest rank key for the task
    among those eligible now, never on this task before, and below the
    plan's workload cap; ``replaced_by`` points to the new row. With nobody
    left the withdrawal is still recorded (回避 cannot be refused for want of
    staff) and the task needs manual resolution.
    """
    row = TaskInspector.objects.select_related("task").get(pk=task_inspector.pk)
    plan = Plan.objects.select_for_update(of=("self",)).select_related("lead").get(pk=row.task.plan_id)
    row = TaskInspector.objects.select_for_update(of=("self",)).select_related("task__entity").get(pk=row.pk)
    policies.require_planner(actor, "inspection.inspector_withdraw", plan.lead.path)
    if row.withdrawn_at is not None:
        raise Conflict("already_withdrawn", "该检查人员已回避", "this inspector was already withdrawn")
    if requested_by not in WithdrawalRequester.values:
        raise ValidationFailed(
            "requested_by",
            "回避申请人应为当事人、检查人员或机关",
            "requested_by must be party, officer or bureau",
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("reason", "请填写回避理由", "a reason is required")
    task = row.task
    key = task_key(task)
    active = TaskInspector.objects.filter(task__plan=plan, withdrawn_at__isnull=True).exclude(pk=row.pk)
    load = Counter(str(pk) for pk in active.values_list("officer_id", flat=True))
    seed = Draw.objects.get(plan=plan).seed
    chosen = replacement(
        seed=seed,
        task_id=key,
        eligible=eligibility(plan, [task])[key],
        excluded=_on_task_before(task),
        load=load,
        cap=plan.workload_cap,
    )
    now = timezone.now()
    if chosen is not None:
        last = TaskInspector.objects.filter(task=task).aggregate(m=Max("position"))["m"] or 0
        row.replaced_by = TaskInspector.objects.create(
            task=task,
            officer_id=int(chosen),
            rank_key=inspector_rank(seed, key, chosen),
            position=last + 1,
            assigned_at=now,
        )
    row.withdrawn_at = now
    row.withdrawal_reason = reason[:2000]
    row.withdrawal_requested_by = requested_by
    row.save(update_fields=["withdrawn_at", "withdrawal_reason", "withdrawal_requested_by", "replaced_by"])
    audit_record(
        actor=actor,
        action="inspection.inspector_withdrawn",
        obj=row,
        reason=reason,
        after={
            "task": key,
            "officer": row.officer_id,
            "requested_by": requested_by,
            "replaced_by_officer": int(chosen) if chosen is not None else None,
        },
    )
    return row
