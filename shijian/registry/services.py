"""Writes of the registry: the entity lifecycle and public facts (each validated and audited)."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from shijian.accounts.models import OrgUnit
from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.clock.calendar import db_calendar
from shijian.core.clock.domain import compute_due
from shijian.core.clock.selectors import rule_in_force
from shijian.core.errors import Conflict, DomainError, ValidationFailed
from shijian.core.identifiers import division_lookup, idcard_check, name_normalise, uscc_check
from shijian.registry import policies
from shijian.registry.domain import (
    CLOSED_STATUSES,
    EntityStatus,
    EntityType,
    status_change_allowed,
    uscc_category_matches,
)
from shijian.registry.models import (
    ChangeFeedEntry,
    EntityChange,
    FormerName,
    Industry,
    MarketEntity,
    Person,
    PublicFact,
)
from shijian.registry.publication import fact_kind


@dataclass(frozen=True, slots=True)
class PersonIn:
    """A responsible person as entered (name and identity document)."""

    name: str
    id_number: str
    id_type: str = "resident_id"
    phone: str = ""


#: Checks other apps add on who may become a responsible person (e.g. the
#: serious-violation list's 3-year bar). Each returns a DomainError to refuse.
ResponsiblePersonCheck = Callable[[Person, dt.date], DomainError | None]
RESPONSIBLE_PERSON_CHECKS: list[ResponsiblePersonCheck] = []


def _feed(uscc: str, event: str, payload: Mapping[str, Any]) -> None:
    """Append one public event to the change feed (public, masked data only)."""
    ChangeFeedEntry.objects.create(uscc=uscc, event=event, payload=dict(payload))


def _person(person: PersonIn, *, today: dt.date) -> Person:
    """Find or create the person by identity document, validating it."""
    name = person.name.strip()
    if not name:
        raise ValidationFailed("responsible_person.name", "姓名不能为空", "the person's name is required")
    number = person.id_number.strip().upper()
    if person.id_type == "resident_id":
        result = idcard_check(number, today=today)
        if not result.valid:
            problem = result.errors[0]
            raise ValidationFailed(
                "responsible_person.id_number",
                f"身份证号码无效：{problem.message_zh}",
                f"invalid ID number: {problem.message_en}",
            )
        number = result.normalised
    elif not number:
        raise ValidationFailed("responsible_person.id_number", "证件号码不能为空", "an ID number is required")
    found, created = Person.objects.get_or_create(
        id_type=person.id_type, id_number=number, defaults={"name": name, "phone": person.phone.strip()}
    )
    if not created and found.name != name:
        raise ValidationFailed(
            "responsible_person.name",
            "该证件号码已登记为另一姓名，请核对",
            "this ID number is registered under another name",
        )
    for check in RESPONSIBLE_PERSON_CHECKS:
        refusal = check(found, today)
        if refusal is not None:
            raise refusal
    return found


def _check_division(code: str) -> None:
    division = division_lookup(code)
    if division is None:
        raise ValidationFailed("division_code", f"未知的行政区划代码 {code}", f"unknown division code {code}")
    if not division.current:
        raise ValidationFailed(
            "division_code",
            f"行政区划代码 {code}（{division.name}）已撤销",
            f"division code {code} is retired",
        )


def _check_uscc(uscc: str, *, allow_flagged: bool) -> tuple[str, bool]:
    """The normalised code and whether it is kept flagged (early pilot code, import only)."""
    result = uscc_check(uscc)
    if result.valid:
        return result.normalised, False
    if allow_flagged and result.only_check_character_failed:
        return result.normalised, True
    problem = result.errors[0]
    raise ValidationFailed(
        "uscc", f"统一社会信用代码无效：{problem.message_zh}", f"invalid USCC: {problem.message_en}"
    )


def _industry(code: str | None) -> Industry | None:
    if not code:
        return None
    industry = Industry.objects.filter(code=code).first()
    if industry is None:
        raise ValidationFailed("industry", f"未知的行业代码 {code}", f"unknown industry code {code}")
    return industry


def _public_summary(entity: MarketEntity) -> dict[str, Any]:
    """The public registration data of an entity (for the change feed)."""
    return {
        "uscc": entity.uscc,
        "name": entity.name,
        "entity_type": entity.entity_type,
        "status": entity.status,
        "established_on": entity.established_on.isoformat(),
        "division_code": entity.division_code,
        "address": entity.address,
        "responsible_person": entity.responsible_person.name,
    }


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


def _public_until(window_rule_id: str | None, published_on: dt.date) -> dt.date | None:
    if window_rule_id is None:
        return None
    rule = rule_in_force(rule_id=window_rule_id, on=published_on)
    return compute_due(published_on, rule.period, db_calendar(), rule=rule).due


@transaction.atomic
def public_fact_publish(
    *,
    actor: Actor,
    entity: MarketEntity,
    kind: str,
    title: str,
    body: Mapping[str, Any],
    source_department: str,
    decided_on: dt.date,
    published_on: dt.date,
    document_number: str = "",
    source_type: str = "",
    source_id: str = "",
) -> PublicFact:
    """Publish a fact about an entity on the portal (公示), masked by its kind's rules."""
    registered = fact_kind(kind)
    if not title.strip():
        raise ValidationFailed("title", "标题不能为空", "a title is required")
    if not source_department.strip():
        raise ValidationFailed("source_department", "须注明作出部门", "the source department is required")
    if published_on < decided_on:
        raise ValidationFailed("published_on", "公示日期早于作出日期", "published before it was decided")
    fact = PublicFact.objects.create(
        entity=entity,
        kind=kind,
        title=title.strip(),
        body=registered.mask_body(body),
        source_department=source_department.strip(),
        document_number=document_number.strip(),
        decided_on=decided_on,
        published_on=published_on,
        public_until=_public_until(registered.window_rule_id, published_on),
        source_type=source_type,
        source_id=str(source_id),
    )
    audit_record(actor=actor, action="registry.fact.published", obj=fact, after=model_snapshot(fact))
    _feed(
        entity.uscc,
        "fact_published",
        {
            "fact_id": fact.pk,
            "kind": kind,
            "title": fact.title,
            "source_department": fact.source_department,
            "document_number": fact.document_number,
            "published_on": published_on.isoformat(),
            "public_until": fact.public_until.isoformat() if fact.public_until else None,
            "body": fact.body,
        },
    )
    return fact


@transaction.atomic
def public_fact_withdraw(*, actor: Actor, fact: PublicFact, on: dt.date, reason: str) -> PublicFact:
    """Withdraw a published fact at once (撤下公示), e.g. after credit repair or a revoked decision."""
    if not reason.strip():
        raise ValidationFailed("reason", "撤下公示须说明原因", "a reason is required")
    if fact.withdrawn_on is not None:
        raise Conflict("already_withdrawn", "该信息已撤下", "the fact is already withdrawn")
    before = model_snapshot(fact)
    fact.withdrawn_on = on
    fact.withdrawn_reason = reason.strip()
    fact.save(update_fields=["withdrawn_on", "withdrawn_reason"])
    audit_record(
        actor=actor,
        action="registry.fact.withdrawn",
        obj=fact,
        before=before,
        after=model_snapshot(fact),
        reason=reason,
    )
    _feed(fact.entity.uscc, "fact_withdrawn", {"fact_id": fact.pk, "on": on.isoformat()})
    return fact
