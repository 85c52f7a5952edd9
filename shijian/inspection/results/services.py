"""Writes of inspection results: record on site, evidence, signatures, publication, follow-ups.

谁检查、谁录入、谁公开: the task's own inspectors record and sign the result;
staff of the plan's lead department publish it. The last signature completes
the result and starts the publication clock (``inspection.publish``);
publication records the public credit fact ``inspection.result`` and stops
the clock. Every service is one transaction with one audit record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from shijian.cases.services import lead_create
from shijian.core.actor import Actor, system_actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.clock import services as clocks
from shijian.core.clock.models import ACTIVE, Clock
from shijian.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from shijian.core.scoping import path_in_scope
from shijian.credit.abnormal.domain import authority_abbreviation
from shijian.credit.abnormal.services import contact_failure_record
from shijian.credit.repair.domain import clean_filename, material_problems
from shijian.credit.services import credit_fact_record
from shijian.inspection import policies
from shijian.inspection.assignment import valid_certificates
from shijian.inspection.models import PlanStatus, Task, TaskInspector
from shijian.inspection.results.domain import findings_clean, result_content_sha256, result_notice_number
from shijian.inspection.results.models import (
    EvidenceKind,
    FollowUp,
    InspectionResult,
    ResultCategory,
    ResultCounter,
    ResultEvidence,
    ResultSignature,
    ResultStatus,
)

__all__ = [
    "EVIDENCE_MAX_BYTES",
    "EVIDENCE_PER_RESULT",
    "PUBLISH_RULE",
    "SUBJECT_TYPE",
    "evidence_max_bytes",
    "plan_results_publish",
    "result_evidence_add",
    "result_publish",
    "result_record",
    "result_sign",
    "task_checklist",
]

PUBLISH_RULE = "inspection.publish"
SUBJECT_TYPE = "inspection_result"
#: Default largest evidence file (``SHIJIAN["INSPECTION_EVIDENCE_MAX_BYTES"]`` overrides).
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_PER_RESULT = 30
SUMMARY_MAX = 6000
_FOLLOW_UP_ACTOR = "inspection-results"


def evidence_max_bytes() -> int:
    """The largest evidence file accepted, in bytes."""
    return int(settings.SHIJIAN.get("INSPECTION_EVIDENCE_MAX_BYTES", EVIDENCE_MAX_BYTES))


def task_checklist(task: Task) -> list[tuple[str, str]]:
    """The task's checklist: ``(item code, point)`` for every point of every item of its plan."""
    return [
        (item.code, str(point))
        for item in task.plan.items.order_by("code", "id")
        for point in (item.checklist or [])
    ]


def _active_inspectors(task: Task) -> list[TaskInspector]:
    return list(task.inspectors.filter(withdrawn_at__isnull=True).select_related("officer"))


def _require_inspector(actor: Actor, task: Task, action: str) -> TaskInspector:
    """谁检查、谁录入: only an active inspector of the task (outside the plan's jurisdiction: 404)."""
    mine = next((ti for ti in _active_inspectors(task) if ti.officer_id == actor.user_id), None)
    if mine is not None and actor.user_id is not None:
        return mine
    if not path_in_scope(actor, task.plan.lead.path):
        raise NotFound("task")
    raise PermissionDenied(action)


def _locked_task(task: Task) -> Task:
    return Task.objects.select_for_update(of=("self",)).select_related("plan__lead", "entity").get(pk=task.pk)


def _locked_result(result: InspectionResult) -> InspectionResult:
    return (
        InspectionResult.objects.select_for_update(of=("self",))
        .select_related("task__plan__lead", "task__entity", "category")
        .get(pk=result.pk)
    )


def _content_hash(result: InspectionResult) -> str:
    return result_content_sha256(
        category=result.category.code,
        inspected_on=result.inspected_on,
        findings=result.findings,
        summary=result.summary,
        evidence=list(result.evidence.values_list("sha256", flat=True)),
    )


def _void_signatures(actor: Actor, result: InspectionResult, why: str) -> None:
    """A changed result voids its signatures: they covered other content."""
    names = list(result.signatures.values_list("signer_name", flat=True))
    if names:
        result.signatures.all().delete()
        audit_record(
            actor=actor,
            action="inspection.result_signatures_voided",
            obj=result,
            before={"signed_by": names},
            reason=why,
        )


def _category(code: str) -> ResultCategory:
    category = ResultCategory.objects.filter(code=code, active=True).first()
    if category is None:
        raise ValidationFailed("category", "检查结果类别无效", "unknown or inactive result category")
    return category


