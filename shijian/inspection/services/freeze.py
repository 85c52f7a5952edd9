"""Freezing a plan's entity directory (名录固定): the strata, their snapshot files and opaque ids."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from random import SystemRandom
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record
from shijian.core.errors import Conflict
from shijian.inspection import policies
from shijian.inspection.directory import (
    directory_snapshots,
    lead_jurisdiction,
)
from shijian.inspection.domain.draw import (
    snapshot_sha256,
)
from shijian.inspection.models import (
    Plan,
    PlanStatus,
    Stratum,
    Task,
)
from shijian.inspection.services._common import _locked, _require_status, snapshot_path


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
