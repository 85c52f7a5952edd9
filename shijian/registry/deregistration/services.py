"""Writes of simplified deregistration: apply, lodge and decide objections, complete, withdraw."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.db import transaction

from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.clock.selectors import period_end, rule_in_force
from shijian.core.errors import Conflict, ValidationFailed
from shijian.registry import policies
from shijian.registry.deregistration.domain import (
    NoticeStatus,
    ObjectionStatus,
    Refusal,
    completion_blockers,
    notice_open,
)
from shijian.registry.deregistration.models import DeregistrationNotice, Objection
from shijian.registry.domain import EntityStatus
from shijian.registry.models import MarketEntity
from shijian.registry.publication import FactKind, register_fact_kind
from shijian.registry.selectors import entities_represented
from shijian.registry.services import entity_deregister, public_fact_publish

NOTICE_RULE = "registry.simplified_deregistration_notice"

register_fact_kind(
    FactKind(
        kind="registry.simplified_deregistration",
        label_zh="简易注销公告",
        label_en="Simplified-deregistration notice",
        section="registration",
    )
)

#: Eligibility checks other apps register (e.g. "not on a credit list", "no unfinished case").
#: Each id can be switched off in settings.SHIJIAN["SIMPLIFIED_DEREGISTRATION_DISABLED_CHECKS"].
EligibilityCheck = Callable[[MarketEntity, dt.date], Refusal | None]
ELIGIBILITY_CHECKS: dict[str, EligibilityCheck] = {}


def _status_check(entity: MarketEntity, today: dt.date) -> Refusal | None:
    if EntityStatus(entity.status) not in (EntityStatus.ACTIVE, EntityStatus.SUSPENDED):
        return Refusal(
            "status", "该主体已吊销、注销或迁出", "the entity is revoked, deregistered or moved away"
        )
    return None


ELIGIBILITY_CHECKS["registry.status"] = _status_check


def eligibility_refusals(entity: MarketEntity, today: dt.date) -> list[Refusal]:
    """Every reason the entity may not use the simplified procedure today (empty: eligible)."""
    disabled: set[str] = set(settings.SHIJIAN.get("SIMPLIFIED_DEREGISTRATION_DISABLED_CHECKS", ()))
    refusals = []
    for check_id, check in ELIGIBILITY_CHECKS.items():
        if check_id in disabled:
            continue
        refusal = check(entity, today)
        if refusal is not None:
            refusals.append(refusal)
    return refusals


def _require_applicant(actor: Actor, entity: MarketEntity, today: dt.date) -> None:
    """The entity's representative or a registrar of its jurisdiction."""
    if entities_represented(actor=actor, on=today).filter(pk=entity.pk).exists():
        return
    policies.require_registrar(actor, "registry.simplified_deregistration", entity.supervisor_path)


@transaction.atomic
def deregistration_apply(
    *, actor: Actor, entity: MarketEntity, applied_on: dt.date, today: dt.date
) -> DeregistrationNotice:
    """Apply for simplified deregistration (简易注销申请): checks eligibility and opens the public notice."""
    _require_applicant(actor, entity, today)
    refusals = eligibility_refusals(entity, today)
    if refusals:
        first = refusals[0]
        raise Conflict(
            "not_eligible",
            "不符合简易注销条件：" + "；".join(r.message_zh for r in refusals),
            "not eligible for simplified deregistration: " + "; ".join(r.message_en for r in refusals),
            details={"checks": [r.check_id for r in refusals], "first": first.check_id},
        )
    if DeregistrationNotice.objects.filter(entity=entity, status=NoticeStatus.NOTICE.value).exists():
        raise Conflict(
            "notice_open", "该主体已在简易注销公示中", "a simplified-deregistration notice is already open"
        )
    if applied_on > today:
        raise ValidationFailed("applied_on", "申请日期不能晚于今天", "the application date is in the future")
    rule = rule_in_force(rule_id=NOTICE_RULE, on=applied_on)
    notice_end = period_end(rule_id=NOTICE_RULE, start=applied_on)
    notice = DeregistrationNotice.objects.create(
        entity=entity,
        applied_on=applied_on,
        notice_start=applied_on + dt.timedelta(days=1),
        notice_end=notice_end,
        rule_version=rule.version,
    )
    audit_record(
        actor=actor,
        action="registry.simplified_deregistration.applied",
        obj=notice,
        after=model_snapshot(notice),
    )
    public_fact_publish(
        actor=actor,
        entity=entity,
        kind="registry.simplified_deregistration",
        title=f"简易注销公告（公示期 {notice.notice_start} 至 {notice.notice_end}）",
        body={"notice_start": notice.notice_start.isoformat(), "notice_end": notice.notice_end.isoformat()},
        source_department=entity.registration_authority.name,
        decided_on=applied_on,
        published_on=applied_on,
        source_type="registry_dereg.deregistrationnotice",
        source_id=str(notice.pk),
    )
    return notice