@transaction.atomic
def result_record(
    *,
    actor: Actor,
    task: Task,
    category_code: str,
    inspected_on: dt.date,
    findings: Sequence[Mapping[str, Any]],
    summary: str = "",
    today: dt.date,
) -> InspectionResult:
    """Record or change the result of a task on site (录入检查结果), as one of its inspectors.

    Checks: the plan is drawn and the task has its full complement of
    inspectors; the inspection day lies within the plan's window and not in
    the future; every checklist point has one outcome; a category without a
    problem is refused when a point failed. A change to a result someone has
    already signed voids the signatures; a completed result cannot change.
    """
    task = _locked_task(task)
    _require_inspector(actor, task, "inspection.result_record")
    plan = task.plan
    if plan.status != PlanStatus.DRAWN:
        raise Conflict("plan_not_drawn", "计划尚未抽取", "the plan has not been drawn")
    if len(_active_inspectors(task)) < plan.inspectors_per_task:
        raise Conflict(
            "inspectors_missing",
            f"该任务检查人员不足{plan.inspectors_per_task}名，须先补足",
            f"the task has fewer than {plan.inspectors_per_task} inspectors",
        )
    if inspected_on > today:
        raise ValidationFailed("inspected_on", "检查日期不能晚于今天", "the inspection day is in the future")
    if not plan.window_start <= inspected_on <= plan.window_end:
        raise ValidationFailed(
            "inspected_on",
            f"检查日期应在计划检查期间{plan.window_start.isoformat()}至{plan.window_end.isoformat()}内",
            f"the inspection day must lie within the plan's window "
            f"{plan.window_start.isoformat()}..{plan.window_end.isoformat()}",
        )
    category = _category(category_code)
    cleaned, problems = findings_clean(task_checklist(task), findings)
    if problems:
        first = problems[0]
        field = "findings" if first.index is None else f"findings[{first.index}]"
        raise ValidationFailed(field, first.message_zh, first.message_en)
    if not category.problem_found and any(f.outcome == "problem" for f in cleaned):
        raise ValidationFailed(
            "category",
            f"有检查要点不符合，检查结果不能为“{category.label_zh}”",
            f"a checklist point failed: the result cannot be {category.label_en!r}",
        )
    summary = summary.strip()
    if len(summary) > SUMMARY_MAX:
        raise ValidationFailed(
            "summary", f"检查情况不超过{SUMMARY_MAX}字", f"at most {SUMMARY_MAX} characters"
        )
    if category.problem_found and not summary:
        raise ValidationFailed("summary", "发现问题的，须写明检查情况", "describe what was found")
    values = {
        "category": category,
        "inspected_on": inspected_on,
        "findings": [f.as_dict() for f in cleaned],
        "summary": summary,
    }
    result = InspectionResult.objects.filter(task=task).first()
    if result is None:
        result = InspectionResult.objects.create(task=task, recorded_by=actor.audit_label[:200], **values)
        audit_record(
            actor=actor, action="inspection.result_recorded", obj=result, after=model_snapshot(result)
        )
        return result
    result = _locked_result(result)
    if result.status != ResultStatus.DRAFT:
        raise Conflict(
            "result_completed",
            "检查结果已签字确认，不能修改",
            "the result is signed by every inspector and cannot change",
        )
    before = model_snapshot(result)
    for key, value in values.items():
        setattr(result, key, value)
    result.recorded_by = actor.audit_label[:200]
    result.save()
    _void_signatures(actor, result, "检查结果已修改 the result changed")
    audit_record(
        actor=actor,
        action="inspection.result_changed",
        obj=result,
        before=before,
        after=model_snapshot(result),
    )
    return result


