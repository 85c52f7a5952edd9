"""API of the licence app (证照分离): catalogue, licences, status changes, commitment verification.

Staff endpoints under ``/registry/...`` (objects outside the officer's
jurisdiction answer 404); an entity's representative reads its own licences
under ``/enterprise/entities/{id}/licences``.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Status

from shijian.accounts.api_auth import staff_auth
from shijian.core.actor import Actor
from shijian.core.api import ERROR_RESPONSES
from shijian.core.errors import NotFound
from shijian.registry import selectors as registry_selectors
from shijian.registry.licences import policies, selectors, services
from shijian.registry.licences.domain import LicenceStatus, ReformMode, VerificationOutcome, effective_status
from shijian.registry.licences.models import Licence, LicenceItem, LicenceVerification
from shijian.registry.models import MarketEntity

router = Router(tags=["licences 证照分离"], auth=staff_auth())


class LicenceItemIn(Schema):
    """A new catalogue item (许可事项)."""

    code: str
    name: str
    department: str
    legal_basis: str
    reform_mode: ReformMode
    supervision_measure: str
    verify_rule_id: str = "licence.commitment_verify"
    edition: str = ""
    active: bool = True


class LicenceItemPatchIn(Schema):
    """Changes to a catalogue item (omitted: unchanged)."""

    name: str | None = None
    department: str | None = None
    legal_basis: str | None = None
    reform_mode: ReformMode | None = None
    supervision_measure: str | None = None
    verify_rule_id: str | None = None
    edition: str | None = None
    active: bool | None = None
    reason: str = ""


class LicenceItemOut(Schema):
    """A catalogue item."""

    id: int
    code: str
    name: str
    department: str
    legal_basis: str
    reform_mode: str
    supervision_measure: str
    verify_rule_id: str
    edition: str
    active: bool


class LicenceIn(Schema):
    """A licence granted to the entity (行政许可准予)."""

    item_id: int
    number: str
    scope: str
    issued_on: dt.date
    expires_on: dt.date | None = None
    issuing_authority: str = ""
    on_commitment: bool = False
    assignee_user_id: int | None = None


class StatusIn(Schema):
    """A status change with its date and reason."""

    status: LicenceStatus
    on: dt.date
    reason: str = Field(min_length=1)


class VerificationOut(Schema):
    """A commitment verification (告知承诺核查)."""

    id: int
    licence_id: int
    entity_id: int
    rule_id: str
    due_on: dt.date
    outcome: str
    found_on: dt.date | None
    note: str
    late: bool
    clock_id: int | None


class LicenceOut(Schema):
    """A licence with its status today and its verification, if any."""

    id: int
    entity_id: int
    item_id: int
    item_code: str
    item_name: str
    number: str
    scope: str
    issued_on: dt.date
    expires_on: dt.date | None
    issuing_authority: str
    on_commitment: bool
    status: str
    effective_status: str
    status_since: dt.date
    fact_id: int | None
    verification: VerificationOut | None


class OutcomeIn(Schema):
    """The verification outcome (承诺属实 / 承诺不实)."""

    outcome: VerificationOutcome
    found_on: dt.date
    note: str = ""


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined,no-any-return]


def _item_out(item: LicenceItem) -> LicenceItemOut:
    return LicenceItemOut.model_validate(item, from_attributes=True)


def _verification_out(verification: LicenceVerification) -> VerificationOut:
    return VerificationOut(
        id=verification.pk,
        licence_id=verification.licence_id,
        entity_id=verification.licence.entity_id,
        rule_id=verification.rule_id,
        due_on=verification.due_on,
        outcome=verification.outcome,
        found_on=verification.found_on,
        note=verification.note,
        late=verification.late,
        clock_id=verification.clock_id,
    )


def _licence_out(licence: Licence, today: dt.date) -> LicenceOut:
    verification = LicenceVerification.objects.filter(licence=licence).first()
    return LicenceOut(
        id=licence.pk,
        entity_id=licence.entity_id,
        item_id=licence.item_id,
        item_code=licence.item.code,
        item_name=licence.item.name,
        number=licence.number,
        scope=licence.scope,
        issued_on=licence.issued_on,
        expires_on=licence.expires_on,
        issuing_authority=licence.issuing_authority,
        on_commitment=licence.on_commitment,
        status=licence.status,
        effective_status=effective_status(LicenceStatus(licence.status), licence.expires_on, today).value,
        status_since=licence.status_since,
        fact_id=licence.fact_id,
        verification=_verification_out(verification) if verification else None,
    )


def _staff(request: HttpRequest, action: str) -> Actor:
    actor = _actor(request)
    policies.require_staff(actor, action)
    return actor


def _staff_entity(request: HttpRequest, entity_id: int) -> MarketEntity:
    actor = _staff(request, "registry.licences.read")
    return registry_selectors.entity_get(actor=actor, entity_id=entity_id)


# -- catalogue ------------------------------------------------------------------------


@router.get("/registry/licence-items", response={200: list[LicenceItemOut], **ERROR_RESPONSES})
def item_list(request: HttpRequest, active: bool | None = None) -> list[LicenceItemOut]:
    """The reform catalogue (证照分离改革事项清单)."""
    _staff(request, "registry.licence_items.read")
    return [_item_out(item) for item in selectors.licence_item_list(active=active)]


@router.post("/registry/licence-items", response={201: LicenceItemOut, **ERROR_RESPONSES})
def item_create(request: HttpRequest, body: LicenceItemIn) -> Status[LicenceItemOut]:
    """Add a catalogue item (administrators and bureau heads)."""
    item = services.licence_item_create(
        actor=_staff(request, "registry.licence_item_create"), **body.model_dump()
    )
    return Status(201, _item_out(item))


@router.patch("/registry/licence-items/{item_id}", response={200: LicenceItemOut, **ERROR_RESPONSES})
def item_update(request: HttpRequest, item_id: int, body: LicenceItemPatchIn) -> LicenceItemOut:
    """Change a catalogue item (administrators and bureau heads)."""
    actor = _staff(request, "registry.licence_item_update")
    item = services.licence_item_update(
        actor=actor, item=selectors.licence_item_get(item_id=item_id), **body.model_dump()
    )
    return _item_out(item)


# -- licences -------------------------------------------------------------------------


@router.get("/registry/entities/{entity_id}/licences", response={200: list[LicenceOut], **ERROR_RESPONSES})
def entity_licences(request: HttpRequest, entity_id: int) -> list[LicenceOut]:
    """An entity's licences (officers of its jurisdiction)."""
    entity = _staff_entity(request, entity_id)
    today = timezone.localdate()
    return [
        _licence_out(lic, today) for lic in selectors.licence_list(actor=_actor(request), entity_id=entity.pk)
    ]


