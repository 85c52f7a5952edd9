"""Credit repair (信用修复): apply, add materials, accept, decide and carry out; every step audited.

The procedure of 国市监信规〔2021〕3号: the enterprise applies online with
its materials; the authority that decided the listing or penalty accepts or
refuses within ``credit_repair.accept`` (about 2 WD), decides within
``credit_repair.decide`` (about 15 WD) and carries the repair out within
``credit_repair.execute`` (about 3 WD). Approval carries the repair out at
once: the listing or penalty leaves the portal that day, the reason is
recorded on the withdrawn entry, in the non-public credit fact
``credit_repair.repaired`` and in the audit log, and the change feed shows
``fact_withdrawn`` with cause ``credit_repair``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from shijian.core.actor import Actor, system_actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.clock import services as clocks
from shijian.core.clock.domain import ClockStatus
from shijian.core.errors import Conflict, ValidationFailed, required_text
from shijian.core.scoping import path_in_scope
from shijian.credit import policies
from shijian.credit.abnormal.domain import authority_abbreviation
from shijian.credit.abnormal.services import abnormal_remove
from shijian.credit.repair import kinds
from shijian.credit.repair.domain import (
    ApplicationStatus,
    Check,
    MaterialKind,
    RepairKind,
    clean_filename,
    failed,
    material_problems,
    materials_missing,
    repair_document_number,
)
from shijian.credit.repair.models import RepairApplication, RepairCounter, RepairMaterial
from shijian.credit.repair.selectors import (
    RepairTarget,
    repair_checks,
    repair_target,
    represents,
    target_id_of,
)
from shijian.credit.serious.domain import RepairConditions
from shijian.credit.serious.services import serious_remove_early
from shijian.credit.services import credit_fact_record
from shijian.registry.models import MarketEntity
from shijian.registry.services import public_fact_withdraw

__all__ = [
    "ACCEPT_RULE",
    "DECIDE_RULE",
    "EXECUTE_RULE",
    "MaterialUpload",
    "material_max_bytes",
    "repair_accept",
    "repair_apply",
    "repair_decide",
    "repair_material_add",
    "repair_withdraw",
]

ACCEPT_RULE = "credit_repair.accept"
DECIDE_RULE = "credit_repair.decide"
EXECUTE_RULE = "credit_repair.execute"
SUBJECT_TYPE = "credit_repair.repairapplication"
#: Default largest material accepted, in bytes (``SHIJIAN["REPAIR_MATERIAL_MAX_BYTES"]`` overrides).
MATERIAL_MAX_BYTES = 10 * 1024 * 1024
MATERIALS_PER_APPLICATION = 20


def _refuse_unless_eligible(checks: list[Check]) -> None:
    unmet = failed(checks)
    if unmet:
        raise Conflict(
            "not_eligible",
            "；".join(c.message_zh for c in unmet),
            "; ".join(c.message_en for c in unmet),
            field="checks",
            details={"checks": [c.as_dict() for c in checks]},
        )


def _clock_actor(actor: Actor, path: str) -> Actor:
    """Clocks are run by staff of the jurisdiction; an enterprise's application starts them as the system."""
    return actor if path_in_scope(actor, path) else system_actor("credit-repair")


def _require_applicant(actor: Actor, entity: MarketEntity, today: dt.date, action: str) -> None:
    """The entity's representative applies online; a credit officer of the jurisdiction enters paper ones."""
    if represents(actor, entity, today):
        return
    policies.require_credit_officer(actor, action, entity.supervisor_path)


def _next_number(authority: str, year: int) -> str:
    counter, _ = RepairCounter.objects.select_for_update().get_or_create(authority=authority, year=year)
    prefixes: dict[str, str] = settings.SHIJIAN.get("REPAIR_DOCUMENT_PREFIXES", {})
    prefix = prefixes.get(authority) or authority_abbreviation(authority)
    counter.last += 1
    counter.save(update_fields=["last"])
    return repair_document_number(prefix=prefix, year=year, sequence=counter.last)


def _locked(application: RepairApplication) -> RepairApplication:
    return (
        RepairApplication.objects.select_for_update(of=("self",))
        .select_related("entity", "target_fact__public_fact", "abnormal_listing", "serious_listing")
        .get(pk=application.pk)
    )


def _require_status(
    application: RepairApplication, allowed: tuple[ApplicationStatus, ...], what: str
) -> None:
    status = application.status_enum
    if status not in allowed:
        raise Conflict(
            "wrong_status",
            f"申请当前状态为“{status.label_zh}”，不能{what}",
            f"the application is {status.label_en}: it cannot be handled this way",
            field="status",
        )


