"""Writes of the licence app: the catalogue, licences, status changes and commitment verification.

Every write is validated, runs in one transaction and writes one audit
record. Licences are published on the portal (行政许可信息) without personal
data; a grant on a written commitment (告知承诺) opens a verification task
with a clock whose period comes from the rule table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.clock import services as clocks
from shijian.core.clock.domain import ClockStatus
from shijian.core.clock.selectors import rule_set
from shijian.core.errors import Conflict, ValidationFailed
from shijian.registry.domain import CLOSED_STATUSES, EntityStatus
from shijian.registry.licences import policies
from shijian.registry.licences.domain import (
    LicenceErrorCode,
    LicenceStatus,
    ReformMode,
    VerificationOutcome,
    grant_check,
    outcome_check,
    status_change_allowed,
)
from shijian.registry.licences.models import Licence, LicenceItem, LicenceVerification
from shijian.registry.licences.publication import LICENCE_KIND
from shijian.registry.licences.signals import commitment_broken
from shijian.registry.models import MarketEntity, PublicFact
from shijian.registry.services import public_fact_publish, public_fact_withdraw

VERIFICATION_SUBJECT = "registry_licences.verification"


def _text(value: str, field: str, zh: str, en: str, *, max_length: int) -> str:
    """Stripped required text, or ``ValidationFailed`` naming ``field``."""
    text = value.strip()
    if not text:
        raise ValidationFailed(field, f"请填写{zh}", f"{en} is required", code="required")
    if len(text) > max_length:
        raise ValidationFailed(field, f"{zh}过长（最多{max_length}字）", f"{en} is too long")
    return text


def _check_rule(rule_id: str) -> str:
    """A verification rule must exist in the rule table."""
    rule_id = rule_id.strip()
    if rule_id not in rule_set(rule_ids=[rule_id]).ids():
        raise ValidationFailed(
            "verify_rule_id", f"期限规则表中没有 {rule_id}", f"the rule table has no rule {rule_id!r}"
        )
    return rule_id


# -- the catalogue --------------------------------------------------------------------


@transaction.atomic
def licence_item_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    department: str,
    legal_basis: str,
    reform_mode: ReformMode,
    supervision_measure: str,
    verify_rule_id: str = "licence.commitment_verify",
    edition: str = "",
    active: bool = True,
) -> LicenceItem:
    """Add an item to the reform catalogue (新增许可事项): item, department, basis, mode, measure."""
    policies.require_catalogue_editor(actor, "registry.licence_item_create")
    code = _text(code, "code", "事项编码", "the code", max_length=40)
    if LicenceItem.objects.filter(code=code).exists():
        raise Conflict(
            LicenceErrorCode.DUPLICATE_CODE,
            f"事项编码 {code} 已存在",
            f"item code {code} exists",
            field="code",
        )
    item = LicenceItem.objects.create(
        code=code,
        name=_text(name, "name", "许可事项名称", "the item's name", max_length=200),
        department=_text(department, "department", "审批部门", "the approving department", max_length=200),
        legal_basis=_text(legal_basis, "legal_basis", "设定依据", "the legal basis", max_length=5000),
        reform_mode=ReformMode(reform_mode).value,
        supervision_measure=_text(
            supervision_measure,
            "supervision_measure",
            "事中事后监管措施",
            "the supervision measure",
            max_length=5000,
        ),
        verify_rule_id=_check_rule(verify_rule_id),
        edition=edition.strip()[:100],
        active=active,
    )
    audit_record(actor=actor, action="registry.licence_item.created", obj=item, after=model_snapshot(item))
    return item


@transaction.atomic
def licence_item_update(
    *,
    actor: Actor,
    item: LicenceItem,
    name: str | None = None,
    department: str | None = None,
    legal_basis: str | None = None,
    reform_mode: ReformMode | None = None,
    supervision_measure: str | None = None,
    verify_rule_id: str | None = None,
    edition: str | None = None,
    active: bool | None = None,
    reason: str = "",
) -> LicenceItem:
    """Change a catalogue item (修改许可事项); ``None`` leaves a value as it is. Licences keep their item."""
    policies.require_catalogue_editor(actor, "registry.licence_item_update")
    item = LicenceItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    before = model_snapshot(item)
    if name is not None:
        item.name = _text(name, "name", "许可事项名称", "the item's name", max_length=200)
    if department is not None:
        item.department = _text(
            department, "department", "审批部门", "the approving department", max_length=200
        )
    if legal_basis is not None:
        item.legal_basis = _text(legal_basis, "legal_basis", "设定依据", "the legal basis", max_length=5000)
    if reform_mode is not None:
        item.reform_mode = ReformMode(reform_mode).value
    if supervision_measure is not None:
        item.supervision_measure = _text(
            supervision_measure,
            "supervision_measure",
            "事中事后监管措施",
            "the supervision measure",
            max_length=5000,
        )
    if verify_rule_id is not None:
        item.verify_rule_id = _check_rule(verify_rule_id)
    if edition is not None:
        item.edition = edition.strip()[:100]
    if active is not None:
        item.active = active
    after = model_snapshot(item)
    if after == before:
        raise ValidationFailed("item", "没有修改任何内容", "nothing changed", code="nothing_changed")
    item.save()
    audit_record(
        actor=actor,
        action="registry.licence_item.changed",
        obj=item,
        before=before,
        after=model_snapshot(item),
        reason=reason,
    )
    return item


# -- licences -------------------------------------------------------------------------


def _duplicate_number(number: str) -> Conflict:
    return Conflict(
        LicenceErrorCode.DUPLICATE_NUMBER,
        f"该事项下许可证编号 {number} 已登记",
        f"licence number {number} is already recorded for this item",
        field="number",
    )


def _public_body(licence: Licence, today: dt.date) -> dict[str, Any]:
    """What the portal shows of a licence: no personal data, no internal fields."""
    item = licence.item
    return {
        "licence_number": licence.number,
        "item_code": item.code,
        "item": item.name,
        "scope": licence.scope,
        "issued_on": licence.issued_on.isoformat(),
        "expires_on": licence.expires_on.isoformat() if licence.expires_on else None,
        "issuing_authority": licence.issuing_authority,
        "reform_mode": ReformMode(item.reform_mode).label_zh,
        "on_commitment": licence.on_commitment,
        "status": licence.status,
        "status_label": LicenceStatus(licence.status).label_zh,
        "status_since": licence.status_since.isoformat(),
    }


def _publish(*, actor: Actor, licence: Licence, decided_on: dt.date, today: dt.date) -> PublicFact:
    status = LicenceStatus(licence.status)
    suffix = "" if status is LicenceStatus.VALID else f"（{status.label_zh}）"
    return public_fact_publish(
        actor=actor,
        entity=licence.entity,
        kind=LICENCE_KIND,
        title=f"{licence.item.name}{suffix}",
        body=_public_body(licence, today),
        source_department=licence.issuing_authority,
        document_number=licence.number,
        decided_on=min(decided_on, today),
        published_on=today,
        source_type="registry_licences.licence",
        source_id=str(licence.pk),
    )


@transaction.atomic
def licence_grant(
    *,
    actor: Actor,
    entity: MarketEntity,
    item: LicenceItem,
    number: str,
    scope: str,
    issued_on: dt.date,
    expires_on: dt.date | None = None,
    issuing_authority: str = "",
    on_commitment: bool = False,
    assignee_user_id: int | None = None,
    today: dt.date,
) -> Licence:
    """Record a licence granted to an entity (行政许可准予) and publish it (行政许可信息).

    A grant on a written commitment (告知承诺) opens a verification task
    (核查) whose clock runs under the item's ``verify_rule_id`` from the
    issue date. ``issuing_authority`` defaults to the item's department.
    """
    policies.require_registrar(actor, "registry.licence_grant", entity.supervisor_path)
    if EntityStatus(entity.status) in CLOSED_STATUSES:
        raise Conflict(
            LicenceErrorCode.ENTITY_CLOSED, "该主体已注销或迁出", "the entity is deregistered or moved away"
        )
    grant_check(
        reform_mode=ReformMode(item.reform_mode),
        item_active=item.active,
        on_commitment=on_commitment,
        issued_on=issued_on,
        expires_on=expires_on,
        established_on=entity.established_on,
        today=today,
    )
    number = _text(number, "number", "许可证编号", "the licence number", max_length=100)
    if Licence.objects.filter(item=item, number=number).exists():
        raise _duplicate_number(number)
    scope_text = _text(scope, "scope", "许可范围", "the scope", max_length=5000)
    authority = _text(
        issuing_authority or item.department,
        "issuing_authority",
        "发证机关",
        "the issuing authority",
        max_length=200,
    )
    try:
        with transaction.atomic():
            licence = Licence.objects.create(
                entity=entity,
                item=item,
                number=number,
                scope=scope_text,
                issued_on=issued_on,
                expires_on=expires_on,
                issuing_authority=authority,
                on_commitment=on_commitment,
                status=LicenceStatus.VALID.value,
                status_since=issued_on,
            )
    except IntegrityError:  # a concurrent grant of the same number won the race
        raise _duplicate_number(number) from None
    licence.fact = _publish(actor=actor, licence=licence, decided_on=issued_on, today=today)
    licence.save(update_fields=["fact", "updated_at"])
    after = model_snapshot(licence)
    if on_commitment:
        verification = _verification_open(
            actor=actor, licence=licence, assignee_user_id=assignee_user_id, today=today
        )
        after["verification"] = {"id": verification.pk, "due_on": verification.due_on.isoformat()}
    audit_record(actor=actor, action="registry.licence.granted", obj=licence, after=after)
    return licence


def _verification_open(
    *, actor: Actor, licence: Licence, assignee_user_id: int | None, today: dt.date
) -> LicenceVerification:
    """Create the verification task of a commitment-based licence and start its clock (告知承诺核查)."""
    rule_id = licence.item.verify_rule_id
    verification = LicenceVerification.objects.create(
        licence=licence, rule_id=rule_id, due_on=licence.issued_on, assignee_id=assignee_user_id
    )
    clock = clocks.clock_start(
        actor=actor,
        subject_type=VERIFICATION_SUBJECT,
        subject_id=str(verification.pk),
        rule_id=rule_id,
        start=licence.issued_on,
        org_unit_path=licence.entity.supervisor_path,
        assignee_user_id=assignee_user_id,
        today=today,
    )
    verification.clock = clock
    verification.due_on = clock.due_date
    verification.save(update_fields=["clock", "due_on", "updated_at"])
    return verification


@transaction.atomic
def licence_status_change(
    *, actor: Actor, licence: Licence, status: LicenceStatus, on: dt.date, reason: str, today: dt.date
) -> Licence:
    """Change a licence's status (暂扣、恢复、撤销/吊销、注销) and republish it; a reason is required."""
    policies.require_registrar(actor, "registry.licence_status_change", licence.entity.supervisor_path)
    licence = (
        Licence.objects.select_for_update(of=("self",))
        .select_related("entity", "item", "fact")
        .get(pk=licence.pk)
    )
    current = LicenceStatus(licence.status)
    if not status_change_allowed(current, status):
        raise Conflict(
            LicenceErrorCode.STATUS_TRANSITION,
            f"许可状态“{current.label_zh}”不能变更为“{status.label_zh}”",
            f"a licence cannot go from {current.label_en} to {status.label_en}",
            field="status",
        )
    text = _text(reason, "reason", "变更原因", "a reason", max_length=2000)
    if on > today:
        raise ValidationFailed("on", "日期不能晚于今天", "the date is in the future")
    if on < licence.status_since:
        raise ValidationFailed(
            "on", "日期早于当前状态的起始日期", "the date is before the current status began"
        )
    before = model_snapshot(licence)
    old_fact = licence.fact
    licence.status = status.value
    licence.status_since = on
    licence.status_reason = text
    licence.save()
    if old_fact is not None and old_fact.withdrawn_on is None:
        public_fact_withdraw(actor=actor, fact=old_fact, on=today, reason=f"许可状态变更为{status.label_zh}")
    licence.fact = _publish(actor=actor, licence=licence, decided_on=on, today=today)
    licence.save(update_fields=["fact", "updated_at"])
    audit_record(
        actor=actor,
        action="registry.licence.status_changed",
        obj=licence,
        before=before,
        after=model_snapshot(licence),
        reason=text,
    )
    return licence


