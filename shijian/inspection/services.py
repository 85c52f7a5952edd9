"""Random-inspection writes: items, plans, freezing the directory, witness commitments and the draw.

Every service is one transaction, validates its input, and writes one audit
record. The draw uses ``shijian.inspection.domain.draw`` only (the same code
the offline ``verify-draw`` runs) and verifies its own record before saving.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from random import SystemRandom
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from shijian.accounts.models import OrgUnit
from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.errors import Conflict, ValidationFailed, required_text
from shijian.inspection import policies
from shijian.inspection.assignment import draw_assign
from shijian.inspection.directory import (
    DEFAULT_RATIOS,
    STRATA,
    clean_filters,
    directory_snapshots,
    lead_jurisdiction,
)
from shijian.inspection.domain.draw import (
    ALGORITHM,
    commitment,
    is_sha256_hex,
    parse_ratio,
    seed_from,
    snapshot_sha256,
    stratum_draw,
)
from shijian.inspection.models import (
    Draw,
    InspectionItem,
    ItemKind,
    Plan,
    PlanKind,
    PlanStatus,
    Stratum,
    Task,
    WitnessCommitment,
)
from shijian.registry.models import MarketEntity

__all__ = [
    "MIN_WITNESSES",
    "draw_perform",
    "item_create",
    "plan_create",
    "plan_freeze",
    "plan_update",
    "snapshot_path",
    "witness_commit",
]

#: At least two witnesses commit before a draw (no single party can steer the seed).
MIN_WITNESSES = 2
_PLAN_FIELDS = (
    "title",
    "kind",
    "year",
    "directory_filters",
    "ratios",
    "min_count",
    "max_count",
    "exclude_inspected_days",
    "inspectors_per_task",
    "workload_cap",
    "avoid_inspected_days",
    "window_start",
    "window_end",
)


def snapshot_path(plan: Plan, stratum_id: str) -> str:
    """Where a stratum's snapshot file is stored (relative to MEDIA_ROOT)."""
    return f"inspection/{plan.pk}/{stratum_id}.txt"


def _text(value: str, field: str, zh: str, en: str, *, limit: int = 200) -> str:
    return required_text(value, field, zh, en, limit=limit)


def _decimal(value: object, field: str) -> Decimal:
    ratio = parse_ratio(value)
    if ratio is None:
        raise ValidationFailed(
            field, "比例应为0到1之间的小数（文字）", "a ratio is a decimal string from 0 to 1"
        )
    return ratio


@transaction.atomic
def item_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    department: str,
    legal_basis: str,
    kind: str,
    ratio_ceiling: str = "",
    ceiling_basis: str = "",
    checklist: Sequence[str] = (),
    applies_to: Mapping[str, Any] | None = None,
) -> InspectionItem:
    """Add an item to the inspection-item list (随机抽查事项清单); a new version replaces the active one."""
    policies.require_planner(actor, "inspection.item_create", None)
    if kind not in ItemKind.values:
        raise ValidationFailed("kind", "事项类别应为一般或重点", "kind must be general or key")
    if kind == ItemKind.GENERAL:
        _decimal(ratio_ceiling, "ratio_ceiling")
        _text(ceiling_basis, "ceiling_basis", "比例上限依据", "the ceiling's legal basis", limit=2000)
    elif ratio_ceiling:
        raise ValidationFailed("ratio_ceiling", "重点检查事项不设比例上限", "key items have no ratio ceiling")
    points = [str(p).strip() for p in checklist if str(p).strip()]
    code = _text(code, "code", "事项编码", "the code", limit=40)
    previous = InspectionItem.objects.select_for_update().filter(code=code, active=True).first()
    if previous is not None:
        previous.active = False
        previous.save(update_fields=["active"])
    item = InspectionItem(
        code=code,
        name=_text(name, "name", "事项名称", "the name"),
        department=_text(department, "department", "实施部门", "the department"),
        legal_basis=_text(legal_basis, "legal_basis", "检查依据", "the legal basis", limit=2000),
        kind=kind,
        ratio_ceiling=ratio_ceiling if kind == ItemKind.GENERAL else "",
        ceiling_basis=ceiling_basis if kind == ItemKind.GENERAL else "",
        checklist=points,
        applies_to=dict(applies_to or {}),
    )
    item.full_clean()
    item.save()
    audit_record(actor=actor, action="inspection.item_created", obj=item, after=model_snapshot(item))
    return item