def _audit(actor: Actor, action: str, application: RepairApplication, before: dict[str, Any] | None) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=application,
        before=before,
        after=model_snapshot(application),
        reason=application.reason,
    )


@transaction.atomic
def repair_apply(
    *,
    actor: Actor,
    kind: RepairKind,
    target_id: int,
    applicant_name: str,
    contact: str,
    statement: str,
    today: dt.date,
    cured_on: dt.date | None = None,
    entity: MarketEntity | None = None,
    materials: Sequence[MaterialUpload] = (),
) -> RepairApplication:
    """Apply for credit repair (申请信用修复) of one listing or penalty; starts ``credit_repair.accept``.

    The target must pass every eligibility check the platform can make now
    (the refusal lists each unmet condition), and no other application for it
    may be in hand. ``materials`` are attached at once (all checked before
    anything is stored); more can be added later with ``repair_material_add``.
    """
    target: RepairTarget = repair_target(kind=kind, target_id=target_id, entity=entity)
    _require_applicant(actor, target.entity, today, "credit_repair.apply")
    name = required_text(applicant_name, "applicant_name", "申请人", "the applicant", limit=200)
    phone = required_text(contact, "contact", "联系方式", "a contact", limit=100)
    text = required_text(statement, "statement", "申请事由及整改情况", "the statement")
    if cured_on is not None:
        if cured_on > today:
            raise ValidationFailed("cured_on", "整改日期不能晚于今天", "the cure date is in the future")
        listing = target.abnormal_listing
        if listing is not None and cured_on < listing.ground_on:
            raise ValidationFailed("cured_on", "整改日期早于列入事由", "the cure date is before the ground")
    for upload in materials:
        _check_file(upload.filename, upload.content)
    checks = repair_checks(target, today=today)
    _refuse_unless_eligible(checks)
    if RepairApplication.objects.filter(
        target_fact=target.fact, status__in=[s.value for s in ApplicationStatus if s.open]
    ).exists():
        raise Conflict(
            "application_pending", "该事项已有正在办理的修复申请", "an application for it is in hand"
        )
    application = RepairApplication.objects.create(
        entity=target.entity,
        kind=kind.value,
        target_fact=target.fact,
        abnormal_listing=target.abnormal_listing,
        serious_listing=target.serious_listing,
        authority=target.authority[:200],
        applicant_name=name,
        contact=phone,
        statement=text,
        cured_on=cured_on,
        filed_by_user_id=actor.user_id,
        filed_by=actor.audit_label[:200],
        submitted_on=today,
        checks=[c.as_dict() for c in checks],
        accept_due=today,  # replaced by the clock's due date below
    )
    clock = clocks.clock_start(
        actor=_clock_actor(actor, target.entity.supervisor_path),
        subject_type=SUBJECT_TYPE,
        subject_id=application.pk,
        rule_id=ACCEPT_RULE,
        start=today,
        org_unit_path=target.entity.supervisor_path,
        today=today,
    )
    application.accept_clock = clock
    application.accept_due = clock.due_date
    application.save(update_fields=["accept_clock", "accept_due"])
    _audit(actor, "credit_repair.applied", application, None)
    for upload in materials:
        repair_material_add(
            actor=actor,
            application=application,
            kind=upload.kind,
            filename=upload.filename,
            content=upload.content,
            today=today,
        )
    return application


def material_max_bytes() -> int:
    return int(settings.SHIJIAN.get("REPAIR_MATERIAL_MAX_BYTES", MATERIAL_MAX_BYTES))


def _check_file(filename: str, content: bytes) -> None:
    problems = material_problems(
        filename=filename, size=len(content), head=content[:16], max_bytes=material_max_bytes()
    )
    if problems:
        raise ValidationFailed("file", problems[0].message_zh, problems[0].message_en)


@dataclass(frozen=True)
class MaterialUpload:
    """One file handed in with an application (its kind, its uploaded name, its bytes)."""

    kind: MaterialKind
    filename: str
    content: bytes


@transaction.atomic
def repair_material_add(
    *,
    actor: Actor,
    application: RepairApplication,
    kind: MaterialKind,
    filename: str,
    content: bytes,
    today: dt.date,
) -> RepairMaterial:
    """Attach one material (PDF, JPG or PNG, checked by content) while the application is being handled."""
    application = _locked(application)
    _require_applicant(actor, application.entity, today, "credit_repair.material_add")
    _require_status(application, (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED), "补充材料")
    if application.materials.count() >= MATERIALS_PER_APPLICATION:
        raise Conflict(
            "too_many_materials",
            f"每件申请最多上传{MATERIALS_PER_APPLICATION}份材料",
            f"at most {MATERIALS_PER_APPLICATION} materials per application",
            field="file",
        )
    _check_file(filename, content)
    digest = hashlib.sha256(content).hexdigest()
    if application.materials.filter(sha256=digest).exists():
        raise Conflict("duplicate_material", "该文件已上传", "this file is already attached", field="file")
    name = clean_filename(filename)
    material = RepairMaterial(
        application=application,
        kind=kind.value,
        filename=name,
        size=len(content),
        sha256=digest,
        uploaded_by=actor.audit_label[:200],
    )
    material.file.save(name, ContentFile(content), save=False)
    material.save()
    audit_record(
        actor=actor,
        action="credit_repair.material_added",
        obj=application,
        after={"material": material.pk, "kind": kind.value, "filename": name, "sha256": digest},
    )
    return material