@transaction.atomic
def result_evidence_add(
    *,
    actor: Actor,
    result: InspectionResult,
    kind: str,
    filename: str,
    content: bytes,
    point: str = "",
    caption: str = "",
) -> ResultEvidence:
    """Attach an evidence file or photo (PDF, JPG, PNG; checked by content) to a result being recorded."""
    result = _locked_result(result)
    _require_inspector(actor, result.task, "inspection.result_evidence_add")
    if result.status != ResultStatus.DRAFT:
        raise Conflict("result_completed", "检查结果已签字确认，不能补充证据", "the result is already signed")
    if kind not in EvidenceKind.values:
        raise ValidationFailed("kind", "证据类别无效", "unknown evidence kind")
    if result.evidence.count() >= EVIDENCE_PER_RESULT:
        raise Conflict(
            "too_many_files",
            f"每份检查结果最多上传{EVIDENCE_PER_RESULT}个文件",
            f"at most {EVIDENCE_PER_RESULT} files per result",
            field="file",
        )
    found = material_problems(
        filename=filename, size=len(content), head=content[:16], max_bytes=evidence_max_bytes()
    )
    if found:
        raise ValidationFailed("file", found[0].message_zh, found[0].message_en)
    point = point.strip()
    if point and point not in {p for _, p in task_checklist(result.task)}:
        raise ValidationFailed(
            "point", "检查要点不在本计划的检查事项中", "the point is not on the plan's checklist"
        )
    digest = hashlib.sha256(content).hexdigest()
    if result.evidence.filter(sha256=digest).exists():
        raise Conflict("duplicate_file", "该文件已上传", "this file is already attached", field="file")
    name = clean_filename(filename)
    evidence = ResultEvidence(
        result=result,
        kind=kind,
        point=point[:300],
        caption=caption.strip()[:300],
        filename=name,
        size=len(content),
        sha256=digest,
        uploaded_by=actor.audit_label[:200],
    )
    evidence.file.save(f"{digest}-{name}", ContentFile(content), save=False)
    evidence.save()
    _void_signatures(actor, result, "补充了证据 evidence added")
    audit_record(
        actor=actor,
        action="inspection.result_evidence_added",
        obj=result,
        after={"evidence": evidence.pk, "kind": kind, "filename": name, "sha256": digest},
    )
    return evidence


def _certificate_number(user_id: int, day: dt.date) -> str:
    certificate = valid_certificates(day).filter(user_id=user_id).order_by("-expires_on").first()
    return certificate.number if certificate is not None else ""


def _clock_actor(actor: Actor, path: str) -> Actor:
    """An inspector of an assisting department starts the lead's clock as the system."""
    return actor if path_in_scope(actor, path) else system_actor(_FOLLOW_UP_ACTOR)


@transaction.atomic
def result_sign(*, actor: Actor, result: InspectionResult, today: dt.date) -> InspectionResult:
    """Sign the result as one of the task's inspectors (检查人员签字); the last signature completes it.

    A signature needs a valid enforcement certificate on the inspection day.
    Completing the result starts the publication clock from today and sets
    off the category's follow-up (abnormal-list evidence or a case lead).
    """
    result = _locked_result(result)
    task = result.task
    mine = _require_inspector(actor, task, "inspection.result_sign")
    if result.status != ResultStatus.DRAFT:
        raise Conflict("result_completed", "检查结果已签字确认", "the result is already signed by everyone")
    if result.signatures.filter(task_inspector=mine).exists():
        raise Conflict("already_signed", "您已签字", "you have already signed")
    certificate = _certificate_number(mine.officer_id, result.inspected_on)
    if not certificate:
        raise Conflict(
            "no_certificate",
            "检查当日无有效执法证，不能签字",
            "no enforcement certificate valid on the inspection day",
        )
    signature = ResultSignature.objects.create(
        result=result,
        task_inspector=mine,
        signer_name=(mine.officer.display_name or mine.officer.username)[:100],
        certificate_number=certificate,
        content_sha256=_content_hash(result),
        signed_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="inspection.result_signed",
        obj=result,
        after={"signature": signature.pk, "content_sha256": signature.content_sha256},
    )
    active = {ti.pk for ti in _active_inspectors(task)}
    signed = set(result.signatures.values_list("task_inspector_id", flat=True))
    if len(active) >= task.plan.inspectors_per_task and active <= signed:
        _complete(actor, result, today)
    return result


def _complete(actor: Actor, result: InspectionResult, today: dt.date) -> None:
    task = result.task
    path = task.plan.lead.path
    clock = clocks.clock_start(
        actor=_clock_actor(actor, path),
        subject_type=SUBJECT_TYPE,
        subject_id=result.pk,
        rule_id=PUBLISH_RULE,
        start=today,
        org_unit_path=path,
        today=today,
    )
    before = model_snapshot(result)
    result.status = ResultStatus.COMPLETED
    result.completed_on = today
    result.publish_due = clock.due_date
    result.follow_up_done = _follow_up(result, today)
    result.save()
    audit_record(
        actor=actor,
        action="inspection.result_completed",
        obj=result,
        before=before,
        after=model_snapshot(result),
    )


