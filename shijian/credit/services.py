"""Recording credit facts (信用信息归集): the one way every app adds a fact to an entity's record.

``credit_fact_record`` validates provenance, stores the fact, publishes it on
the portal when it is public (masked by its portal kind, with source
department and document number; the change feed gets the event) and
notifies ``signals.credit_fact_recorded``. Facts are never edited:
``credit_fact_correct`` and ``credit_fact_revoke`` add a new fact that
points at the old one and take the old one off the portal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, cast

from django.db import transaction

from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.errors import Conflict, ValidationFailed
from shijian.core.masking import mask_personal_data_in
from shijian.credit import policies
from shijian.credit.domain import CreditKind, Relation, Severity, fact_problems
from shijian.credit.kinds import credit_kind
from shijian.credit.models import CreditFact
from shijian.credit.signals import credit_fact_recorded
from shijian.registry.models import MarketEntity, Person
from shijian.registry.services import public_fact_publish, public_fact_withdraw

__all__ = ["credit_fact_correct", "credit_fact_record", "credit_fact_revoke"]


def _kind(kind: str) -> CreditKind:
    registered = credit_kind(kind)
    if registered is None:
        raise ValidationFailed(
            "kind", f"未登记的信用信息类别 {kind[:60]}", f"unknown credit fact kind {kind[:60]}"
        )
    return registered


def _store(
    *,
    actor: Actor,
    entity: MarketEntity,
    kind: CreditKind,
    title: str,
    decided_on: dt.date,
    source_department: str,
    document_number: str,
    legal_basis: str,
    severity: Severity | None,
    body: Mapping[str, Any],
    public: bool | None,
    person: Person | None,
    source_type: str,
    source_id: str,
    supersedes: CreditFact | None,
    relation: Relation | None,
    reason: str,
    today: dt.date,
) -> CreditFact:
    shown = kind.public if public is None else public
    problems = fact_problems(
        kind=kind,
        title=title,
        source_department=source_department,
        document_number=document_number,
        decided_on=decided_on,
        established_on=entity.established_on,
        public=shown,
        today=today,
    )
    if person is not None and not kind.person_fact:
        raise ValidationFailed(
            "person", f"“{kind.label_zh}”类信息不记录到个人", f"facts of kind '{kind.kind}' name no person"
        )
    if problems:
        first = problems[0]
        raise ValidationFailed(first.field, first.message_zh, first.message_en)
    portal_entry = None
    if shown:
        assert kind.portal_kind is not None  # fact_problems refuses a public fact without one
        portal_entry = public_fact_publish(
            actor=actor,
            entity=entity,
            kind=kind.portal_kind,
            title=title,
            # Besides the kind's masks by key: personal numbers anywhere in the content.
            body=cast(dict[str, Any], mask_personal_data_in(dict(body))),
            source_department=source_department,
            decided_on=decided_on,
            published_on=today,
            document_number=document_number,
            source_type="credit.creditfact",
        )
    fact = CreditFact.objects.create(
        entity=entity,
        person=person,
        kind=kind.kind,
        category=kind.category.value,
        title=title.strip(),
        body=dict(body),
        severity=(severity or kind.severity).value,
        source_department=source_department.strip(),
        document_number=document_number.strip(),
        legal_basis=legal_basis.strip(),
        decided_on=decided_on,
        public=shown,
        public_fact=portal_entry,
        supersedes=supersedes,
        relation=relation.value if relation else "",
        reason=reason.strip(),
        source_type=source_type,
        source_id=str(source_id),
        recorded_by=actor.audit_label[:200],
    )
    audit_record(
        actor=actor,
        action=f"credit.fact.{relation.value if relation else 'recorded'}",
        obj=fact,
        after=model_snapshot(fact),
        reason=reason,
    )
    credit_fact_recorded.send(sender=CreditFact, fact=fact, actor=actor)
    return fact


@transaction.atomic
def credit_fact_record(
    *,
    actor: Actor,
    entity: MarketEntity,
    kind: str,
    title: str,
    decided_on: dt.date,
    source_department: str,
    document_number: str = "",
    legal_basis: str = "",
    severity: Severity | None = None,
    body: Mapping[str, Any] | None = None,
    public: bool | None = None,
    person: Person | None = None,
    source_type: str = "",
    source_id: str | int = "",
    today: dt.date,
) -> CreditFact:
    """Record one credit fact about ``entity`` (归集一条信用信息) and publish it if public.

    ``public`` and ``severity`` default to the kind's; a public fact needs a
    document number and a kind with a portal section. Apps pass
    ``source_type``/``source_id`` of the record the fact comes from.
    """
    policies.require_credit_officer(actor, "credit.fact_record", entity.supervisor_path)
    return _store(
        actor=actor,
        entity=entity,
        kind=_kind(kind),
        title=title,
        decided_on=decided_on,
        source_department=source_department,
        document_number=document_number,
        legal_basis=legal_basis,
        severity=severity,
        body=body or {},
        public=public,
        person=person,
        source_type=source_type,
        source_id=str(source_id),
        supersedes=None,
        relation=None,
        reason="",
        today=today,
    )


def _current(actor: Actor, fact: CreditFact, action: str) -> CreditFact:
    policies.require_credit_officer(actor, action, fact.entity.supervisor_path)
    fact = (
        CreditFact.objects.select_for_update(of=("self",))
        .select_related("entity", "public_fact")
        .get(pk=fact.pk)
    )
    if fact.relation == Relation.REVOKES.value:
        raise Conflict(
            "revocation_final", "撤销记录本身不能再更正或撤销", "a revocation cannot be corrected or revoked"
        )
    if CreditFact.objects.filter(supersedes=fact).exists():
        raise Conflict(
            "already_superseded",
            "该信息已被更正或撤销，请对最新记录操作",
            "the fact was already corrected or revoked; act on the latest record",
        )
    return fact


def _take_off_portal(actor: Actor, fact: CreditFact, *, reason: str, today: dt.date) -> None:
    entry = fact.public_fact
    if entry is not None and entry.withdrawn_on is None:
        public_fact_withdraw(actor=actor, fact=entry, on=today, reason=reason)


@transaction.atomic
def credit_fact_correct(
    *,
    actor: Actor,
    fact: CreditFact,
    reason: str,
    title: str | None = None,
    decided_on: dt.date | None = None,
    document_number: str | None = None,
    legal_basis: str | None = None,
    severity: Severity | None = None,
    body: Mapping[str, Any] | None = None,
    public: bool | None = None,
    today: dt.date,
) -> CreditFact:
    """Correct a fact (更正): a new fact with the corrected values replaces the old one everywhere.

    Values not given are carried over; the old fact stays in the record,
    marked as corrected, and leaves the portal.
    """
    fact = _current(actor, fact, "credit.fact_correct")
    if not reason.strip():
        raise ValidationFailed("reason", "更正须说明理由", "a correction needs a reason")
    _take_off_portal(actor, fact, reason=f"更正 corrected: {reason.strip()}", today=today)
    return _store(
        actor=actor,
        entity=fact.entity,
        kind=_kind(fact.kind),
        title=fact.title if title is None else title,
        decided_on=fact.decided_on if decided_on is None else decided_on,
        source_department=fact.source_department,
        document_number=fact.document_number if document_number is None else document_number,
        legal_basis=fact.legal_basis if legal_basis is None else legal_basis,
        severity=Severity(fact.severity) if severity is None else severity,
        body=fact.body if body is None else body,
        public=fact.public if public is None else public,
        person=fact.person,
        source_type=fact.source_type,
        source_id=fact.source_id,
        supersedes=fact,
        relation=Relation.CORRECTS,
        reason=reason,
        today=today,
    )


@transaction.atomic
def credit_fact_revoke(
    *,
    actor: Actor,
    fact: CreditFact,
    reason: str,
    decided_on: dt.date,
    document_number: str = "",
    today: dt.date,
) -> CreditFact:
    """Revoke a fact (撤销), e.g. the decision behind it was annulled; it leaves the portal at once.

    The revocation is itself a non-public fact naming the decision that
    revoked it (``decided_on``, ``document_number``).
    """
    fact = _current(actor, fact, "credit.fact_revoke")
    if not reason.strip():
        raise ValidationFailed("reason", "撤销须说明理由", "a revocation needs a reason")
    _take_off_portal(actor, fact, reason=f"撤销 revoked: {reason.strip()}", today=today)
    return _store(
        actor=actor,
        entity=fact.entity,
        kind=_kind(fact.kind),
        title=f"撤销：{fact.title}"[:300],
        decided_on=decided_on,
        source_department=fact.source_department,
        document_number=document_number,
        legal_basis=fact.legal_basis,
        severity=Severity.NONE,
        body={"revoked_fact": fact.pk},
        public=False,
        person=fact.person,
        source_type=fact.source_type,
        source_id=fact.source_id,
        supersedes=fact,
        relation=Relation.REVOKES,
        reason=reason,
        today=today,
    )
