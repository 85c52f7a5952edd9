"""Witness commitments and the draw (随机抽取): seed, selection, tasks, inspector assignment."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record
from shijian.core.errors import Conflict, ValidationFailed
from shijian.inspection import policies
from shijian.inspection.assignment import draw_assign
from shijian.inspection.domain.draw import (
    ALGORITHM,
    commitment,
    is_sha256_hex,
    seed_from,
    snapshot_sha256,
    stratum_draw,
)
from shijian.inspection.models import (
    Draw,
    Plan,
    PlanStatus,
    Stratum,
    Task,
    WitnessCommitment,
)
from shijian.inspection.services._common import _locked, _require_status, _text
from shijian.registry.models import MarketEntity

#: At least two witnesses commit before a draw (no single party can steer the seed).
MIN_WITNESSES = 2


@transaction.atomic
def witness_commit(
    *, actor: Actor, plan: Plan, witness_name: str, commitment_hex: str, witness_unit: str = ""
) -> WitnessCommitment:
    """Record a witness's commitment (SHA-256 of a secret, 64 lowercase hex) to a frozen plan."""
    plan = _locked(plan)
    policies.require_planner(actor, "inspection.witness_commit", plan.lead.path)
    _require_status(plan, PlanStatus.FROZEN, PlanStatus.COMMITTED)
    value = (commitment_hex or "").strip()
    if not is_sha256_hex(value):
        raise ValidationFailed(
            "commitment", "承诺值应为64位小写十六进制的SHA-256", "a commitment is 64 lowercase hex digits"
        )
    if plan.commitments.filter(commitment=value).exists():
        raise Conflict("commitment_repeated", "该承诺值已提交过", "this commitment was already submitted")
    entry = WitnessCommitment(
        plan=plan,
        order=plan.commitments.count() + 1,
        witness_name=_text(witness_name, "witness_name", "见证人", "the witness", limit=100),
        witness_unit=(witness_unit or "").strip()[:200],
        commitment=value,
    )
    entry.full_clean()
    entry.save()
    if plan.commitments.count() >= MIN_WITNESSES and plan.status == PlanStatus.FROZEN:
        plan.status = PlanStatus.COMMITTED
        plan.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="inspection.witness_committed",
        obj=plan,
        after={"order": entry.order, "witness": entry.witness_name, "commitment": value},
    )
    return entry


def _entity_ids(usccs: Sequence[str]) -> list[int]:
    """The registry ids of the selected entities, in the same order; refused if one is gone.

    One query; the codes go as one newline-separated string (the driver would
    quote an array's elements one by one in Python; a code never holds a
    newline, the snapshot files are split on them).
    """
    if not usccs:
        return []
    if connection.vendor != "postgresql":  # the demo's SQLite: a small directory, plain queries
        found: dict[str, int] = {}
        for start in range(0, len(usccs), 500):
            chunk = usccs[start : start + 500]
            found.update(MarketEntity.objects.filter(uscc__in=chunk).values_list("uscc", "id"))
        if len(found) != len(usccs):
            raise Conflict(
                "entity_missing", "抽中的主体已不在登记库中", "a selected entity is no longer registered"
            )
        return [found[code] for code in usccs]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT uscc, id FROM {MarketEntity._meta.db_table}
            WHERE uscc = ANY(string_to_array(%s, E'\\n'))
            """,  # noqa: S608 - the table name from the model, the codes a parameter
            ["\n".join(usccs)],
        )
        found = dict(cursor.fetchall())
    if len(found) != len(usccs):  # a snapshot code no longer in the register
        raise Conflict(
            "entity_missing", "抽中的主体已不在登记库中", "a selected entity is no longer registered"
        )
    return [found[code] for code in usccs]


def _tasks_create(plan: Plan, strata: Sequence[str], entity_ids: Sequence[int]) -> None:
    """One task per selected entity, ``order`` its place in the selection (1, 2, ...), in one statement.

    A draw can select a hundred thousand entities: one ``INSERT ... SELECT``
    over three arrays (each sent as one string) instead of a parameter list
    per row. The rows go in by entity id: the foreign-key checks at commit
    then lock the entities page after page instead of all over the register
    (about half the time on a million entities).
    """
    rows = sorted(zip(entity_ids, strata, range(1, len(entity_ids) + 1), strict=True))
    if not rows:
        return
    if connection.vendor != "postgresql":  # the demo's SQLite: a small draw, the ORM
        now = timezone.now()
        Task.objects.bulk_create(
            [Task(plan=plan, entity_id=e, stratum_id=s, order=o, created_at=now) for e, s, o in rows],
            batch_size=500,
        )
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Task._meta.db_table} (plan_id, entity_id, stratum_id, "order", created_at)
            SELECT %s, t.entity, t.stratum, t.ord, %s
            FROM unnest(
                string_to_array(%s, ',')::bigint[], string_to_array(%s, ','), string_to_array(%s, ',')::int[]
            ) AS t(entity, stratum, ord)
            """,  # noqa: S608 - the table name from the model, values as parameters
            [
                plan.pk,
                timezone.now(),
                ",".join(str(entity) for entity, _, _ in rows),
                ",".join(stratum for _, stratum, _ in rows),
                ",".join(str(order) for _, _, order in rows),
            ],
        )