def _follow_up(result: InspectionResult, today: dt.date) -> dict[str, int]:
    """What the category sets off: abnormal-list evidence of unreachability, or a case lead."""
    category = result.category
    task = result.task
    system = system_actor(_FOLLOW_UP_ACTOR)
    if category.follow_up == FollowUp.ABNORMAL_EVIDENCE:
        failure = contact_failure_record(
            actor=system,
            entity=task.entity,
            found_on=result.inspected_on,
            source_type="inspection.result",
            source_id=str(result.pk),
            reference=f"{task.plan.number} {task.plan.title}"[:200],
            note=result.summary[:2000],
            today=today,
        )
        return {"abnormal_evidence": failure.pk}
    if category.follow_up == FollowUp.CASE_LEAD:
        lead = lead_create(
            actor=system,
            entity=task.entity,
            source_type="inspection.result",
            source_id=str(result.pk),
            summary=f"{task.plan.title}：{category.label_zh}。{result.summary}"[:5000],
            found_on=result.inspected_on,
            department=task.plan.lead,
            today=today,
        )
        return {"case_lead": lead.pk}
    return {}


def _next_notice_number(authority: str, year: int) -> str:
    counter, _ = ResultCounter.objects.select_for_update().get_or_create(authority=authority, year=year)
    prefixes: dict[str, str] = settings.SHIJIAN.get("INSPECTION_NOTICE_PREFIXES", {})
    counter.last += 1
    counter.save(update_fields=["last"])
    prefix = prefixes.get(authority) or authority_abbreviation(authority)
    return result_notice_number(prefix=prefix, year=year, sequence=counter.last)


@transaction.atomic
def result_publish(*, actor: Actor, result: InspectionResult, today: dt.date) -> InspectionResult:
    """Publish a completed result (公示): notice number, public credit fact, clock stopped.

    For staff of the plan's lead department. Late publication is allowed
    (the clock shows it overdue and the statistics count it).
    """
    result = _locked_result(result)
    task = result.task
    plan = task.plan
    policies.require_planner(actor, "inspection.result_publish", plan.lead.path)
    if result.status == ResultStatus.PUBLISHED:
        raise Conflict("already_published", "检查结果已公示", "the result is already published")
    if result.status != ResultStatus.COMPLETED:
        raise Conflict(
            "result_not_signed", "检查结果尚未经全部检查人员签字", "not every inspector has signed the result"
        )
    number = _next_notice_number(plan.lead.name, today.year)
    items = list(plan.items.order_by("code").values_list("code", "name", "legal_basis"))
    category = result.category
    fact = credit_fact_record(
        actor=system_actor(_FOLLOW_UP_ACTOR),
        entity=task.entity,
        kind="inspection.result",
        title=f"{plan.title}：{category.label_zh}",
        decided_on=result.completed_on or today,
        source_department=plan.lead.name,
        document_number=number,
        legal_basis="；".join(dict.fromkeys(basis for _, _, basis in items)),
        body={
            "problem_found": category.problem_found,
            "category": category.code,
            "category_zh": category.label_zh,
            "category_en": category.label_en,
            "plan": plan.number,
            "items": [f"{code} {name}" for code, name, _ in items],
            "inspected_on": result.inspected_on.isoformat(),
        },
        public=True,
        source_type="inspection.result",
        source_id=result.pk,
        today=today,
    )
    before = model_snapshot(result)
    result.status = ResultStatus.PUBLISHED
    result.published_on = today
    result.notice_number = number
    result.credit_fact_id = fact.pk
    result.save()
    clock = Clock.objects.filter(
        subject_type=SUBJECT_TYPE, subject_id=str(result.pk), rule_id=PUBLISH_RULE, status__in=ACTIVE
    ).first()
    if clock is not None:
        clocks.clock_stop(
            actor=_clock_actor(actor, plan.lead.path),
            clock=clock,
            on=today,
            reason="已公示 published",
            today=today,
        )
    audit_record(
        actor=actor,
        action="inspection.result_published",
        obj=result,
        before=before,
        after=model_snapshot(result),
    )
    return result


@transaction.atomic
def plan_results_publish(*, actor: Actor, plan_id: int, today: dt.date) -> list[InspectionResult]:
    """Publish every completed, unpublished result of a plan (抽查结果公告), in selection order."""
    results = InspectionResult.objects.filter(task__plan_id=plan_id, status=ResultStatus.COMPLETED).order_by(
        "task__order"
    )
    return [result_publish(actor=actor, result=r, today=today) for r in results]