def _validate_plan(plan: Plan, items: Sequence[InspectionItem]) -> None:
    if plan.kind not in PlanKind.values:
        raise ValidationFailed("kind", "计划类别应为年度或专项", "kind must be annual or special")
    if not items:
        raise ValidationFailed("items", "至少选择一个抽查事项", "choose at least one item")
    if plan.inspectors_per_task < 2:
        raise ValidationFailed(
            "inspectors_per_task", "每户检查人员不得少于2人（行政处罚法第四十二条）", "at least 2 inspectors"
        )
    if plan.workload_cap < 1:
        raise ValidationFailed(
            "workload_cap", "每名检查人员任务上限至少为1", "the workload cap is at least 1"
        )
    if plan.window_end < plan.window_start:
        raise ValidationFailed("window_end", "检查结束日期早于开始日期", "the window ends before it starts")
    if plan.max_count is not None and plan.max_count < plan.min_count:
        raise ValidationFailed("max_count", "最多抽取数小于最少抽取数", "max_count is below min_count")
    if not isinstance(plan.ratios, dict) or set(plan.ratios) != set(STRATA):
        raise ValidationFailed(
            "ratios", f"应为每一层 {list(STRATA)} 设定比例", f"give a ratio for each of {STRATA}"
        )
    ceilings = [
        (Decimal(item.ratio_ceiling), item)
        for item in items
        if item.kind == ItemKind.GENERAL and item.ratio_ceiling
    ]
    for stratum_id in STRATA:
        ratio = _decimal(plan.ratios[stratum_id], f"ratios.{stratum_id}")
        for ceiling, item in ceilings:
            if ratio > ceiling:
                raise ValidationFailed(
                    f"ratios.{stratum_id}",
                    f"{stratum_id}层比例 {ratio} 超过一般检查事项“{item.name}”的比例上限 {ceiling}"
                    f"（{item.ceiling_basis}）",
                    f"ratio {ratio} of stratum {stratum_id} exceeds the ceiling {ceiling} "
                    f"of general item {item.code}",
                )
    plan.directory_filters = clean_filters(plan.directory_filters or {})


def _items(codes: Sequence[str]) -> list[InspectionItem]:
    found = {i.code: i for i in InspectionItem.objects.filter(code__in=codes, active=True)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationFailed(
            "items", f"事项不存在或已停用：{missing}", f"unknown or inactive items: {missing}"
        )
    return [found[c] for c in dict.fromkeys(codes)]


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    number: str,
    title: str,
    kind: str,
    year: int,
    lead: OrgUnit,
    item_codes: Sequence[str],
    window_start: dt.date,
    window_end: dt.date,
    assisting: Sequence[OrgUnit] = (),
    directory_filters: Mapping[str, Any] | None = None,
    ratios: Mapping[str, str] | None = None,
    min_count: int = 0,
    max_count: int | None = None,
    exclude_inspected_days: int = 0,
    inspectors_per_task: int = 2,
    workload_cap: int = 20,
    avoid_inspected_days: int = 365,
) -> Plan:
    """Create a draft plan (抽查计划) led by ``lead``; the actor must work in the lead's jurisdiction."""
    policies.require_planner(actor, "inspection.plan_create", lead.path)
    if Plan.objects.filter(number=number.strip()).exists():
        raise Conflict("plan_number_taken", "计划编号已存在", "the plan number is taken")
    plan = Plan(
        number=_text(number, "number", "计划编号", "the number", limit=60),
        title=_text(title, "title", "计划名称", "the title"),
        kind=kind,
        year=year,
        lead=lead,
        directory_filters=dict(directory_filters or {}),
        ratios={**DEFAULT_RATIOS, **dict(ratios or {})},
        min_count=min_count,
        max_count=max_count,
        exclude_inspected_days=exclude_inspected_days,
        inspectors_per_task=inspectors_per_task,
        workload_cap=workload_cap,
        avoid_inspected_days=avoid_inspected_days,
        window_start=window_start,
        window_end=window_end,
        created_by=actor.display_name or actor.username,
    )
    items = _items(item_codes)
    _validate_plan(plan, items)
    plan.full_clean()
    plan.save()
    plan.items.set(items)
    plan.assisting.set([unit for unit in assisting if unit.pk != lead.pk])
    after = {**model_snapshot(plan), "items": [i.code for i in items]}
    audit_record(actor=actor, action="inspection.plan_created", obj=plan, after=after)
    return plan


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().select_related("lead").get(pk=plan.pk)


def _require_status(plan: Plan, *statuses: PlanStatus) -> None:
    if plan.status not in statuses:
        raise Conflict(
            "plan_status",
            f"计划当前状态为“{PlanStatus(plan.status).label}”，不能进行此操作",
            f"the plan is {plan.status}",
        )