def _compress_quickly() -> None:
    """Have PostgreSQL compress this transaction's large values with lz4 when the server has it.

    The record of a draw with a hundred thousand tasks is some 12 MB of JSON:
    pglz (the default) spends about a quarter of a second on it, lz4 a fraction
    of that. ``SET LOCAL`` lasts until the transaction ends; a value reads
    back the same whichever method compressed it.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        row = cursor.fetchone()
        if row is not None and row[0]:
            cursor.execute("SET LOCAL default_toast_compression = 'lz4'")


def _snapshot_of(stratum: Stratum) -> bytes:
    with default_storage.open(stratum.snapshot.name, "rb") as handle:
        data: bytes = handle.read()
    if snapshot_sha256(data) != stratum.snapshot_sha256:
        raise Conflict(
            "snapshot_changed",
            f"{stratum.stratum_id}层名录快照文件与公布的哈希值不符，不能抽取",
            f"the snapshot file of stratum {stratum.stratum_id} no longer matches its published SHA-256",
        )
    return data


@transaction.atomic
def draw_perform(*, actor: Actor, plan: Plan, secrets: Sequence[str]) -> Draw:
    """Perform the draw (随机抽取): check every revealed secret, compute the seed and the selection.

    ``secrets`` are in commitment order. Refused with fewer than two
    commitments, a missing secret, or a secret that does not match its
    commitment (the error names the witness). Creates one task per selected
    entity and stores the record in the ``shijian-draw-v1`` shape, computed
    by the functions ``verify_record`` runs on the snapshot bytes just checked
    against their published hashes. Inspectors are assigned in the
    same transaction (``shijian.inspection.assignment.draw_assign``) and the
    result is published under the record's ``"assignment"`` key; tasks that
    could not get enough inspectors are listed there as ``"unassigned"``.
    """
    plan = _locked(plan)
    policies.require_planner(actor, "inspection.draw_perform", plan.lead.path)
    _require_status(plan, PlanStatus.FROZEN, PlanStatus.COMMITTED)
    commitments = list(plan.commitments.order_by("order"))
    if len(commitments) < MIN_WITNESSES:
        raise Conflict("too_few_witnesses", "见证人不足2人，不能抽取", "fewer than two witnesses committed")
    if len(secrets) != len(commitments):
        raise ValidationFailed(
            "secrets",
            f"应公开{len(commitments)}个密钥，收到{len(secrets)}个",
            f"expected {len(commitments)} secrets, got {len(secrets)}",
        )
    for index, (entry, secret) in enumerate(zip(commitments, secrets, strict=True)):
        if commitment(secret) != entry.commitment:
            raise ValidationFailed(
                f"secrets[{index}]",
                f"第{entry.order}位见证人（{entry.witness_name}）公开的密钥与其承诺值不符",
                f"the secret of witness {entry.order} ({entry.witness_name}) does not match the commitment",
                code="secret_mismatch",
            )
    seed = seed_from(list(secrets))
    strata = list(plan.strata.order_by("stratum_id"))
    snapshots = {s.stratum_id: _snapshot_of(s) for s in strata}
    drawn = [
        stratum_draw(
            seed=seed,
            stratum_id=s.stratum_id,
            snapshot=snapshots[s.stratum_id],
            ratio=Decimal(s.ratio),
            min_count=s.min_count,
            max_count=s.max_count,
        )
        for s in strata
    ]
    selected = [(d.id, code) for d in drawn for code in d.selected]
    codes = [code for _, code in selected]
    if len(set(codes)) != len(codes):  # strata are disjoint by construction; a repeat is a bug
        raise Conflict("selected_twice", "同一主体被重复抽中", "an entity was selected twice")
    record: dict[str, Any] = {
        "algorithm": ALGORITHM,
        "plan": plan.number,
        "commitments": [c.commitment for c in commitments],
        "secrets": list(secrets),
        "seed": seed,
        "strata": [d.as_record() for d in drawn],
    }
    # The snapshots were checked against their published hashes above, and the record is
    # the output of the same functions ``verify_record`` runs: a second pass would only
    # repeat the arithmetic (the tests verify stored records independently).
    entity_ids = _entity_ids(codes)
    strata_of = [stratum for stratum, _ in selected]
    # The tasks are inserted while the inspectors are ranked (see ``draw_assign``).
    assignment = draw_assign(
        plan=plan,
        seed=seed,
        usccs=codes,
        entity_ids=entity_ids,
        while_ranking=lambda: _tasks_create(plan, strata_of, entity_ids),
    )
    record["assignment"] = assignment
    _compress_quickly()
    now = timezone.now()
    for entry, secret in zip(commitments, secrets, strict=True):
        entry.revealed_secret = secret
        entry.revealed_at = now
        entry.save(update_fields=["revealed_secret", "revealed_at"])
    draw = Draw.objects.create(
        plan=plan, seed=seed, record=record, drawn_at=now, drawn_by=actor.display_name or actor.username
    )
    plan.status = PlanStatus.DRAWN
    plan.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="inspection.draw_performed",
        obj=plan,
        after={
            "seed": seed,
            "selected": len(codes),
            "strata": {d.id: d.k for d in drawn},
            "unassigned": assignment["unassigned"],
        },
    )
    return draw
