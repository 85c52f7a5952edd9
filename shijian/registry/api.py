"""Staff API of the registry: register and change entities, lifecycle acts, simplified deregistration,
enterprise representatives (企业联络员)."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Status

from shijian.accounts.api_auth import staff_auth
from shijian.accounts.policies import require_staff
from shijian.accounts.selectors import org_unit_get
from shijian.core.api import ERROR_RESPONSES
from shijian.core.errors import ValidationFailed
from shijian.core.masking import mask_phone
from shijian.core.scoping import get_in_scope
from shijian.registry import selectors, services
from shijian.registry.deregistration import services as dereg_services
from shijian.registry.deregistration.models import DeregistrationNotice, Objection
from shijian.registry.domain import EntityType
from shijian.registry.models import EntityRepresentative, MarketEntity

router = Router(tags=["registry 登记"], auth=staff_auth())


class PersonIn(Schema):
    """The responsible person."""

    name: str
    id_number: str
    id_type: str = "resident_id"
    phone: str = ""


class EntityRegisterIn(Schema):
    """A new registration (设立登记)."""

    uscc: str
    name: str
    entity_type: EntityType
    responsible: PersonIn
    established_on: dt.date
    address: str
    division_code: str
    business_scope: str
    registration_authority_id: int
    supervisor_id: int | None = None
    registered_capital: decimal.Decimal | None = None
    capital_currency: str = "CNY"
    term_end: dt.date | None = None
    premises_address: str = ""
    industry_code: str | None = None
    foreign_invested: bool = False
    parent_uscc: str | None = None


class EntityStaffOut(Schema):
    """An entity as staff see it (the responsible person's ID number included)."""

    id: int
    uscc: str
    uscc_flagged: bool
    name: str
    entity_type: str
    status: str
    status_since: dt.date
    established_on: dt.date
    address: str
    division_code: str
    business_scope: str
    registered_capital: decimal.Decimal | None
    responsible_person: str
    responsible_id_number: str
    supervisor_path: str


class ChangeIn(Schema):
    """A change registration (变更登记): item -> new value; a person for responsible_person."""

    changes: dict[str, Any]
    changed_on: dt.date
    document_number: str = ""
    reason: str = ""


class SuspendIn(Schema):
    """A business suspension (歇业)."""

    on: dt.date
    until: dt.date
    reason: str = ""


class DatedIn(Schema):
    """A dated act with an optional document number and reason."""

    on: dt.date
    document_number: str = ""
    reason: str = ""


class RelocateIn(Schema):
    """A relocation to another registration authority (迁移)."""

    to_authority_id: int
    to_supervisor_id: int | None = None
    new_address: str
    new_division_code: str
    on: dt.date


class NoticeOut(Schema):
    """A simplified-deregistration notice."""

    id: int
    entity_id: int
    status: str
    applied_on: dt.date
    notice_start: dt.date
    notice_end: dt.date


class ObjectionDecideIn(Schema):
    """The decision on an objection."""

    upheld: bool
    note: str = Field(min_length=1)


class RepresentativeOut(Schema):
    """A representative link (企业联络员): the enterprise account and its dates; the phone masked."""

    id: int
    entity_id: int
    user_id: int
    username: str
    display_name: str
    phone_masked: str
    granted_on: dt.date
    revoked_on: dt.date | None
    active: bool


class RepresentativeGrantIn(Schema):
    """A grant: an existing enterprise account by username, or a new one (``create_account``)."""

    username: str
    create_account: bool = False
    display_name: str = ""
    phone: str = ""
    granted_on: dt.date | None = None
    reason: str = ""


class RepresentativeRevokeIn(Schema):
    """A revocation with its reason; the date is today unless given."""

    reason: str = ""
    revoked_on: dt.date | None = None


def _out(entity: MarketEntity) -> EntityStaffOut:
    person = entity.responsible_person
    return EntityStaffOut(
        id=entity.pk,
        uscc=entity.uscc,
        uscc_flagged=entity.uscc_flagged,
        name=entity.name,
        entity_type=entity.entity_type,
        status=entity.status,
        status_since=entity.status_since,
        established_on=entity.established_on,
        address=entity.address,
        division_code=entity.division_code,
        business_scope=entity.business_scope,
        registered_capital=entity.registered_capital,
        responsible_person=person.name,
        responsible_id_number=person.id_number,
        supervisor_path=entity.supervisor_path,
    )


def _entity(request: HttpRequest, entity_id: int) -> MarketEntity:
    actor = request.actor  # type: ignore[attr-defined]
    require_staff(actor, "registry.read")
    return selectors.entity_get(actor=actor, entity_id=entity_id)


@router.post("/registry/entities/register", response={201: EntityStaffOut, **ERROR_RESPONSES})
def register(request: HttpRequest, body: EntityRegisterIn) -> Status[EntityStaffOut]:
    """Register a new market entity (设立登记)."""
    actor = request.actor  # type: ignore[attr-defined]
    require_staff(actor, "registry.entity_register")
    authority = org_unit_get(actor=actor, unit_id=body.registration_authority_id)
    supervisor = org_unit_get(actor=actor, unit_id=body.supervisor_id) if body.supervisor_id else None
    parent = selectors.entity_public_get(uscc=body.parent_uscc) if body.parent_uscc else None
    entity = services.entity_register(
        actor=actor,
        uscc=body.uscc,
        name=body.name,
        entity_type=body.entity_type,
        responsible=services.PersonIn(**body.responsible.model_dump()),
        established_on=body.established_on,
        address=body.address,
        division_code=body.division_code,
        business_scope=body.business_scope,
        registration_authority=authority,
        supervisor=supervisor,
        registered_capital=body.registered_capital,
        capital_currency=body.capital_currency,
        term_end=body.term_end,
        premises_address=body.premises_address,
        industry_code=body.industry_code,
        foreign_invested=body.foreign_invested,
        parent_entity=parent,
        today=timezone.localdate(),
    )
    return Status(201, _out(entity))


@router.get("/registry/entities/{entity_id}", response={200: EntityStaffOut, **ERROR_RESPONSES})
def entity_detail(request: HttpRequest, entity_id: int) -> EntityStaffOut:
    """One entity in my jurisdiction with its full record (404 outside it)."""
    return _out(_entity(request, entity_id))


@router.post("/registry/entities/{entity_id}/changes", response={200: EntityStaffOut, **ERROR_RESPONSES})
def change(request: HttpRequest, entity_id: int, body: ChangeIn) -> EntityStaffOut:
    """Register changes (变更登记)."""
    entity = _entity(request, entity_id)
    changes = dict(body.changes)
    if "responsible_person" in changes:
        raw = changes["responsible_person"]
        if not isinstance(raw, dict):
            raise ValidationFailed(
                "responsible_person", "负责人信息格式不正确", "responsible_person must be an object"
            )
        changes["responsible_person"] = services.PersonIn(**PersonIn(**raw).model_dump())
    entity = services.entity_change(
        actor=request.actor,  # type: ignore[attr-defined]
        entity=entity,
        changes=changes,
        changed_on=body.changed_on,
        document_number=body.document_number,
        reason=body.reason,
        today=timezone.localdate(),
    )
    return _out(entity)


@router.post("/registry/entities/{entity_id}/suspend", response={200: EntityStaffOut, **ERROR_RESPONSES})
def suspend(request: HttpRequest, entity_id: int, body: SuspendIn) -> EntityStaffOut:
    """Record a business suspension (歇业)."""
    entity = services.entity_suspend(
        actor=request.actor,  # type: ignore[attr-defined]
        entity=_entity(request, entity_id),
        on=body.on,
        until=body.until,
        reason=body.reason,
        today=timezone.localdate(),
    )
    return _out(entity)


@router.post("/registry/entities/{entity_id}/resume", response={200: EntityStaffOut, **ERROR_RESPONSES})
def resume(request: HttpRequest, entity_id: int, body: DatedIn) -> EntityStaffOut:
    """End a suspension (恢复营业)."""
    entity = services.entity_resume(
        actor=request.actor,  # type: ignore[attr-defined]
        entity=_entity(request, entity_id),
        on=body.on,
        today=timezone.localdate(),
    )
    return _out(entity)


@router.post("/registry/entities/{entity_id}/revoke", response={200: EntityStaffOut, **ERROR_RESPONSES})
def revoke(request: HttpRequest, entity_id: int, body: DatedIn) -> EntityStaffOut:
    """Revoke the business licence (吊销)."""
    entity = services.entity_revoke(
        actor=request.actor,  # type: ignore[attr-defined]
        entity=_entity(request, entity_id),
        on=body.on,
        document_number=body.document_number,
        reason=body.reason,
        today=timezone.localdate(),
    )
    return _out(entity)


@router.post("/registry/entities/{entity_id}/deregister", response={200: EntityStaffOut, **ERROR_RESPONSES})
def deregister(request: HttpRequest, entity_id: int, body: DatedIn) -> EntityStaffOut:
    """Ordinary deregistration (注销登记)."""
    entity = services.entity_deregister(
        actor=request.actor,  # type: ignore[attr-defined]
        entity=_entity(request, entity_id),
        on=body.on,
        reason=body.reason,
        today=timezone.localdate(),
    )
    return _out(entity)


@router.post("/registry/entities/{entity_id}/relocate", response={200: EntityStaffOut, **ERROR_RESPONSES})
def relocate(request: HttpRequest, entity_id: int, body: RelocateIn) -> EntityStaffOut:
    """Move to another registration authority (迁移登记)."""
    actor = request.actor  # type: ignore[attr-defined]
    entity = _entity(request, entity_id)
    to_authority = org_unit_get(actor=actor, unit_id=body.to_authority_id)
    to_supervisor = (
        org_unit_get(actor=actor, unit_id=body.to_supervisor_id) if body.to_supervisor_id else None
    )
    entity = services.entity_relocate(
        actor=actor,
        entity=entity,
        to_authority=to_authority,
        to_supervisor=to_supervisor,
        new_address=body.new_address,
        new_division_code=body.new_division_code,
        on=body.on,
        today=timezone.localdate(),
    )
    return _out(entity)


@router.post(
    "/registry/entities/{entity_id}/simplified-deregistration", response={201: NoticeOut, **ERROR_RESPONSES}
)
def simplified_deregistration(request: HttpRequest, entity_id: int) -> Status[NoticeOut]:
    """Apply for simplified deregistration (简易注销) on the entity's behalf; opens the public notice."""
    today = timezone.localdate()
    notice = dereg_services.deregistration_apply(
        actor=request.actor,  # type: ignore[attr-defined]
        entity=_entity(request, entity_id),
        applied_on=today,
        today=today,
    )
    return Status(201, NoticeOut.model_validate(notice, from_attributes=True))


def _notice(request: HttpRequest, notice_id: int) -> DeregistrationNotice:
    return get_in_scope(request.actor, DeregistrationNotice.objects.select_related("entity"), notice_id)  # type: ignore[attr-defined]


@router.post("/registry/deregistration/{notice_id}/complete", response={200: NoticeOut, **ERROR_RESPONSES})
def complete(request: HttpRequest, notice_id: int) -> NoticeOut:
    """Complete a simplified deregistration after its notice (准予简易注销)."""
    notice = dereg_services.deregistration_complete(
        actor=request.actor,  # type: ignore[attr-defined]
        notice=_notice(request, notice_id),
        today=timezone.localdate(),
    )
    return NoticeOut.model_validate(notice, from_attributes=True)


@router.post("/registry/objections/{objection_id}/decide", response={200: NoticeOut, **ERROR_RESPONSES})
def decide(request: HttpRequest, objection_id: int, body: ObjectionDecideIn) -> NoticeOut:
    """Decide an objection (异议处理); an upheld objection blocks the simplified procedure."""
    objection = get_in_scope(request.actor, Objection.objects.select_related("notice__entity"), objection_id)  # type: ignore[attr-defined]
    dereg_services.objection_decide(
        actor=request.actor,  # type: ignore[attr-defined]
        objection=objection,
        upheld=body.upheld,
        note=body.note,
        today=timezone.localdate(),
    )
    objection.notice.refresh_from_db()
    return NoticeOut.model_validate(objection.notice, from_attributes=True)


def _representative_out(link: EntityRepresentative) -> RepresentativeOut:
    user = link.user
    return RepresentativeOut(
        id=link.pk,
        entity_id=link.entity_id,
        user_id=user.pk,
        username=user.username,
        display_name=user.display_name,
        phone_masked=mask_phone(user.phone),
        granted_on=link.granted_on,
        revoked_on=link.revoked_on,
        active=selectors.representative_active(link, on=timezone.localdate()),
    )


@router.get(
    "/registry/entities/{entity_id}/representatives",
    response={200: list[RepresentativeOut], **ERROR_RESPONSES},
)
def representatives(request: HttpRequest, entity_id: int) -> list[RepresentativeOut]:
    """The entity's representatives (企业联络员), current ones first; revoked links stay listed."""
    entity = _entity(request, entity_id)
    links = selectors.representative_list(actor=request.actor, entity=entity)  # type: ignore[attr-defined]
    return [_representative_out(link) for link in links]


@router.post(
    "/registry/entities/{entity_id}/representatives",
    response={201: RepresentativeOut, **ERROR_RESPONSES},
)
def representative_grant(
    request: HttpRequest, entity_id: int, body: RepresentativeGrantIn
) -> Status[RepresentativeOut]:
    """Grant an enterprise account the right to act for the entity (企业联络员授权).

    ``create_account`` opens a new enterprise account (username, name, mobile;
    no password is set and nothing is sent). Re-granting a revoked link
    reactivates it (also 201).
    """
    entity = _entity(request, entity_id)
    user: str | services.EnterpriseAccountIn = body.username
    if body.create_account:
        user = services.EnterpriseAccountIn(
            username=body.username, display_name=body.display_name, phone=body.phone
        )
    link = services.representative_grant(
        actor=request.actor,  # type: ignore[attr-defined]
        entity=entity,
        user=user,
        granted_on=body.granted_on,
        reason=body.reason,
        today=timezone.localdate(),
    )
    return Status(201, _representative_out(link))


@router.post(
    "/registry/representatives/{link_id}/revoke", response={200: RepresentativeOut, **ERROR_RESPONSES}
)
def representative_revoke(
    request: HttpRequest, link_id: int, body: RepresentativeRevokeIn
) -> RepresentativeOut:
    """Revoke a representative link (撤销授权): the user loses access to the entity at once."""
    actor = request.actor  # type: ignore[attr-defined]
    require_staff(actor, "registry.read")
    link = services.representative_revoke(
        actor=actor,
        link=selectors.representative_get(actor=actor, link_id=link_id),
        revoked_on=body.revoked_on,
        reason=body.reason,
        today=timezone.localdate(),
    )
    return _representative_out(link)
