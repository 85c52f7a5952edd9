"""Registering and changing market entities (设立登记、变更登记)."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from shijian.accounts.models import OrgUnit
from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.errors import Conflict, ValidationFailed
from shijian.core.identifiers import name_normalise
from shijian.registry import policies
from shijian.registry.domain import (
    CLOSED_STATUSES,
    EntityStatus,
    EntityType,
    uscc_category_matches,
)
from shijian.registry.models import (
    EntityChange,
    FormerName,
    Industry,
    MarketEntity,
    Person,
)
from shijian.registry.services._common import (
    PersonIn,
    _check_division,
    _check_uscc,
    _feed,
    _industry,
    _person,
    _public_summary,
)


@transaction.atomic
def entity_register(
    *,
    actor: Actor,
    uscc: str,
    name: str,
    entity_type: EntityType,
    responsible: PersonIn,
    established_on: dt.date,
    address: str,
    division_code: str,
    business_scope: str,
    registration_authority: OrgUnit,
    supervisor: OrgUnit | None = None,
    registered_capital: decimal.Decimal | None = None,
    capital_currency: str = "CNY",
    term_start: dt.date | None = None,
    term_end: dt.date | None = None,
    premises_address: str = "",
    industry_code: str | None = None,
    foreign_invested: bool = False,
    parent_entity: MarketEntity | None = None,
    allow_flagged_uscc: bool = False,
    today: dt.date,
) -> MarketEntity:
    """Register a market entity (设立登记).

    A new registration must pass every USCC check; ``allow_flagged_uscc`` is
    for importing existing registrations only (an early pilot code that fails
    only the check character is kept, flagged).
    """
    supervisor = supervisor or registration_authority
    policies.require_registrar(actor, "registry.entity_register", supervisor.path)
    code, flagged = _check_uscc(uscc, allow_flagged=allow_flagged_uscc)
    if not uscc_category_matches(code, entity_type):
        raise ValidationFailed(
            "entity_type",
            "主体类型与统一社会信用代码第2位（机构类别）不符",
            "the type does not match the USCC's category",
        )
    if not name.strip():
        raise ValidationFailed("name", "名称不能为空", "the name is required")
    if not business_scope.strip():
        raise ValidationFailed("business_scope", "经营范围不能为空", "the business scope is required")
    if not address.strip():
        raise ValidationFailed("address", "住所不能为空", "the registered address is required")
    _check_division(division_code)
    if established_on > today:
        raise ValidationFailed(
            "established_on", "成立日期不能晚于今天", "the establishment date is in the future"
        )
    if term_end is not None and term_end < (term_start or established_on):
        raise ValidationFailed("term_end", "营业期限止日早于起日", "the business term ends before it starts")
    if registered_capital is not None and registered_capital < 0:
        raise ValidationFailed(
            "registered_capital", "注册资本不能为负数", "registered capital cannot be negative"
        )
    if entity_type == EntityType.BRANCH and parent_entity is None:
        raise ValidationFailed("parent_entity", "分支机构须登记隶属企业", "a branch needs its parent entity")
    if MarketEntity.objects.filter(uscc=code).exists():
        raise Conflict(
            "duplicate_uscc", "该统一社会信用代码已登记", f"USCC {code} is already registered", field="uscc"
        )
    entity = MarketEntity.objects.create(
        uscc=code,
        uscc_flagged=flagged,
        name=name.strip(),
        name_search=name_normalise(name),
        entity_type=entity_type.value,
        foreign_invested=foreign_invested,
        responsible_person=_person(responsible, today=today),
        registered_capital=registered_capital,
        capital_currency=capital_currency,
        established_on=established_on,
        term_start=term_start or established_on,
        term_end=term_end,
        address=address.strip(),
        division_code=division_code,
        premises_address=premises_address.strip(),
        business_scope=business_scope.strip(),
        industry=_industry(industry_code),
        registration_authority=registration_authority,
        supervisor_path=supervisor.path,
        parent_entity=parent_entity,
        status=EntityStatus.ACTIVE.value,
        status_since=established_on,
    )
    EntityChange.objects.create(
        entity=entity, item="设立登记 registration", after=entity.name, changed_on=established_on
    )
    after = model_snapshot(entity)
    after["responsible_person"] = entity.responsible_person.name
    audit_record(actor=actor, action="registry.entity.registered", obj=entity, after=after)
    _feed(entity.uscc, "registered", _public_summary(entity))
    return entity


#: Items that ``entity_change`` may change: field -> (zh label, en label).
CHANGEABLE: dict[str, tuple[str, str]] = {
    "name": ("名称", "name"),
    "address": ("住所", "registered address"),
    "division_code": ("行政区划", "division"),
    "premises_address": ("经营场所", "premises"),
    "business_scope": ("经营范围", "business scope"),
    "registered_capital": ("注册资本", "registered capital"),
    "capital_currency": ("币种", "currency"),
    "term_end": ("营业期限", "business term"),
    "industry": ("行业", "industry"),
    "responsible_person": ("法定代表人（负责人）", "responsible person"),
}


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Person):
        return value.name
    if isinstance(value, Industry):
        return f"{value.code} {value.name}"
    return str(value)


@transaction.atomic
def entity_change(
    *,
    actor: Actor,
    entity: MarketEntity,
    changes: Mapping[str, Any],
    changed_on: dt.date,
    document_number: str = "",
    reason: str = "",
    today: dt.date,
) -> MarketEntity:
    """Register changes of an entity (变更登记); each item becomes a dated change record."""
    policies.require_registrar(actor, "registry.entity_change", entity.supervisor_path)
    if EntityStatus(entity.status) in CLOSED_STATUSES:
        raise Conflict(
            "entity_closed", "该主体已注销或迁出，不能办理变更", "the entity is deregistered or moved away"
        )
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        field = sorted(unknown)[0]
        raise ValidationFailed(field, f"不能通过变更登记修改：{field}", f"cannot be changed here: {field}")
    if not changes:
        raise ValidationFailed("changes", "没有变更事项", "nothing to change")
    if changed_on > today:
        raise ValidationFailed("changed_on", "变更日期不能晚于今天", "the change date is in the future")
    before = model_snapshot(entity)
    records: list[EntityChange] = []
    for item, raw in changes.items():
        old = getattr(entity, item)
        new: Any = raw
        if item == "name":
            new = str(raw).strip()
            if not new:
                raise ValidationFailed("name", "名称不能为空", "the name is required")
            FormerName.objects.create(entity=entity, name=entity.name, used_until=changed_on)
            entity.name_search = name_normalise(new)
        elif item == "division_code":
            _check_division(str(raw))
        elif item == "industry":
            new = _industry(str(raw) if raw else None)
        elif item == "responsible_person":
            if not isinstance(raw, PersonIn):
                raise ValidationFailed("responsible_person", "请提供负责人信息", "a person is required")
            new = _person(raw, today=today)
        elif item == "registered_capital":
            try:
                new = decimal.Decimal(str(raw)) if raw not in (None, "") else None
            except decimal.InvalidOperation:
                raise ValidationFailed(
                    "registered_capital", "注册资本须为数字", "capital must be a number"
                ) from None
            if new is not None and new < 0:
                raise ValidationFailed(
                    "registered_capital", "注册资本不能为负数", "capital cannot be negative"
                )
        elif isinstance(raw, str):
            new = raw.strip()
        if _shown(old) == _shown(new):
            continue
        setattr(entity, item, new)
        zh, en = CHANGEABLE[item]
        records.append(
            EntityChange(
                entity=entity,
                item=f"{zh} {en}",
                before=_shown(old),
                after=_shown(new),
                changed_on=changed_on,
                document_number=document_number,
            )
        )
    if not records:
        raise ValidationFailed(
            "changes", "变更后的内容与原登记相同", "the new values equal the registered ones"
        )
    entity.full_clean(exclude=["responsible_person", "industry", "registration_authority", "parent_entity"])
    entity.save()
    EntityChange.objects.bulk_create(records)
    audit_record(
        actor=actor,
        action="registry.entity.changed",
        obj=entity,
        before=before,
        after=model_snapshot(entity),
        reason=reason,
    )
    _feed(
        entity.uscc,
        "changed",
        {
            "items": [{"item": r.item, "before": r.before, "after": r.after} for r in records],
            "changed_on": changed_on.isoformat(),
        },
    )
    return entity