@transaction.atomic
def repair_withdraw(
    *, actor: Actor, application: RepairApplication, reason: str, today: dt.date
) -> RepairApplication:
    """The applicant withdraws an application still in hand (撤回申请); its clocks stop."""
    application = _locked(application)
    _require_applicant(actor, application.entity, today, "credit_repair.withdraw")
    _require_status(application, (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED), "撤回")
    before = model_snapshot(application)
    text = required_text(reason, "reason", "撤回理由", "a reason for withdrawing", limit=2000)
    clock = application.decide_clock or application.accept_clock
    if clock is not None and clock.status in (ClockStatus.RUNNING.value, ClockStatus.PAUSED.value):
        clocks.clock_stop(
            actor=_clock_actor(actor, application.entity.supervisor_path),
            clock=clock,
            on=today,
            reason=f"申请人撤回 withdrawn: {text}",
            outcome=ClockStatus.STOPPED,
            today=today,
        )
    application.status = ApplicationStatus.WITHDRAWN.value
    application.reason = text
    application.save(update_fields=["status", "reason", "updated_at"])
    _audit(actor, "credit_repair.withdrawn", application, before)
    return application


@transaction.atomic
def repair_accept(
    *, actor: Actor, application: RepairApplication, accept: bool, reason: str, today: dt.date
) -> RepairApplication:
    """Accept (受理) or refuse to accept (不予受理) an application; the letter gets its number.

    Acceptance needs every required material of the kind; it starts
    ``credit_repair.decide``. A refusal needs the reason (e.g. materials
    missing after a request to complete them, or not this authority's matter).
    """
    policies.require_credit_officer(actor, "credit_repair.accept", application.entity.supervisor_path)
    application = _locked(application)
    _require_status(application, (ApplicationStatus.SUBMITTED,), "受理")
    before = model_snapshot(application)
    if accept:
        present = application.materials.values_list("kind", flat=True)
        missing = materials_missing(application.kind_enum, present)
        if missing:
            raise Conflict(
                "materials_missing",
                "申请材料不齐全：" + "、".join(m.label_zh for m in missing),
                "materials missing: " + ", ".join(m.label_en for m in missing),
                field="materials",
            )
        note = reason.strip()
    else:
        note = required_text(reason, "reason", "不予受理的理由", "the reason for not accepting", limit=2000)
    assert application.accept_clock is not None
    clocks.clock_stop(
        actor=actor,
        clock=application.accept_clock,
        on=today,
        reason="受理 accepted" if accept else f"不予受理 not accepted: {note}",
        today=today,
    )
    application.accepted_on = today
    application.acceptance_number = _next_number(application.authority, today.year)
    application.reason = note
    if accept:
        decide = clocks.clock_start(
            actor=actor,
            subject_type=SUBJECT_TYPE,
            subject_id=application.pk,
            rule_id=DECIDE_RULE,
            start=today,
            org_unit_path=application.entity.supervisor_path,
            today=today,
        )
        application.status = ApplicationStatus.ACCEPTED.value
        application.decide_clock = decide
        application.decide_due = decide.due_date
    else:
        application.status = ApplicationStatus.NOT_ACCEPTED.value
    application.save()
    _audit(actor, "credit_repair.accepted" if accept else "credit_repair.not_accepted", application, before)
    return application


