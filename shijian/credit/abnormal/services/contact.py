"""Contact failures (无法联系) found by other procedures: the start of ground (4) for the abnormal section.

A random-inspection result (or another procedure) may find that the entity
cannot be reached at its registered address or premises
(通过登记的住所或者经营场所无法联系). The finding is recorded here and puts
the entity on the abnormal section's work queue
(``selectors.contact_failure_queue``): send the registered letters. It does
not by itself establish ground (4): listing still needs the two registered
letters returned unsigned (``letter_evidence_for``).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.errors import Conflict, ValidationFailed, required_text
from shijian.credit import policies
from shijian.credit.abnormal.models import ContactFailure
from shijian.registry.models import MarketEntity


def _existing(source_type: str, source_id: str, entity: MarketEntity) -> ContactFailure | None:
    """The finding already recorded for the source, refusing one that names another entity."""
    found = ContactFailure.objects.filter(source_type=source_type, source_id=source_id).first()
    if found is not None and found.entity_id != entity.pk:
        raise Conflict(
            "contact_failure_source_taken",
            "该来源已记录另一主体的无法联系情况",
            "this source already recorded another entity as unreachable",
            field="source_id",
        )
    return found


@transaction.atomic
def contact_failure_record(
    *,
    actor: Actor,
    entity: MarketEntity,
    found_on: dt.date,
    source_type: str,
    source_id: str,
    reference: str,
    note: str = "",
    today: dt.date,
) -> ContactFailure:
    """Record that another procedure found the entity unreachable at its registered address.

    ``source_type``/``source_id`` name the record that found it (e.g.
    ``"inspection.result"`` and the result's id); ``reference`` is its
    document number or a short description. Idempotent: a second call for
    the same source returns the finding already recorded (no second audit
    record). Credit officers of the entity's jurisdiction (404 outside, 403
    for other roles) and the system actor. Audited as
    ``credit.abnormal.contact_failure_recorded``. The ground-(4) rule is
    unchanged: this queues the registered letters, it does not list.
    """
    policies.require_credit_officer(actor, "credit.abnormal.contact_failure_record", entity.supervisor_path)
    kind = required_text(source_type, "source_type", "来源类型", "the source type", limit=50)
    number = required_text(str(source_id), "source_id", "来源编号", "the source id", limit=64)
    existing = _existing(kind, number, entity)
    if existing is not None:
        return existing
    text = required_text(reference, "reference", "文书编号或说明", "the reference", limit=200)
    if found_on > today:
        raise ValidationFailed("found_on", "发现日期不能晚于今天", "the day found is in the future")
    if found_on < entity.established_on:
        raise ValidationFailed(
            "found_on", "发现日期早于主体成立日期", "found before the entity was established"
        )
    try:
        # A savepoint: a concurrent hand-over of the same source wins the unique constraint,
        # and this call then returns its finding instead of failing.
        with transaction.atomic():
            failure = ContactFailure.objects.create(
                entity=entity,
                found_on=found_on,
                source_type=kind,
                source_id=number,
                reference=text,
                note=(note or "").strip()[:5000],
                recorded_by=actor.audit_label[:200],
            )
    except IntegrityError:
        existing = _existing(kind, number, entity)
        if existing is None:
            raise
        return existing
    audit_record(
        actor=actor,
        action="credit.abnormal.contact_failure_recorded",
        obj=failure,
        after=model_snapshot(failure),
    )
    return failure