@transaction.atomic
def plan_update(
    *,
    actor: Actor,
    plan: Plan,
    changes: Mapping[str, Any],
    item_codes: Sequence[str] | None = None,
    assisting: Sequence[OrgUnit] | None = None,
) -> Plan:
    """Change a draft plan's parameters (only while it is a draft)."""
    plan = _locked(plan)
    policies.require_planner(actor, "inspection.plan_update", plan.lead.path)
    _require_status(plan, PlanStatus.DRAFT)
    unknown = set(changes) - set(_PLAN_FIELDS)
    if unknown:
        raise ValidationFailed(sorted(unknown)[0], "该项不能修改", "this field cannot be changed")
    before = model_snapshot(plan)
    for key, value in changes.items():
        if key == "ratios":
            value = {**plan.ratios, **dict(value)}
        setattr(plan, key, value)
    items = _items(item_codes) if item_codes is not None else list(plan.items.filter(active=True))
    _validate_plan(plan, items)
    plan.full_clean()
    plan.save()
    if item_codes is not None:
        plan.items.set(items)
    if assisting is not None:
        plan.assisting.set([unit for unit in assisting if unit.pk != plan.lead_id])
    audit_record(
        actor=actor, action="inspection.plan_updated", obj=plan, before=before, after=model_snapshot(plan)
    )
    return plan


def _recently_inspected(plan: Plan, today: dt.date) -> Any:
    """Entities inspected within the exclusion period (无事不扰), as a subquery of entity ids.

    Inspected means a result recorded with its inspection day in the period;
    an entity drawn by another plan in the period whose result is not yet
    recorded counts too (it is about to be inspected).
    """
    if plan.exclude_inspected_days <= 0:
        return None
    since_day = today - dt.timedelta(days=plan.exclude_inspected_days)
    since = timezone.now() - dt.timedelta(days=plan.exclude_inspected_days)
    pending = Q(plan__draw__drawn_at__gte=since, result__isnull=True)
    inspected = Q(result__inspected_on__gte=since_day, result__inspected_on__lte=today)
    return Task.objects.exclude(plan=plan).filter(pending | inspected).values("entity_id")


def _public_ids(classes: Sequence[str]) -> dict[str, str]:
    """Class -> the stratum id published for it: ``S1``.. in an order drawn at random for the plan.

    The credit-risk class is internal (never on a public page): the published
    record, the snapshot files and the draw page name the strata by these
    ids; ``Stratum.risk_class`` keeps the class for staff. Drawn here, at the
    freeze - before any witness commits - so the ids cannot steer the draw.
    """
    order = list(classes)
    SystemRandom().shuffle(order)  # the operating system's randomness: nobody picks the ids
    return {cls: f"S{n}" for n, cls in enumerate(order, start=1)}


@transaction.atomic
def plan_freeze(*, actor: Actor, plan: Plan, today: dt.date) -> Plan:
    """Freeze the directory (名录固定): write each stratum's snapshot, publish its size and SHA-256.

    The strata are the entities matching the plan's filters by current
    credit-risk class (see ``shijian.inspection.directory``), less those
    inspected within ``exclude_inspected_days`` (无事不扰, see
    ``_recently_inspected``); each is published under an opaque id
    (``_public_ids``), its class kept internally.
    """
    plan = _locked(plan)
    policies.require_planner(actor, "inspection.plan_freeze", plan.lead.path)
    _require_status(plan, PlanStatus.DRAFT)
    strata = directory_snapshots(
        filters=plan.directory_filters,
        lead_path=lead_jurisdiction(plan.lead),
        today=today,
        exclude_entity_ids=_recently_inspected(plan, today),
    )
    if not any(s.size for s in strata.values()):
        raise Conflict("directory_empty", "检查对象名录为空，无法固定", "the entity directory is empty")
    public_ids = _public_ids(sorted(strata))
    published = []
    for risk_class, snapshot in sorted(strata.items(), key=lambda pair: public_ids[pair[0]]):
        stratum_id = public_ids[risk_class]
        path = snapshot_path(plan, stratum_id)
        if default_storage.exists(path):
            default_storage.delete(path)
        saved = default_storage.save(path, ContentFile(snapshot.data))
        stratum = Stratum.objects.create(
            plan=plan,
            stratum_id=stratum_id,
            risk_class=risk_class,
            ratio=str(plan.ratios[risk_class]),
            min_count=plan.min_count,
            max_count=plan.max_count,
            size=snapshot.size,
            snapshot_sha256=snapshot_sha256(snapshot.data),
            snapshot=saved,
        )
        published.append(
            {
                "id": stratum_id,
                "risk_class": risk_class,
                "size": stratum.size,
                "snapshot_sha256": stratum.snapshot_sha256,
            }
        )
    plan.status = PlanStatus.FROZEN
    plan.frozen_at = timezone.now()
    plan.notice_published_on = today
    plan.save(update_fields=["status", "frozen_at", "notice_published_on", "updated_at"])
    audit_record(actor=actor, action="inspection.plan_frozen", obj=plan, after={"strata": published})
    return plan


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
