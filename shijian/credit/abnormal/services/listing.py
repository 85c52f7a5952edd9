"""Listing an entity (列入经营异常名录 / 标记经营异常状态) once its ground is established."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.clock import services as clocks
from shijian.core.clock.selectors import deadline_compute
from shijian.core.errors import Conflict, ValidationFailed
from shijian.credit import policies
from shijian.credit.abnormal import kinds
from shijian.credit.abnormal.domain import Ground, ListingStatus, Mode, ProposalKind, mode_for, report_due
from shijian.credit.abnormal.models import AbnormalListing, ContactFailure
from shijian.credit.abnormal.services._common import (
    LIST_RULE,
    LISTING_SUBJECT,
    OBJECTION_SUBMIT_RULE,
    SERIES_LIST,
    _next_number,
    _require_open,
    letter_evidence_for,
    letter_interval,
)
from shijian.credit.abnormal.services.proposals import _art18_check, _propose
from shijian.credit.services import credit_fact_record
from shijian.registry.models import MarketEntity
from shijian.registry.reports.models import AdhocDisclosure, AnnualReport, DisclosureStatus
from shijian.registry.reports.selectors import report_deadline

#: Implementing rules named on decisions; the 2014 measure (68号令) may have been replaced: see the docs.
LEGAL_BASIS = {
    Ground.ANNUAL_REPORT: "《企业信息公示暂行条例》第八条、第十八条；《企业经营异常名录管理暂行办法》第六条",
    Ground.ADHOC_DISCLOSURE: (
        "《企业信息公示暂行条例》第十条、第十八条；《企业经营异常名录管理暂行办法》第七条"
    ),
    Ground.FALSE_DISCLOSURE: "《企业信息公示暂行条例》第十八条；《企业经营异常名录管理暂行办法》第八条",
    Ground.UNREACHABLE: "《企业信息公示暂行条例》第十八条；《企业经营异常名录管理暂行办法》第九条、第十条",
}
INDIVIDUAL_BASIS = "《个体工商户年度报告暂行办法》；《促进个体工商户发展条例》"


def _check_ground(
    *,
    entity: MarketEntity,
    ground: Ground,
    ground_on: dt.date,
    report_year: int | None,
    disclosure: AdhocDisclosure | None,
    reason: str,
    today: dt.date,
) -> None:
    """Refuse a listing whose ground is not established (field named, zh + en)."""
    if ground is Ground.ANNUAL_REPORT:
        if report_year is None:
            raise ValidationFailed("report_year", "请填写未报送的报告年度", "the report year is required")
        if not report_due(established_on=entity.established_on, report_year=report_year):
            raise ValidationFailed(
                "report_year",
                f"该主体成立于{entity.established_on.year}年，不需报送{report_year}年度报告",
                f"the entity was established in {entity.established_on.year}: "
                f"it owes no {report_year} report",
            )
        deadline = report_deadline(report_year=report_year).deadline
        if ground_on <= deadline:
            raise ValidationFailed(
                "ground_on",
                f"{report_year}年度报告的报送期限至{deadline.isoformat()}，期满后方可列入",
                f"the {report_year} report is due by {deadline.isoformat()}: list only after that",
            )
        if AnnualReport.objects.filter(entity=entity, report_year=report_year).exists():
            raise Conflict(
                "report_filed",
                f"该主体已报送{report_year}年度报告",
                f"the entity has filed its {report_year} report",
            )
    elif report_year is not None:
        raise ValidationFailed(
            "report_year", "仅未报年报事由填写报告年度", "a report year only for ground (1)"
        )
    if ground is Ground.ADHOC_DISCLOSURE and disclosure is not None:
        if disclosure.entity_id != entity.pk:
            raise ValidationFailed(
                "disclosure_id", "该即时信息不属于此主体", "the disclosure is another entity's"
            )
        if disclosure.status == DisclosureStatus.FILED:
            raise Conflict("disclosure_filed", "该即时信息已公示", "that information was already disclosed")
    elif disclosure is not None:
        raise ValidationFailed(
            "disclosure_id", "仅未公示即时信息事由关联即时信息", "a disclosure only for ground (2)"
        )
    if (
        ground in (Ground.ADHOC_DISCLOSURE, Ground.FALSE_DISCLOSURE)
        and disclosure is None
        and not reason.strip()
    ):
        raise ValidationFailed("reason", "请写明列入的事实", "state the facts of the ground")
    if ground is Ground.UNREACHABLE:
        evidence = letter_evidence_for(entity=entity, on=today)
        if evidence is None:
            low, high = letter_interval(on=today)
            # A finding of another procedure (e.g. an inspection) is not the evidence: say so.
            found = ContactFailure.objects.filter(entity=entity, found_on__lte=today).first()  # newest
            seen_zh = seen_en = ""
            if found is not None:
                day = found.found_on.isoformat()
                seen_zh = f"（{day}已发现无法联系：{found.reference}，仍须寄送挂号信）"
                seen_en = f" (found unreachable on {day}: {found.reference}; the letters are still needed)"
            raise Conflict(
                "letters_missing",
                f"须有两封相隔{low}至{high}日、均无人签收的挂号信，方可以无法联系为由列入{seen_zh}",
                f"two registered letters sent {low}-{high} days apart, both returned unsigned, "
                f"are required{seen_en}",
                field="ground",
            )
        if ground_on < evidence.established_on:
            raise ValidationFailed(
                "ground_on",
                f"无法联系的事实确认日期不能早于第二封挂号信退回日期{evidence.established_on.isoformat()}",
                f"the ground cannot be established before the second letter came back "
                f"({evidence.established_on.isoformat()})",
            )


@transaction.atomic
def abnormal_list(
    *,
    actor: Actor,
    entity: MarketEntity,
    ground: Ground,
    ground_on: dt.date,
    decided_on: dt.date,
    today: dt.date,
    report_year: int | None = None,
    disclosure: AdhocDisclosure | None = None,
    reason: str = "",
    sweep: Any = None,
) -> AbnormalListing:
    """List an entity (列入经营异常名录), or mark an individual business (标记经营异常状态).

    ``ground_on`` is the day the ground was established (for ground (1) the
    day after the report deadline at the earliest); the ``abnormal.list``
    clock runs from it and completes on ``decided_on`` (late listings are
    kept as such). Records the public credit fact ``abnormal.listed`` with
    the decision number, opens the objection period (``objection.submit``
    from publication) and checks the 2024 Art. 18 follow-ups.
    """
    policies.require_credit_officer(actor, "credit.abnormal.list", entity.supervisor_path)
    entity = (
        MarketEntity.objects.select_for_update().select_related("registration_authority").get(pk=entity.pk)
    )
    _require_open(entity)
    ground = Ground(ground)
    if decided_on > today:
        raise ValidationFailed("decided_on", "列入日期不能晚于今天", "the listing date is in the future")
    if ground_on > decided_on:
        raise ValidationFailed(
            "ground_on", "事由确认日期不能晚于列入日期", "the ground cannot be established after the listing"
        )
    _check_ground(
        entity=entity,
        ground=ground,
        ground_on=ground_on,
        report_year=report_year,
        disclosure=disclosure,
        reason=reason,
        today=today,
    )
    current = AbnormalListing.objects.filter(entity=entity, ground=ground.value, status=ListingStatus.LISTED)
    if ground is Ground.ANNUAL_REPORT:
        current = AbnormalListing.objects.filter(entity=entity, ground=ground.value, report_year=report_year)
    if current.exists():
        raise Conflict(
            "already_listed",
            "该主体已因同一事由被列入",
            "the entity is already listed on this ground",
            field="ground",
        )
    mode = mode_for(entity.entity_type)
    authority = entity.registration_authority
    number = _next_number(authority=authority, year=decided_on.year, series=SERIES_LIST)
    objection_until = deadline_compute(rule_id=OBJECTION_SUBMIT_RULE, start=today).computation.due
    text = reason.strip() or ground.label_zh
    listing = AbnormalListing.objects.create(
        entity=entity,
        mode=mode.value,
        ground=ground.value,
        report_year=report_year,
        disclosure=disclosure,
        reason=text[:5000],
        ground_on=ground_on,
        decided_on=decided_on,
        list_due=decided_on,  # replaced by the clock's due date below
        authority=authority,
        document_number=number,
        objection_until=objection_until,
        sweep=sweep,
        recorded_by=actor.audit_label[:200],
    )
    clock = clocks.clock_start(
        actor=actor,
        subject_type=LISTING_SUBJECT,
        subject_id=listing.pk,
        rule_id=LIST_RULE,
        start=ground_on,
        org_unit_path=entity.supervisor_path,
        today=today,
    )
    clock = clocks.clock_stop(
        actor=actor, clock=clock, on=decided_on, reason="已作出列入决定 listed", today=today
    )
    measure = "列入经营异常名录" if mode is Mode.LIST else "标记为经营异常状态"
    year_text = f"（{report_year}年度）" if report_year else ""
    fact = credit_fact_record(
        actor=actor,
        entity=entity,
        kind=kinds.LISTED.kind,
        title=f"{measure}：{ground.label_zh}{year_text}"[:300],
        decided_on=decided_on,
        source_department=authority.name,
        document_number=number,
        legal_basis=INDIVIDUAL_BASIS if mode is Mode.STATUS else LEGAL_BASIS[ground],
        body={
            "measure": mode.label_zh,
            "ground": ground.value,
            "ground_zh": ground.label_zh,
            "report_year": report_year,
            "decided_on": decided_on.isoformat(),
            "reason": text,
            "objection_until": objection_until.isoformat(),
        },
        source_type=LISTING_SUBJECT,
        source_id=listing.pk,
        today=today,
    )
    listing.fact = fact
    listing.list_clock = clock
    listing.list_due = clock.normal_due_date
    listing.listed_late = clock.completed_late
    listing.save(update_fields=["fact", "list_clock", "list_due", "listed_late", "updated_at"])
    audit_record(actor=actor, action="credit.abnormal.listed", obj=listing, after=model_snapshot(listing))
    if ground in (Ground.ANNUAL_REPORT, Ground.UNREACHABLE):
        _art18_check(actor=actor, entity=entity, today=today)
    if ground is Ground.FALSE_DISCLOSURE:
        _propose(
            actor=actor,
            entity=entity,
            kind=ProposalKind.PENALTY,
            grounds=(
                "公示信息隐瞒真实情况、弄虚作假：责令改正，处1万元以上5万元以下罚款；情节严重的处5万元以上"
                "20万元以下罚款，列入严重违法失信名单，并可吊销营业执照（《企业信息公示暂行条例》第十八条，"
                f"2024年修订）。列入决定 {number}。"
            ),
            listings=[listing],
            today=today,
        )
    return listing
