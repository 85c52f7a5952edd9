"""Writes of enforcement cases: for now, recording the case leads (案件线索) other procedures hand over.

Every write runs in one transaction with one audit record; inputs are
checked with errors that name the field in Chinese and English.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from shijian.accounts.models import OrgUnit
from shijian.cases import policies
from shijian.cases.models import CaseLead, LeadStatus
from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.errors import Conflict, ValidationFailed, required_text
from shijian.registry.models import MarketEntity

__all__ = ["lead_create"]


def _existing(source_type: str, source_id: str, entity: MarketEntity) -> CaseLead | None:
    """The lead already recorded for the source, refusing one that names another entity."""
    lead = (
        CaseLead.objects.select_related("entity", "department")
        .filter(source_type=source_type, source_id=source_id)
        .first()
    )
    if lead is not None and lead.entity_id != entity.pk:
        raise Conflict(
            "lead_source_taken",
            "该来源已产生另一主体的案件线索",
            "this source already gave a case lead for another entity",
            field="source_id",
        )
    return lead


@transaction.atomic
def lead_create(
    *,
    actor: Actor,
    entity: MarketEntity,
    source_type: str,
    source_id: str,
    summary: str,
    found_on: dt.date,
    department: OrgUnit,
    today: dt.date,
) -> CaseLead:
    """Record a case lead (案件线索) handed over by another procedure, status ``open``.

    ``source_type``/``source_id`` name the record that produced it (e.g.
    ``"inspection.result"`` and the result's id). Idempotent: a second call
    for the same source returns the lead already recorded (no second audit
    record), so a procedure may hand over again after a retry. Staff of the
    department's jurisdiction only (outside it: 404; inside with another
    role: 403); the system actor may always hand over. Audited as
    ``cases.lead_created``.
    """
    policies.require_case_officer(actor, "cases.lead_create", department.path)
    kind = required_text(source_type, "source_type", "来源类型", "the source type", limit=50)
    number = required_text(str(source_id), "source_id", "来源编号", "the source id", limit=64)
    existing = _existing(kind, number, entity)
    if existing is not None:
        return existing
    text = required_text(summary, "summary", "线索摘要", "the summary")
    if found_on > today:
        raise ValidationFailed("found_on", "发现日期不能晚于今天", "the day found is in the future")
    try:
        # A savepoint: a concurrent hand-over of the same source wins the unique constraint,
        # and this call then returns its lead instead of failing.
        with transaction.atomic():
            lead = CaseLead.objects.create(
                entity=entity,
                source_type=kind,
                source_id=number,
                summary=text,
                found_on=found_on,
                department=department,
                status=LeadStatus.OPEN,
                created_by=actor.audit_label[:200],
            )
    except IntegrityError:
        existing = _existing(kind, number, entity)
        if existing is None:
            raise
        return existing
    audit_record(actor=actor, action="cases.lead_created", obj=lead, after=model_snapshot(lead))
    return lead
