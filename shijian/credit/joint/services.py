"""Writes of joint punishment (联合惩戒): record a query with its answer, record feedback, version measures.

Each service is one transaction with one audit record. Queries and feedback
are never changed afterwards (PostgreSQL trigger, migration 0003); a
measure is changed by adding a version, never by editing or deleting one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.utils import timezone

from shijian.accounts.models import OrgUnit
from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.errors import Conflict, ValidationFailed
from shijian.credit.joint import policies, selectors
from shijian.credit.joint.domain import (
    FeedbackAction,
    ListType,
    Problem,
    Purpose,
    feedback_problems,
    measure_problems,
    new_version_problems,
)
from shijian.credit.joint.models import JointFeedback, JointMeasure, JointQuery

__all__ = ["feedback_record", "measure_end", "measure_version_add", "query_record"]


def _refuse(problems: list[Problem]) -> None:
    """Raise the first problem as a ``ValidationFailed`` naming its field (zh/en)."""
    if problems:
        first = problems[0]
        raise ValidationFailed(first.field, first.message_zh, first.message_en)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


@transaction.atomic
def query_record(
    *,
    actor: Actor,
    uscc: str,
    purpose: Purpose,
    on: dt.date | None = None,
    reference: str = "",
    today: dt.date,
) -> JointQuery:
    """Answer "is this entity restricted for this purpose on this day, and why" and record it (联合惩戒查询).

    Partner departments, bureau staff and the system may ask about any
    entity (the lists are public). ``on`` defaults to today and may not be
    in the future (a list in force later is not known yet). The answer's
    reasons and the listings in force are stored as given, with the asker
    and the department, and the query id is returned with the answer.
    """
    policies.require_query(actor)
    day = on or today
    if day > today:
        raise ValidationFailed(
            "on", "查询基准日不能晚于今天", "the day asked about cannot be in the future", code="future_date"
        )
    if len(reference) > 100:
        raise ValidationFailed(
            "reference", "业务编号不能超过100个字符", "the reference has at most 100 characters"
        )
    entity = selectors.entity_for_uscc(uscc=uscc)
    answer = selectors.restriction_answer(actor=actor, entity=entity, purpose=purpose, on=day)
    department_id = policies.department_of(actor)
    unit = OrgUnit.objects.filter(pk=department_id).first() if department_id is not None else None
    query = JointQuery.objects.create(
        entity=entity,
        uscc=entity.uscc,
        entity_name=entity.name,
        purpose=purpose.value,
        on=day,
        restricted=answer.restricted,
        answer=[_jsonable(asdict(r)) for r in answer.reasons],
        listings=[
            _jsonable({**asdict(x), "list_type": x.list_type.value, "list_zh": x.list_type.label_zh})
            for x in answer.listings
        ],
        reference=reference.strip(),
        asked_by_id=actor.user_id,
        asked_by_label=actor.display_name or actor.username,
        department_unit=unit,
        department=unit.name if unit is not None else ("系统" if actor.is_system else ""),
        by_partner=policies.asks_as_partner(actor),
        asked_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="credit_joint.queried",
        obj=query,
        after={
            "uscc": query.uscc,
            "purpose": query.purpose,
            "on": day,
            "restricted": query.restricted,
            "reasons": [(r["list_type"], r["listing_id"], r["measure"]) for r in query.answer],
            "department": query.department,
            "reference": query.reference,
        },
    )
    return query


@transaction.atomic
def feedback_record(
    *,
    actor: Actor,
    query_id: int,
    action: FeedbackAction | str,
    acted_on: dt.date,
    document_number: str = "",
    note: str = "",
    today: dt.date,
) -> JointFeedback:
    """Record what the department did with an answer (反馈): once per query, by the asking department.

    Another department's query is not there (404). Refused (422, by field):
    an unknown action, a date in the future or before the query, "restricted
    or excluded" without the department's document or on an answer without
    a restriction, "other" without a note, not restricting a restricted
    entity without a note. A second feedback is a conflict (409).
    """
    policies.require_query(actor, "credit_joint.feedback")
    query = selectors.query_own_get(actor=actor, query_id=query_id)
    # Lock the query row so that two concurrent reports cannot both pass the check below.
    JointQuery.objects.select_for_update().filter(pk=query.pk).first()
    if JointFeedback.objects.filter(query=query).exists():
        raise Conflict("feedback_exists", "该次查询已反馈", "feedback on this query is already recorded")
    action_value = action.value if isinstance(action, FeedbackAction) else str(action)
    asked_on = timezone.localtime(query.asked_at).date()
    _refuse(
        feedback_problems(
            action=action_value,
            restricted=query.restricted,
            acted_on=acted_on,
            asked_on=asked_on,
            document_number=document_number,
            note=note,
            today=today,
        )
    )
    feedback = JointFeedback.objects.create(
        query=query,
        action=action_value,
        document_number=document_number.strip(),
        acted_on=acted_on,
        note=note.strip(),
        recorded_by_id=actor.user_id,
        recorded_by_label=actor.display_name or actor.username,
    )
    audit_record(
        actor=actor,
        action="credit_joint.feedback_recorded",
        obj=feedback,
        after=model_snapshot(feedback, ["query", "action", "document_number", "acted_on", "note"]),
    )
    return feedback


@transaction.atomic
def measure_version_add(
    *,
    actor: Actor,
    list_type: ListType | str,
    code: str,
    purpose: Purpose | str,
    label_zh: str,
    label_en: str,
    departments: str,
    legal_basis: str,
    confidence: str,
    effective_from: dt.date,
    notes: str = "",
) -> JointMeasure:
    """Add a version of a measure (新增措施版本): it ends the previous version the day before it starts.

    A new code starts at version 1. Nothing is deleted: earlier versions
    keep explaining the answers given while they were in force. System
    administrators only.
    """
    policies.require_measure_admin(actor)
    list_value = list_type.value if isinstance(list_type, ListType) else str(list_type)
    purpose_value = purpose.value if isinstance(purpose, Purpose) else str(purpose)
    code = code.strip()
    _refuse(
        measure_problems(
            list_type=list_value,
            code=code,
            purpose=purpose_value,
            label_zh=label_zh,
            label_en=label_en,
            departments=departments,
            legal_basis=legal_basis,
            confidence=confidence,
        )
    )
    versions = JointMeasure.objects.select_for_update().filter(list_type=list_value, code=code)
    latest = versions.order_by("-version").first()
    _refuse(
        new_version_problems(
            effective_from=effective_from, latest_from=latest.effective_from if latest is not None else None
        )
    )
    if latest is not None and (latest.effective_to is None or latest.effective_to >= effective_from):
        before = model_snapshot(latest)
        latest.effective_to = effective_from - dt.timedelta(days=1)
        latest.save(update_fields=["effective_to"])
        audit_record(
            actor=actor,
            action="credit_joint.measure_ended",
            obj=latest,
            before=before,
            after=model_snapshot(latest),
            reason="新版本生效 superseded by a new version",
        )
    measure = JointMeasure(
        list_type=list_value,
        code=code,
        version=(latest.version + 1) if latest is not None else 1,
        purpose=purpose_value,
        label_zh=label_zh.strip(),
        label_en=label_en.strip(),
        departments=departments.strip(),
        legal_basis=legal_basis.strip(),
        confidence=confidence,
        effective_from=effective_from,
        notes=notes.strip(),
        created_by=actor.display_name or actor.username,
    )
    measure.full_clean()
    measure.save()
    audit_record(
        actor=actor, action="credit_joint.measure_version_added", obj=measure, after=model_snapshot(measure)
    )
    return measure


@transaction.atomic
def measure_end(*, actor: Actor, measure: JointMeasure, effective_to: dt.date, reason: str) -> JointMeasure:
    """End a measure without a successor (措施废止), e.g. its legal basis was repealed.

    Only the latest, still open version can be ended, on a day not before it
    started; ``reason`` (the repealing act) is required. System
    administrators only.
    """
    policies.require_measure_admin(actor)
    measure = JointMeasure.objects.select_for_update().get(pk=measure.pk)
    if measure.effective_to is not None:
        raise Conflict("measure_ended", "该措施版本已失效", "this measure version has already ended")
    if not reason.strip():
        raise ValidationFailed("reason", "须说明废止理由（如依据已废止）", "a reason is required")
    if effective_to < measure.effective_from:
        raise ValidationFailed(
            "effective_to",
            f"失效日期不能早于生效日期（{measure.effective_from.isoformat()}）",
            f"the last day cannot precede the first ({measure.effective_from.isoformat()})",
        )
    before = model_snapshot(measure)
    measure.effective_to = effective_to
    measure.save(update_fields=["effective_to"])
    audit_record(
        actor=actor,
        action="credit_joint.measure_ended",
        obj=measure,
        before=before,
        after=model_snapshot(measure),
        reason=reason.strip(),
    )
    return measure