@transaction.atomic
def repair_decide(
    *,
    actor: Actor,
    application: RepairApplication,
    approve: bool,
    reason: str,
    today: dt.date,
    obligations_performed: bool | None = None,
    harm_removed: bool | None = None,
) -> RepairApplication:
    """Decide an accepted application (准予 / 不予信用修复) and, when approved, carry the repair out at once.

    The eligibility checks are run again (a new penalty may have arrived);
    for a penalty or a serious listing the officer also confirms, from the
    proof submitted, that the obligations are performed (and for the serious
    list that the harm is removed). Approval with any condition unmet is
    refused with the list of unmet conditions: the officer refuses instead,
    and the refusal letter names them and the officer's reason.
    """
    policies.require_credit_officer(actor, "credit_repair.decide", application.entity.supervisor_path)
    application = _locked(application)
    _require_status(application, (ApplicationStatus.ACCEPTED,), "作出决定")
    before = model_snapshot(application)
    kind = application.kind_enum
    target = repair_target(kind=kind, target_id=target_id_of(application))
    checks = repair_checks(target, today=today)
    needs_performance = kind in (RepairKind.PENALTY_PUBLICITY, RepairKind.SERIOUS_EARLY)
    if approve:
        confirmations = list(checks)
        if needs_performance:
            confirmations.append(
                Check(
                    "obligations_performed",
                    obligations_performed is True,
                    "已履行行政处罚等法定义务" if obligations_performed else "未确认已履行法定义务",
                    "obligations performed"
                    if obligations_performed
                    else "obligations not confirmed as performed",
                )
            )
        if kind is RepairKind.SERIOUS_EARLY:
            confirmations.append(
                Check(
                    "harm_removed",
                    harm_removed is True,
                    "危害后果和不良社会影响已消除" if harm_removed else "未确认危害后果已消除",
                    "harm removed" if harm_removed else "harm not confirmed as removed",
                )
            )
        _refuse_unless_eligible(confirmations)
        note = reason.strip()
        checks = confirmations
    else:
        note = required_text(reason, "reason", "不予修复的理由", "the reason for refusing", limit=2000)
    assert application.decide_clock is not None
    clocks.clock_stop(
        actor=actor,
        clock=application.decide_clock,
        on=today,
        reason="准予修复 approved" if approve else f"不予修复 refused: {note}",
        today=today,
    )
    application.checks = [c.as_dict() for c in checks]
    application.decided_on = today
    application.decided_by = actor.audit_label[:200]
    application.decision_number = _next_number(application.authority, today.year)
    application.obligations_performed = obligations_performed
    application.harm_removed = harm_removed
    application.reason = note
    if approve:
        _execute(actor, application, target, today)
        application.status = ApplicationStatus.REPAIRED.value
    else:
        application.status = ApplicationStatus.REFUSED.value
    application.save()
    _audit(actor, "credit_repair.repaired" if approve else "credit_repair.refused", application, before)
    return application


def _execute(actor: Actor, application: RepairApplication, target: RepairTarget, today: dt.date) -> None:
    """Carry out an approved repair: the fact leaves public view today; the execute clock completes."""
    execute = clocks.clock_start(
        actor=actor,
        subject_type=SUBJECT_TYPE,
        subject_id=application.pk,
        rule_id=EXECUTE_RULE,
        start=today,
        org_unit_path=application.entity.supervisor_path,
        today=today,
    )
    kind = application.kind_enum
    why = f"信用修复（{application.decision_number}）credit repair: {application.statement}"[:2000]
    if target.abnormal_listing is not None:
        listing = abnormal_remove(
            actor=actor,
            listing=target.abnormal_listing,
            today=today,
            cured_on=application.cured_on or application.submitted_on,
            cure_note=application.statement,
            decided_on=today,
            cause="credit_repair",
        )
        removal = listing.removal_fact
    elif target.serious_listing is not None:
        passed = {c["code"]: bool(c["passed"]) for c in application.checks}
        serious = serious_remove_early(
            actor=actor,
            listing=target.serious_listing,
            removed_on=today,
            conditions=RepairConditions(
                restriction_ended=passed.get("restriction_ended", False),
                obligations_performed=application.obligations_performed is True,
                harm_removed=application.harm_removed is True,
                no_new_heavier_penalty=passed.get("no_new_heavier_penalty", False),
            ),
            reason=why,
            document_number=application.decision_number,
            today=today,
        )
        removal = serious.removed_fact
    else:
        entry = target.fact.public_fact
        assert entry is not None  # checked: the penalty is still published
        public_fact_withdraw(actor=actor, fact=entry, on=today, reason=why, cause="credit_repair")
        removal = None
    application.result_fact = credit_fact_record(
        actor=actor,
        entity=application.entity,
        kind=kinds.REPAIRED.kind,
        title=f"{kind.label_zh}（{application.decision_number}）"[:300],
        decided_on=today,
        source_department=application.authority,
        document_number=application.decision_number,
        legal_basis=kinds.LEGAL_BASIS,
        body={
            "application": application.pk,
            "repair_kind": kind.value,
            "repaired_fact": target.fact.pk,
            "removal_fact": removal.pk if removal is not None else None,
        },
        source_type=SUBJECT_TYPE,
        source_id=application.pk,
        today=today,
    )
    clocks.clock_stop(actor=actor, clock=execute, on=today, reason="已执行 carried out", today=today)
    application.execute_clock = execute
    application.execute_due = execute.due_date
    application.executed_on = today