@transaction.atomic
def objection_lodge(
    *,
    actor: Actor,
    notice: DeregistrationNotice,
    objector_name: str,
    objector_kind: str,
    contact: str,
    reason: str,
    today: dt.date,
) -> Objection:
    """Lodge an objection during the public notice (提出异议); anyone may, signed in or not."""
    if notice.status != NoticeStatus.NOTICE.value or not notice_open(
        today, notice.notice_start, notice.notice_end
    ):
        raise Conflict(
            "notice_closed", "公示期已结束或尚未开始，不能提出异议", "the notice is not open for objections"
        )
    for field, value, zh, en in (
        ("objector_name", objector_name, "异议人名称", "the objector's name"),
        ("contact", contact, "联系方式", "a contact"),
        ("reason", reason, "异议理由", "the reason"),
    ):
        if not value.strip():
            raise ValidationFailed(field, f"请填写{zh}", f"{en} is required")
    if objector_kind not in dict(Objection._meta.get_field("objector_kind").choices or []):
        raise ValidationFailed("objector_kind", "异议人类别不正确", "unknown objector kind")
    if len(reason) > 5000:
        raise ValidationFailed(
            "reason", "异议理由过长（最多5000字）", "the reason is too long (5000 characters at most)"
        )
    objection = Objection.objects.create(
        notice=notice,
        objector_name=objector_name.strip(),
        objector_kind=objector_kind,
        contact=contact.strip(),
        reason=reason.strip(),
        lodged_on=today,
    )
    audit_record(
        actor=actor,
        action="registry.simplified_deregistration.objection_lodged",
        obj=objection,
        after={"notice": notice.pk, "objector_kind": objector_kind},
    )
    return objection


@transaction.atomic
def objection_decide(
    *, actor: Actor, objection: Objection, upheld: bool, note: str, today: dt.date
) -> Objection:
    """Decide an objection (异议处理): upheld blocks the simplified procedure."""
    notice = objection.notice
    policies.require_registrar(
        actor, "registry.simplified_deregistration.decide", notice.entity.supervisor_path
    )
    if objection.status != ObjectionStatus.PENDING.value:
        raise Conflict("already_decided", "该异议已处理", "the objection was already decided")
    if not note.strip():
        raise ValidationFailed("note", "请填写处理意见", "a note is required")
    before = model_snapshot(objection)
    objection.status = (ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED).value
    objection.outcome_note = note.strip()
    objection.save(update_fields=["status", "outcome_note"])
    if upheld:
        notice.status = NoticeStatus.BLOCKED.value
        notice.decided_on = today
        notice.save(update_fields=["status", "decided_on"])
    audit_record(
        actor=actor,
        action="registry.simplified_deregistration.objection_decided",
        obj=objection,
        before=before,
        after=model_snapshot(objection),
    )
    return objection


@transaction.atomic
def deregistration_complete(
    *, actor: Actor, notice: DeregistrationNotice, today: dt.date
) -> DeregistrationNotice:
    """Complete the simplified deregistration after the notice (准予简易注销)."""
    policies.require_registrar(
        actor, "registry.simplified_deregistration.complete", notice.entity.supervisor_path
    )
    if notice.status != NoticeStatus.NOTICE.value:
        raise Conflict("not_in_notice", "该申请不在公示中", "the application is not in its notice period")
    statuses = [ObjectionStatus(s) for s in notice.objections.values_list("status", flat=True)]
    blockers = completion_blockers(today=today, notice_end=notice.notice_end, objection_statuses=statuses)
    if blockers:
        raise Conflict("blocked", "；".join(zh for zh, _ in blockers), "; ".join(en for _, en in blockers))
    refusals = eligibility_refusals(notice.entity, today)
    if refusals:
        raise Conflict(
            "not_eligible",
            "不再符合简易注销条件：" + "；".join(r.message_zh for r in refusals),
            "no longer eligible: " + "; ".join(r.message_en for r in refusals),
        )
    entity_deregister(
        actor=actor, entity=notice.entity, on=today, reason="简易注销", today=today, simplified=True
    )
    before = model_snapshot(notice)
    notice.status = NoticeStatus.COMPLETED.value
    notice.decided_on = today
    notice.save(update_fields=["status", "decided_on"])
    audit_record(
        actor=actor,
        action="registry.simplified_deregistration.completed",
        obj=notice,
        before=before,
        after=model_snapshot(notice),
    )
    return notice


@transaction.atomic
def deregistration_withdraw(
    *, actor: Actor, notice: DeregistrationNotice, reason: str, today: dt.date
) -> None:
    """The applicant withdraws the application (撤回申请)."""
    _require_applicant(actor, notice.entity, today)
    if notice.status != NoticeStatus.NOTICE.value:
        raise Conflict("not_in_notice", "该申请不在公示中", "the application is not in its notice period")
    before = model_snapshot(notice)
    notice.status = NoticeStatus.WITHDRAWN.value
    notice.decided_on = today
    notice.save(update_fields=["status", "decided_on"])
    audit_record(
        actor=actor,
        action="registry.simplified_deregistration.withdrawn",
        obj=notice,
        before=before,
        after=model_snapshot(notice),
        reason=reason,
    )