@router.post("/registry/entities/{entity_id}/licences", response={201: LicenceOut, **ERROR_RESPONSES})
def licence_grant(request: HttpRequest, entity_id: int, body: LicenceIn) -> Status[LicenceOut]:
    """Record a licence granted to the entity; on a written commitment a verification task opens."""
    entity = _staff_entity(request, entity_id)
    today = timezone.localdate()
    licence = services.licence_grant(
        actor=_actor(request),
        entity=entity,
        item=selectors.licence_item_get(item_id=body.item_id),
        number=body.number,
        scope=body.scope,
        issued_on=body.issued_on,
        expires_on=body.expires_on,
        issuing_authority=body.issuing_authority,
        on_commitment=body.on_commitment,
        assignee_user_id=body.assignee_user_id,
        today=today,
    )
    return Status(201, _licence_out(licence, today))


@router.get("/registry/licences/{licence_id}", response={200: LicenceOut, **ERROR_RESPONSES})
def licence_detail(request: HttpRequest, licence_id: int) -> LicenceOut:
    """One licence (404 outside my jurisdiction)."""
    actor = _staff(request, "registry.licences.read")
    return _licence_out(selectors.licence_get(actor=actor, licence_id=licence_id), timezone.localdate())


@router.post("/registry/licences/{licence_id}/status", response={200: LicenceOut, **ERROR_RESPONSES})
def licence_status(request: HttpRequest, licence_id: int, body: StatusIn) -> LicenceOut:
    """Change a licence's status (暂扣、恢复、撤销、注销)."""
    actor = _staff(request, "registry.licence_status_change")
    today = timezone.localdate()
    licence = services.licence_status_change(
        actor=actor,
        licence=selectors.licence_get(actor=actor, licence_id=licence_id),
        status=body.status,
        on=body.on,
        reason=body.reason,
        today=today,
    )
    return _licence_out(licence, today)


# -- verification ---------------------------------------------------------------------


@router.get("/registry/licence-verifications", response={200: list[VerificationOut], **ERROR_RESPONSES})
def verification_list(
    request: HttpRequest, outcome: VerificationOutcome | None = None
) -> list[VerificationOut]:
    """Commitment verifications in my jurisdiction, pending and most urgent first."""
    actor = _staff(request, "registry.licence_verifications.read")
    return [_verification_out(v) for v in selectors.verification_list(actor=actor, outcome=outcome)[:500]]


@router.post(
    "/registry/licence-verifications/{verification_id}/outcome",
    response={200: VerificationOut, **ERROR_RESPONSES},
)
def verification_outcome(request: HttpRequest, verification_id: int, body: OutcomeIn) -> VerificationOut:
    """Record a verification's outcome; a broken commitment notifies the credit app (signal)."""
    actor = _staff(request, "registry.licence_verify")
    verification = services.verification_record(
        actor=actor,
        verification=selectors.verification_get(actor=actor, verification_id=verification_id),
        outcome=body.outcome,
        found_on=body.found_on,
        note=body.note,
        today=timezone.localdate(),
    )
    return _verification_out(verification)


# -- enterprise -----------------------------------------------------------------------


@router.get("/enterprise/entities/{entity_id}/licences", response={200: list[LicenceOut], **ERROR_RESPONSES})
def my_licences(request: HttpRequest, entity_id: int) -> list[LicenceOut]:
    """The licences of an entity I represent (404 if not mine)."""
    today = timezone.localdate()
    entity = (
        registry_selectors.entities_represented(actor=_actor(request), on=today).filter(pk=entity_id).first()
    )
    if entity is None:
        raise NotFound("entity")
    return [_licence_out(lic, today) for lic in selectors.entity_licences(entity=entity)]
