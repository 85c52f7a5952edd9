"""Writes of annual reports (年度报告) and ad-hoc disclosures (即时信息): each validated, audited, published.

The annual-report deadline and the 20-working-day disclosure period come from
the clock rule table (``annual_report.deadline``, ``registry.adhoc_disclosure``);
no date or period is written here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction

from shijian.core.actor import Actor, system_actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.clock import services as clocks
from shijian.core.clock.domain import ClockStatus
from shijian.core.errors import Conflict, ValidationFailed
from shijian.core.scoping import path_in_scope
from shijian.registry.domain import CLOSED_STATUSES, EntityStatus
from shijian.registry.models import MarketEntity, PublicFact
from shijian.registry.reports import policies
from shijian.registry.reports.domain import (
    Catalogue,
    DisclosureKind,
    ReportErrorCode,
    ReportForm,
    catalogue_for,
    catalogue_version_get,
    changed_keys,
    correction_open,
    disclosure_applies,
    disclosure_clean,
    filing_check,
    filing_late,
    form_allowed,
    public_choices_clean,
    public_part,
    report_clean,
)
from shijian.registry.reports.models import AdhocDisclosure, AnnualReport, DisclosureStatus
from shijian.registry.reports.publication import ANNUAL_REPORT_KIND, DISCLOSURE_KIND
from shijian.registry.reports.selectors import report_deadline
from shijian.registry.reports.signals import annual_report_filed, disclosure_filed
from shijian.registry.services import public_fact_publish, public_fact_withdraw

DISCLOSURE_RULE = "registry.adhoc_disclosure"
DISCLOSURE_SUBJECT = "registry_reports.disclosure"


def _require_open(entity: MarketEntity) -> None:
    """Deregistered or moved-away entities file nothing more."""
    if EntityStatus(entity.status) in CLOSED_STATUSES:
        raise Conflict(
            ReportErrorCode.ENTITY_CLOSED,
            "该主体已注销或迁出，不能报送",
            "the entity is deregistered or moved away",
        )


def _self_published(entity: MarketEntity) -> str:
    """The provenance of what the enterprise publishes itself (企业自行公示)."""
    return f"{entity.name}（企业自行公示）"


def _locked(entity: MarketEntity) -> MarketEntity:
    """Lock the entity row: filings of one entity are serialised (one report per year)."""
    return MarketEntity.objects.select_for_update(of=("self",)).get(pk=entity.pk)


# -- annual reports -------------------------------------------------------------------


def _report_body(report: AnnualReport, catalogue: Catalogue, corrected_items: list[str]) -> dict[str, Any]:
    """The public body of a report: its public part, the optional fields kept back, and the filing facts."""
    split = public_part(catalogue, report.payload, report.public_fields)
    body: dict[str, Any] = {
        "report_year": report.report_year,
        "form": report.form,
        "filed_on": report.filed_on.isoformat(),
        "late": report.late,
        "revision": report.revision,
        **split.values,
        "not_published": split.withheld,
    }
    if report.corrected_on is not None:
        body["corrected_on"] = report.corrected_on.isoformat()
        # Only items that are public themselves may be named as corrected.
        body["corrected_items"] = [key for key in corrected_items if key in split.values]
    return body


def _publish_report(
    *, actor: Actor, report: AnnualReport, catalogue: Catalogue, today: dt.date, corrected_items: list[str]
) -> PublicFact:
    suffix = "（逾期报送）" if report.late else ""
    if report.revision > 1:
        suffix += "（已更正）"
    return public_fact_publish(
        actor=actor,
        entity=report.entity,
        kind=ANNUAL_REPORT_KIND,
        title=f"{report.report_year}年度报告{suffix}",
        body=_report_body(report, catalogue, corrected_items),
        source_department=_self_published(report.entity),
        decided_on=today,
        published_on=today,
        source_type="registry_reports.annualreport",
        source_id=str(report.pk),
    )


@transaction.atomic
def annual_report_file(
    *,
    actor: Actor,
    entity: MarketEntity,
    report_year: int,
    form: ReportForm,
    payload: Mapping[str, Any],
    public_fields: Iterable[str] = (),
    today: dt.date,
) -> AnnualReport:
    """File an entity's annual report for ``report_year`` (报送年度报告) and publish its public part.

    Only the entity's representative files (others: 404). The report for a
    year is filed from 1 January of the next year; an entity files from the
    year after it was established (its first report is for that year). After
    the ``annual_report.deadline`` rule's date the report is still accepted,
    marked late (逾期报送). Individual businesses may use the simplified form.
    """
    policies.require_representative(actor, entity, today)
    entity = _locked(entity)
    _require_open(entity)
    if not form_allowed(form, entity.entity_type):
        raise ValidationFailed(
            "form",
            "简易年度报告仅适用于个体工商户",
            "only individual businesses may file the simplified report",
            code=ReportErrorCode.FORM_NOT_ALLOWED,
        )
    filing_check(report_year=report_year, established_on=entity.established_on, filed_on=today)
    if AnnualReport.objects.filter(entity=entity, report_year=report_year).exists():
        raise Conflict(
            ReportErrorCode.ALREADY_FILED,
            f"{report_year}年度报告已报送，如需修改请更正",
            f"the {report_year} report was already filed: correct it instead",
            field="report_year",
        )
    catalogue = catalogue_for(form, report_year)
    content = report_clean(catalogue, payload, entity_type=entity.entity_type)
    chosen = public_choices_clean(catalogue, public_fields)
    deadline = report_deadline(report_year=report_year)
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(
                entity=entity,
                report_year=report_year,
                form=form.value,
                catalogue_version=catalogue.version,
                payload=content,
                public_fields=chosen,
                filed_on=today,
                deadline=deadline.deadline,
                deadline_rule_version=deadline.rule_version,
                late=filing_late(filed_on=today, deadline=deadline.deadline),
                filed_by_id=actor.user_id,
            )
    except IntegrityError:
        raise Conflict(
            ReportErrorCode.ALREADY_FILED,
            f"{report_year}年度报告已报送",
            f"the {report_year} report was already filed",
            field="report_year",
        ) from None
    report.fact = _publish_report(
        actor=actor, report=report, catalogue=catalogue, today=today, corrected_items=[]
    )
    report.save(update_fields=["fact", "updated_at"])
    audit_record(actor=actor, action="registry.annual_report.filed", obj=report, after=model_snapshot(report))
    annual_report_filed.send(sender=AnnualReport, report=report, entity=entity, filed_on=today, actor=actor)
    return report


@transaction.atomic
def annual_report_correct(
    *,
    actor: Actor,
    report: AnnualReport,
    payload: Mapping[str, Any],
    public_fields: Iterable[str] = (),
    today: dt.date,
) -> AnnualReport:
    """Correct a filed annual report (更正年度报告) until the deadline; republish it.

    The new content replaces the old one as a whole; the published fact of
    the old version is withdrawn and a new one published, naming the public
    items that changed. After the ``annual_report.deadline`` date (30 June)
    corrections are refused (条例第十二条).
    """
    policies.require_representative(actor, report.entity, today)
    report = AnnualReport.objects.select_for_update(of=("self",)).select_related("entity").get(pk=report.pk)
    _require_open(report.entity)
    deadline = report_deadline(report_year=report.report_year)
    if not correction_open(on=today, deadline=deadline.deadline):
        raise Conflict(
            ReportErrorCode.CORRECTION_CLOSED,
            f"{report.report_year}年度报告的更正期已于{deadline.deadline.isoformat()}结束",
            f"corrections of the {report.report_year} report closed on {deadline.deadline.isoformat()}",
        )
    catalogue = catalogue_version_get(report.catalogue_version)
    content = report_clean(catalogue, payload, entity_type=report.entity.entity_type)
    chosen = public_choices_clean(catalogue, public_fields)
    changed = changed_keys(report.payload, content)
    if not changed and chosen == list(report.public_fields):
        raise ValidationFailed(
            "payload",
            "更正内容与已报送内容相同",
            "the correction changes nothing",
            code=ReportErrorCode.NOTHING_CHANGED,
        )
    before = model_snapshot(report)
    old_fact = report.fact
    report.payload = content
    report.public_fields = chosen
    report.revision += 1
    report.corrected_on = today
    report.save()
    if old_fact is not None and old_fact.withdrawn_on is None:
        public_fact_withdraw(
            actor=actor, fact=old_fact, on=today, reason=f"年度报告已更正（第{report.revision}版）"
        )
    report.fact = _publish_report(
        actor=actor, report=report, catalogue=catalogue, today=today, corrected_items=changed
    )
    report.save(update_fields=["fact", "updated_at"])
    audit_record(
        actor=actor,
        action="registry.annual_report.corrected",
        obj=report,
        before=before,
        after=model_snapshot(report),
    )
    return report


# -- ad-hoc disclosures ---------------------------------------------------------------


def _clock_actor(actor: Actor, path: str) -> Actor:
    """Who runs the disclosure clock: staff of the jurisdiction themselves, otherwise the system.

    An enterprise user has no jurisdiction, so the clock engine would refuse
    them; the disclosure's own audit record names the real actor.
    """
    return actor if path_in_scope(actor, path) else system_actor("registry-disclosure")


@transaction.atomic
def disclosure_record(
    *, actor: Actor, entity: MarketEntity, kind: DisclosureKind, formed_on: dt.date, today: dt.date
) -> AdhocDisclosure:
    """Record that ad-hoc information formed (即时信息形成) and start its 20-working-day clock.

    The entity's representative or a registrar of its jurisdiction may record
    it; the clock ``registry.adhoc_disclosure`` starts on ``formed_on`` (not
    counted) under the entity's supervising unit.
    """
    policies.require_discloser(actor, entity, today, "registry.disclosure_record")
    _require_open(entity)
    if not disclosure_applies(kind, entity.entity_type):
        raise ValidationFailed(
            "kind",
            f"“{kind.label_zh}”不适用于该类型的主体",
            f"{kind.label_en} does not apply to this type of entity",
            code=ReportErrorCode.NOT_APPLICABLE,
        )
    if formed_on > today:
        raise ValidationFailed("formed_on", "信息形成日期不能晚于今天", "the forming date is in the future")
    if formed_on < entity.established_on:
        raise ValidationFailed(
            "formed_on",
            "信息形成日期早于主体成立日期",
            "the forming date is before the entity was established",
        )
    disclosure = AdhocDisclosure.objects.create(
        entity=entity,
        kind=kind.value,
        formed_on=formed_on,
        due_on=formed_on,  # replaced by the clock's due date below
        recorded_by_id=actor.user_id,
    )
    clock = clocks.clock_start(
        actor=_clock_actor(actor, entity.supervisor_path),
        subject_type=DISCLOSURE_SUBJECT,
        subject_id=str(disclosure.pk),
        rule_id=DISCLOSURE_RULE,
        start=formed_on,
        org_unit_path=entity.supervisor_path,
        today=today,
    )
    disclosure.clock = clock
    disclosure.due_on = clock.due_date
    disclosure.save(update_fields=["clock", "due_on", "updated_at"])
    audit_record(
        actor=actor, action="registry.disclosure.recorded", obj=disclosure, after=model_snapshot(disclosure)
    )
    return disclosure


@transaction.atomic
def disclosure_file(
    *, actor: Actor, disclosure: AdhocDisclosure, content: Mapping[str, Any], today: dt.date
) -> AdhocDisclosure:
    """File the content of recorded ad-hoc information (公示即时信息): stops the clock and publishes it.

    Only the entity's representative files. Filing after the clock's due date
    is accepted and marked late.
    """
    policies.require_representative(actor, disclosure.entity, today)
    disclosure = (
        AdhocDisclosure.objects.select_for_update(of=("self",)).select_related("entity").get(pk=disclosure.pk)
    )
    entity = disclosure.entity
    _require_open(entity)
    if disclosure.status != DisclosureStatus.RECORDED:
        raise Conflict(
            ReportErrorCode.ALREADY_DISCLOSED, "该即时信息已公示", "this information was already disclosed"
        )
    kind = DisclosureKind(disclosure.kind)
    cleaned = disclosure_clean(kind, content, entity_type=entity.entity_type)
    before = model_snapshot(disclosure)
    late = today > disclosure.due_on
    if disclosure.clock is not None:
        clock = clocks.clock_stop(
            actor=_clock_actor(actor, entity.supervisor_path),
            clock=disclosure.clock,
            on=today,
            reason="企业已公示 disclosed by the enterprise",
            outcome=ClockStatus.COMPLETED,
            today=today,
        )
        late = clock.completed_late
    disclosure.content = cleaned
    disclosure.status = DisclosureStatus.FILED
    disclosure.filed_on = today
    disclosure.late = late
    disclosure.save()
    disclosure.fact = public_fact_publish(
        actor=actor,
        entity=entity,
        kind=DISCLOSURE_KIND,
        title=f"{kind.label_zh}（{disclosure.formed_on.isoformat()}形成）" + ("（逾期公示）" if late else ""),
        body={
            "kind": kind.value,
            "formed_on": disclosure.formed_on.isoformat(),
            "filed_on": today.isoformat(),
            "due_on": disclosure.due_on.isoformat(),
            "late": late,
            **cleaned,
        },
        source_department=_self_published(entity),
        decided_on=today,
        published_on=today,
        source_type="registry_reports.adhocdisclosure",
        source_id=str(disclosure.pk),
    )
    disclosure.save(update_fields=["fact", "updated_at"])
    audit_record(
        actor=actor,
        action="registry.disclosure.filed",
        obj=disclosure,
        before=before,
        after=model_snapshot(disclosure),
    )
    disclosure_filed.send(
        sender=AdhocDisclosure, disclosure=disclosure, entity=entity, filed_on=today, actor=actor
    )
    return disclosure


@transaction.atomic
def disclosure_submit(
    *,
    actor: Actor,
    entity: MarketEntity,
    kind: DisclosureKind,
    formed_on: dt.date,
    content: Mapping[str, Any],
    today: dt.date,
) -> AdhocDisclosure:
    """Record and file ad-hoc information in one step (the enterprise's disclosure form)."""
    policies.require_representative(actor, entity, today)
    disclosure = disclosure_record(actor=actor, entity=entity, kind=kind, formed_on=formed_on, today=today)
    return disclosure_file(actor=actor, disclosure=disclosure, content=content, today=today)