# -- commitment verification ----------------------------------------------------------


@transaction.atomic
def verification_record(
    *,
    actor: Actor,
    verification: LicenceVerification,
    outcome: VerificationOutcome,
    found_on: dt.date,
    note: str = "",
    today: dt.date,
) -> LicenceVerification:
    """Record the outcome of a commitment verification (告知承诺核查结果) and stop its clock.

    ``BROKEN`` (承诺不实) needs the findings and sends ``signals.commitment_broken``
    for the credit app (a credit fact); deciding what happens to the licence
    (e.g. revocation) is a separate act, ``licence_status_change``.
    """
    licence = verification.licence
    policies.require_registrar(actor, "registry.licence_verify", licence.entity.supervisor_path)
    verification = (
        LicenceVerification.objects.select_for_update(of=("self",))
        .select_related("licence__entity", "clock")
        .get(pk=verification.pk)
    )
    licence = verification.licence
    if verification.outcome != VerificationOutcome.PENDING.value:
        raise Conflict(
            LicenceErrorCode.ALREADY_VERIFIED, "该核查已有结果", "this verification already has an outcome"
        )
    outcome_check(outcome=outcome, found_on=found_on, issued_on=licence.issued_on, note=note, today=today)
    before = model_snapshot(verification)
    late = found_on > verification.due_on
    if verification.clock is not None:
        clock = clocks.clock_stop(
            actor=actor,
            clock=verification.clock,
            on=found_on,
            reason=f"核查完毕：{outcome.label_zh}",
            outcome=ClockStatus.COMPLETED,
            today=today,
        )
        late = clock.completed_late
    verification.outcome = outcome.value
    verification.found_on = found_on
    verification.note = note.strip()
    verification.late = late
    verification.save()
    audit_record(
        actor=actor,
        action="registry.licence.verified",
        obj=verification,
        before=before,
        after=model_snapshot(verification),
        reason=outcome.value,
    )
    if outcome is VerificationOutcome.BROKEN:
        commitment_broken.send(
            sender=LicenceVerification,
            verification=verification,
            licence=licence,
            entity=licence.entity,
            found_on=found_on,
            note=verification.note,
            actor=actor,
        )
    return verification
