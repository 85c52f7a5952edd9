"""Staff API of credit facts (信用信息): an entity's credit record, recording, correcting, revoking."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Status

from shijian.accounts.api_auth import staff_auth
from shijian.accounts.policies import require_staff
from shijian.core.api import ERROR_RESPONSES
from shijian.credit import selectors, services
from shijian.credit.domain import Severity
from shijian.credit.kinds import credit_kinds
from shijian.credit.models import CreditFact
from shijian.registry import selectors as registry_selectors
from shijian.registry.models import MarketEntity

router = Router(tags=["credit 信用"], auth=staff_auth())


class CreditKindOut(Schema):
    """A registered kind of credit fact."""

    kind: str
    label_zh: str
    label_en: str
    category: str
    public: bool
    severity: str
    published_under: str | None


class CreditFactOut(Schema):
    """One credit fact as officers see it (full content, provenance, relations)."""

    id: int
    entity_id: int
    kind: str
    category: str
    title: str
    body: dict[str, Any]
    severity: str
    source_department: str
    document_number: str
    legal_basis: str
    decided_on: dt.date
    public: bool
    portal_fact_id: int | None
    supersedes_id: int | None
    relation: str
    reason: str
    in_force: bool
    recorded_by: str


class CreditRecordOut(Schema):
    """An entity's credit record: every fact, newest first."""

    entity_id: int
    uscc: str
    facts: list[CreditFactOut]


class CreditFactIn(Schema):
    """A fact to record (归集), with its provenance."""

    kind: str
    title: str
    decided_on: dt.date
    source_department: str
    document_number: str = ""
    legal_basis: str = ""
    severity: Severity | None = None
    body: dict[str, Any] = Field(default_factory=dict)
    public: bool | None = None


class CreditFactCorrectIn(Schema):
    """A correction (更正): the reason and the values that change."""

    reason: str
    title: str | None = None
    decided_on: dt.date | None = None
    document_number: str | None = None
    legal_basis: str | None = None
    severity: Severity | None = None
    body: dict[str, Any] | None = None
    public: bool | None = None


class CreditFactRevokeIn(Schema):
    """A revocation (撤销): why, and the decision that revoked the fact."""

    reason: str
    decided_on: dt.date
    document_number: str = ""


def _out(fact: CreditFact, *, in_force: bool) -> CreditFactOut:
    return CreditFactOut(
        id=fact.pk,
        entity_id=fact.entity_id,
        kind=fact.kind,
        category=fact.category,
        title=fact.title,
        body=fact.body,
        severity=fact.severity,
        source_department=fact.source_department,
        document_number=fact.document_number,
        legal_basis=fact.legal_basis,
        decided_on=fact.decided_on,
        public=fact.public,
        portal_fact_id=fact.public_fact_id,
        supersedes_id=fact.supersedes_id,
        relation=fact.relation,
        reason=fact.reason,
        in_force=in_force,
        recorded_by=fact.recorded_by,
    )


def _entity(request: HttpRequest, entity_id: int) -> MarketEntity:
    actor = request.actor  # type: ignore[attr-defined]
    require_staff(actor, "credit.read")
    return registry_selectors.entity_get(actor=actor, entity_id=entity_id)


@router.get("/credit/kinds", response={200: list[CreditKindOut], **ERROR_RESPONSES})
def kinds(request: HttpRequest) -> list[CreditKindOut]:
    """The registered kinds of credit facts (信用信息类别)."""
    require_staff(request.actor, "credit.read")  # type: ignore[attr-defined]
    return [
        CreditKindOut(
            kind=k.kind,
            label_zh=k.label_zh,
            label_en=k.label_en,
            category=k.category.value,
            public=k.public,
            severity=k.severity.value,
            published_under=k.portal_kind,
        )
        for k in sorted(credit_kinds().values(), key=lambda k: k.kind)
    ]


@router.get("/credit/entities/{entity_id}/facts", response={200: CreditRecordOut, **ERROR_RESPONSES})
def record(request: HttpRequest, entity_id: int) -> CreditRecordOut:
    """An entity's credit record (信用档案), for officers of its jurisdiction."""
    entity = _entity(request, entity_id)
    found = selectors.credit_record(actor=request.actor, entity=entity)  # type: ignore[attr-defined]
    in_force = {f.pk for f in found.in_force}
    return CreditRecordOut(
        entity_id=entity.pk,
        uscc=entity.uscc,
        facts=[_out(f, in_force=f.pk in in_force) for f in found.history],
    )


@router.post("/credit/entities/{entity_id}/facts", response={201: CreditFactOut, **ERROR_RESPONSES})
def record_fact(request: HttpRequest, entity_id: int, body: CreditFactIn) -> Status[CreditFactOut]:
    """Record a credit fact (归集信用信息), e.g. one shared by another department."""
    entity = _entity(request, entity_id)
    fact = services.credit_fact_record(
        actor=request.actor,  # type: ignore[attr-defined]
        entity=entity,
        kind=body.kind,
        title=body.title,
        decided_on=body.decided_on,
        source_department=body.source_department,
        document_number=body.document_number,
        legal_basis=body.legal_basis,
        severity=body.severity,
        body=body.body,
        public=body.public,
        today=timezone.localdate(),
    )
    return Status(201, _out(fact, in_force=True))


@router.post("/credit/facts/{fact_id}/correct", response={201: CreditFactOut, **ERROR_RESPONSES})
def correct(request: HttpRequest, fact_id: int, body: CreditFactCorrectIn) -> Status[CreditFactOut]:
    """Correct a fact (更正): a new fact replaces it; the old one stays in the history."""
    actor = request.actor  # type: ignore[attr-defined]
    fact = selectors.credit_fact_get(actor=actor, fact_id=fact_id)
    new = services.credit_fact_correct(
        actor=actor,
        fact=fact,
        reason=body.reason,
        title=body.title,
        decided_on=body.decided_on,
        document_number=body.document_number,
        legal_basis=body.legal_basis,
        severity=body.severity,
        body=body.body,
        public=body.public,
        today=timezone.localdate(),
    )
    return Status(201, _out(new, in_force=True))


@router.post("/credit/facts/{fact_id}/revoke", response={201: CreditFactOut, **ERROR_RESPONSES})
def revoke(request: HttpRequest, fact_id: int, body: CreditFactRevokeIn) -> Status[CreditFactOut]:
    """Revoke a fact (撤销): it stops counting and leaves the portal at once."""
    actor = request.actor  # type: ignore[attr-defined]
    fact = selectors.credit_fact_get(actor=actor, fact_id=fact_id)
    new = services.credit_fact_revoke(
        actor=actor,
        fact=fact,
        reason=body.reason,
        decided_on=body.decided_on,
        document_number=body.document_number,
        today=timezone.localdate(),
    )
    return Status(201, _out(new, in_force=False))
