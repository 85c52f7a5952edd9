"""Inspector assignment of ``shijian-draw-v1`` (检查人员随机匹配). No Django.

For each task in selection order, the officers eligible for it are ranked by
``inspector_rank(seed, task_id, officer_id)`` (smaller first, ties by officer
id); the best-ranked ones whose workload in the plan is below the published
cap are taken until the task has ``per_task`` inspectors. A task that cannot
get ``per_task`` inspectors gets none (never fewer) and is reported as
unassignable; it consumes no workload. See docs/inspection-draw.md.

Taking "the best-ranked officers below the cap, walking the ranking" is the
same as taking the ``per_task`` smallest (rank key, id) among the eligible
officers still below the cap, so only those are ranked: once the pool is
used up, the remaining tasks cost no hashing at all. The rank keys are
compared as raw digests (the same order as the published lowercase hex).
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shijian.inspection.domain.draw import Difference, inspector_rank

__all__ = ["TaskAssignment", "assign", "assign_from_pool", "ranked", "replacement", "verify_assignment"]


@dataclass(frozen=True, slots=True)
class TaskAssignment:
    """The inspectors of one task (empty: unassignable, needs manual resolution)."""

    task: str
    inspectors: tuple[str, ...]

    @property
    def assigned(self) -> bool:
        """Whether the task got its inspectors."""
        return bool(self.inspectors)


def ranked(seed: str, task_id: str, officers: Iterable[str]) -> list[str]:
    """``officers`` (each once) in rank order for the task: smallest rank key first, ties by id."""
    return sorted(set(officers), key=lambda officer: (inspector_rank(seed, task_id, officer), officer))


def _assign(
    *,
    seed: str,
    tasks: Sequence[str],
    candidates: Callable[[str, set[str]], Collection[str]],
    per_task: int,
    cap: int,
    load: Mapping[str, int] | None,
    officers: Iterable[str],
) -> list[TaskAssignment]:
    """The rule; ``candidates(task, below_cap)`` is the task's eligible officers among ``below_cap``."""
    if per_task < 1 or cap < 1:
        raise ValueError("per_task and cap must be at least 1")
    counts: dict[str, int] = dict(load or {})
    below = {officer for officer in officers if counts.get(officer, 0) < cap}
    encoded = {officer: officer.encode("utf-8") for officer in below}
    # The rank keys are ``inspector_rank``'s bytes: the seed (64 hex digits, one SHA-256
    # block) is hashed once, each task's part once, and the state copied per officer.
    seeded = hashlib.sha256(seed.encode("utf-8"))
    result = []
    for task in tasks:
        pool = candidates(task, below) if len(below) >= per_task else ()
        if len(pool) < per_task:
            result.append(TaskAssignment(task, ()))
            continue
        prefix = seeded.copy()
        prefix.update(f"\ninspector\n{task}\n".encode())
        copy = prefix.copy
        keyed = []
        for officer in pool:
            state = copy()
            state.update(encoded[officer])
            keyed.append((state.digest(), officer))
        chosen = tuple(officer for _, officer in heapq.nsmallest(per_task, keyed))
        for officer in chosen:
            counts[officer] = counts.get(officer, 0) + 1
            if counts[officer] >= cap:
                below.discard(officer)
        result.append(TaskAssignment(task, chosen))
    return result


def assign(
    *,
    seed: str,
    tasks: Sequence[str],
    eligible: Mapping[str, Iterable[str]],
    per_task: int,
    cap: int,
    load: Mapping[str, int] | None = None,
) -> list[TaskAssignment]:
    """Assign inspectors to ``tasks`` (in selection order); ``load`` is any workload already counted."""
    sets = {task: set(eligible.get(task, ())) for task in tasks}
    officers = set().union(*sets.values()) if sets else set()
    return _assign(
        seed=seed,
        tasks=tasks,
        candidates=lambda task, below: sets[task] & below,
        per_task=per_task,
        cap=cap,
        load=load,
        officers=officers,
    )


def assign_from_pool(
    *,
    seed: str,
    tasks: Sequence[str],
    pool: Iterable[str],
    excluded: Mapping[str, Collection[str]],
    per_task: int,
    cap: int,
    load: Mapping[str, int] | None = None,
) -> list[TaskAssignment]:
    """``assign`` where each task's eligible officers are ``pool`` less its ``excluded`` ones.

    The shape a draw has (everyone in the pool is eligible for every task
    but for conflicts and recent inspections of the entity), without a list
    of a few hundred officers for each of a hundred thousand tasks.
    """
    members = set(pool)

    def candidates(task: str, below: set[str]) -> Collection[str]:
        out = excluded.get(task)
        return below - set(out) if out else below

    return _assign(
        seed=seed,
        tasks=tasks,
        candidates=candidates,
        per_task=per_task,
        cap=cap,
        load=load,
        officers=members,
    )


def replacement(
    *,
    seed: str,
    task_id: str,
    eligible: Iterable[str],
    excluded: Iterable[str],
    load: Mapping[str, int],
    cap: int,
) -> str | None:
    """The next-best-ranked eligible officer for a task, not ``excluded``, below the cap (None: nobody)."""
    skip = set(excluded)
    for officer in ranked(seed, task_id, eligible):
        if officer not in skip and load.get(officer, 0) < cap:
            return officer
    return None


def verify_assignment(record: Mapping[str, Any], eligible: Mapping[str, Iterable[str]]) -> list[Difference]:
    """Recompute the record's ``assignment`` from ``eligible`` (task id -> officer ids); empty: it holds.

    The eligibility lists are not part of the published record (they would
    reveal conflict declarations), so this check needs them as input.
    """
    block = record.get("assignment")
    seed = record.get("seed")
    if not isinstance(block, dict) or not isinstance(seed, str):
        return [Difference("assignment", "缺少检查人员匹配结果", "no assignment in the record")]
    cap, per_task, rows = block.get("cap"), block.get("per_task"), block.get("tasks")
    if not isinstance(cap, int) or not isinstance(per_task, int) or not isinstance(rows, list):
        return [Difference("assignment", "匹配结果格式错误", "the assignment is malformed")]
    tasks = [str(row.get("task")) for row in rows if isinstance(row, dict)]
    expected = assign(seed=seed, tasks=tasks, eligible=eligible, per_task=per_task, cap=cap)
    differences = []
    for row, wanted in zip(rows, expected, strict=False):
        if list(row.get("inspectors") or []) != list(wanted.inspectors):
            differences.append(
                Difference(
                    f"assignment.tasks[{wanted.task}]",
                    f"检查人员应为 {list(wanted.inspectors)}",
                    f"the inspectors should be {list(wanted.inspectors)}",
                )
            )
    return differences
