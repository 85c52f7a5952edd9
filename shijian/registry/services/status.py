"""Status acts: suspension, resumption, revocation, deregistration, relocation."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from shijian.accounts.models import OrgUnit
from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.errors import Conflict, ValidationFailed
from shijian.registry import policies
from shijian.registry.domain import (
    CLOSED_STATUSES,
    EntityStatus,
    status_change_allowed,
)
from shijian.registry.models import (
    EntityChange,
    MarketEntity,
)
from shijian.registry.services._common import (
    _check_division,
    _feed,
)


def _status_change(
    *,
    actor: Actor,
    entity: MarketEntity,
    target: EntityStatus,
    on: dt.date,
    action: str,
    item: str,
    document_number: str,
    reason: str,
    today: dt.date,
) -> MarketEntity:
    current = EntityStatus(entity.status)
    if not status_change_allowed(current, target):
        raise Conflict(
            "status_transition",
            f"当前状态“{current.label_zh}”不能转为“{target.label_zh}”",
            f"cannot go from {current.label_en} to {target.label_en}",
        )
    if on > today:
        raise ValidationFailed("on", "日期不能晚于今天", "the date is in the future")
    before = model_snapshot(entity)
    entity.status = target.value
    entity.status_since = on
    if target != EntityStatus.SUSPENDED:
        entity.suspended_until = None
    entity.save()
    EntityChange.objects.create(
        entity=entity,
        item=item,
        before=current.label_zh,
        after=target.label_zh,
        changed_on=on,
        document_number=document_number,
    )
    audit_record(
        actor=actor, action=action, obj=entity, before=before, after=model_snapshot(entity), reason=reason
    )
    _feed(entity.uscc, "status_changed", {"status": target.value, "on": on.isoformat()})
    return entity


@transaction.atomic
def entity_suspend(
    *, actor: Actor, entity: MarketEntity, on: dt.date, until: dt.date, reason: str, today: dt.date
) -> MarketEntity:
    """Record a business suspension (歇业) with its end date."""
    policies.require_registrar(actor, "registry.entity_suspend", entity.supervisor_path)
    if until <= on:
        raise ValidationFailed("until", "歇业期限须晚于开始日期", "the suspension must end after it starts")
    entity.suspended_until = until
    return _status_change(
        actor=actor,
        entity=entity,
        target=EntityStatus.SUSPENDED,
        on=on,
        action="registry.entity.suspended",
        item="歇业备案 suspension",
        document_number="",
        reason=reason,
        today=today,
    )


@transaction.atomic
def entity_resume(*, actor: Actor, entity: MarketEntity, on: dt.date, today: dt.date) -> MarketEntity:
    """End a business suspension (恢复营业)."""
    policies.require_registrar(actor, "registry.entity_resume", entity.supervisor_path)
    return _status_change(
        actor=actor,
        entity=entity,
        target=EntityStatus.ACTIVE,
        on=on,
        action="registry.entity.resumed",
        item="恢复营业 resumption",
        document_number="",
        reason="",
        today=today,
    )


@transaction.atomic
def entity_revoke(
    *, actor: Actor, entity: MarketEntity, on: dt.date, document_number: str, reason: str, today: dt.date
) -> MarketEntity:
    """Revoke the business licence (吊销营业执照) by a decision with its document number."""
    policies.require_registrar(actor, "registry.entity_revoke", entity.supervisor_path)
    if not document_number.strip():
        raise ValidationFailed("document_number", "吊销须有决定书文号", "a decision number is required")
    return _status_change(
        actor=actor,
        entity=entity,
        target=EntityStatus.REVOKED,
        on=on,
        action="registry.entity.revoked",
        item="吊销 licence revoked",
        document_number=document_number.strip(),
        reason=reason,
        today=today,
    )


@transaction.atomic
def entity_deregister(
    *, actor: Actor, entity: MarketEntity, on: dt.date, reason: str, today: dt.date, simplified: bool = False
) -> MarketEntity:
    """Deregister an entity (注销登记); ``simplified`` for the simplified procedure's final step."""
    policies.require_registrar(actor, "registry.entity_deregister", entity.supervisor_path)
    item = "简易注销 simplified deregistration" if simplified else "注销登记 deregistration"
    return _status_change(
        actor=actor,
        entity=entity,
        target=EntityStatus.DEREGISTERED,
        on=on,
        action="registry.entity.deregistered",
        item=item,
        document_number="",
        reason=reason,
        today=today,
    )


@transaction.atomic
def entity_relocate(
    *,
    actor: Actor,
    entity: MarketEntity,
    to_authority: OrgUnit,
    to_supervisor: OrgUnit | None = None,
    new_address: str,
    new_division_code: str,
    on: dt.date,
    today: dt.date,
) -> MarketEntity:
    """Move an entity to another registration authority (迁移登记) with its new address."""
    policies.require_registrar(actor, "registry.entity_relocate", entity.supervisor_path)
    if EntityStatus(entity.status) in CLOSED_STATUSES:
        raise Conflict("entity_closed", "该主体已注销或迁出", "the entity is deregistered or moved away")
    if to_authority.pk == entity.registration_authority_id:
        raise ValidationFailed(
            "to_authority", "迁入机关与原登记机关相同", "the new authority is the current one"
        )
    _check_division(new_division_code)
    before = model_snapshot(entity)
    old_authority = entity.registration_authority.name
    old_address = entity.address
    entity.registration_authority = to_authority
    entity.supervisor_path = (to_supervisor or to_authority).path
    entity.address = new_address.strip()
    entity.division_code = new_division_code
    entity.save()
    EntityChange.objects.bulk_create(
        [
            EntityChange(
                entity=entity,
                item="登记机关 registration authority",
                before=old_authority,
                after=to_authority.name,
                changed_on=on,
            ),
            EntityChange(
                entity=entity,
                item="住所 registered address",
                before=old_address,
                after=entity.address,
                changed_on=on,
            ),
        ]
    )
    audit_record(
        actor=actor,
        action="registry.entity.relocated",
        obj=entity,
        before=before,
        after=model_snapshot(entity),
    )
    _feed(
        entity.uscc,
        "relocated",
        {"authority": to_authority.name, "address": entity.address, "on": on.isoformat()},
    )
    return entity
