"""Reads of annual reports and ad-hoc disclosures: the enterprise's own record, the officer's scoped lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from shijian.core.actor import Actor
from shijian.core.clock.selectors import deadline_compute
from shijian.core.errors import NotFound
from shijian.core.scoping import get_in_scope, scope
from shijian.registry.models import MarketEntity
from shijian.registry.reports.domain import (
    YearStatus,
    deadline_start,
    report_years,
    year_status,
)
from shijian.registry.reports.models import AdhocDisclosure, AnnualReport, DisclosureStatus
from shijian.registry.selectors import entities_represented

DEADLINE_RULE = "annual_report.deadline"

#: How many past reporting years the overview lists (a display limit, not a legal rule).
OVERVIEW_YEARS = 10


@dataclass(frozen=True, slots=True)
class ReportDeadline:
    """The filing deadline of one reporting year and the rule version it came from."""

    report_year: int
    deadline: dt.date
    rule_version: int


def report_deadline(*, report_year: int) -> ReportDeadline:
    """The deadline of the ``report_year`` report: clock rule ``annual_report.deadline`` (30 June next year).

    Also the last day for corrections (条例第十二条). ``RuleNotInForce`` for a
    year before the rule.
    """
    answer = deadline_compute(rule_id=DEADLINE_RULE, start=deadline_start(report_year))
    return ReportDeadline(report_year, answer.computation.due, answer.rule.version)


# -- the enterprise's own record ------------------------------------------------------


def represented_entities(*, actor: Actor, today: dt.date) -> QuerySet[MarketEntity]:
    """The entities the actor represents today, by name (我的企业)."""
    return entities_represented(actor=actor, on=today).order_by("name", "id")


def represented_entity_get(*, actor: Actor, entity_id: int, today: dt.date) -> MarketEntity:
    """An entity the actor represents today; ``NotFound`` otherwise (also for staff)."""
    entity = represented_entities(actor=actor, today=today).filter(pk=entity_id).first()
    if entity is None:
        raise NotFound("entity")
    return entity


def entity_reports(*, entity: MarketEntity) -> QuerySet[AnnualReport]:
    """Every annual report of an entity, newest year first.

    Not scoped: pass an entity obtained through ``represented_entity_get`` or
    a scoped staff read.
    """
    return AnnualReport.objects.filter(entity=entity).order_by("-report_year")


def entity_disclosures(*, entity: MarketEntity) -> QuerySet[AdhocDisclosure]:
    """Every ad-hoc disclosure of an entity, newest first (same caveat as ``entity_reports``)."""
    return AdhocDisclosure.objects.filter(entity=entity).order_by("-formed_on", "-id")


def own_report_get(*, actor: Actor, entity_id: int, report_year: int, today: dt.date) -> AnnualReport:
    """The report of a represented entity for ``report_year``; ``NotFound`` otherwise."""
    entity = represented_entity_get(actor=actor, entity_id=entity_id, today=today)
    report = entity_reports(entity=entity).filter(report_year=report_year).first()
    if report is None:
        raise NotFound("annual report")
    return report


def own_disclosure_get(
    *, actor: Actor, entity_id: int, disclosure_id: int, today: dt.date
) -> AdhocDisclosure:
    """An ad-hoc disclosure of a represented entity; ``NotFound`` otherwise."""
    entity = represented_entity_get(actor=actor, entity_id=entity_id, today=today)
    disclosure = entity_disclosures(entity=entity).filter(pk=disclosure_id).first()
    if disclosure is None:
        raise NotFound("disclosure")
    return disclosure


@dataclass(frozen=True, slots=True)
class YearRow:
    """One reporting year of an entity's overview (年报情况)."""

    report_year: int
    status: YearStatus
    deadline: dt.date
    report: AnnualReport | None


def report_overview(*, entity: MarketEntity, today: dt.date) -> list[YearRow]:
    """The reporting years an entity owes as of ``today`` (newest first) with their status.

    An entity established this year owes nothing yet; lists at most the last
    ``OVERVIEW_YEARS`` years.
    """
    filed = {r.report_year: r for r in entity_reports(entity=entity)}
    rows: list[YearRow] = []
    for year in report_years(
        established_on=entity.established_on, today=today, earliest=today.year - OVERVIEW_YEARS
    ):
        deadline = report_deadline(report_year=year).deadline
        report = filed.get(year)
        status = year_status(
            filed=report is not None, late=bool(report and report.late), today=today, deadline=deadline
        )
        rows.append(YearRow(year, status, deadline, report))
    return rows


# -- officers -------------------------------------------------------------------------


def annual_report_list(
    *, actor: Actor, entity_id: int | None = None, report_year: int | None = None, late: bool | None = None
) -> QuerySet[AnnualReport]:
    """Annual reports of entities in the actor's jurisdiction (full content), newest first."""
    reports = AnnualReport.objects.select_related("entity")
    if entity_id is not None:
        reports = reports.filter(entity_id=entity_id)
    if report_year is not None:
        reports = reports.filter(report_year=report_year)
    if late is not None:
        reports = reports.filter(late=late)
    return scope(actor, reports).order_by("-report_year", "entity__name", "id")


def annual_report_get(*, actor: Actor, report_id: int) -> AnnualReport:
    """One annual report in the actor's jurisdiction; ``NotFound`` otherwise."""
    return get_in_scope(actor, AnnualReport.objects.select_related("entity"), report_id, what="annual report")


def disclosure_list(
    *, actor: Actor, entity_id: int | None = None, status: DisclosureStatus | None = None
) -> QuerySet[AdhocDisclosure]:
    """Ad-hoc disclosures of entities in the actor's jurisdiction, pending ones by due date first."""
    disclosures = AdhocDisclosure.objects.select_related("entity")
    if entity_id is not None:
        disclosures = disclosures.filter(entity_id=entity_id)
    if status is not None:
        disclosures = disclosures.filter(status=status)
    return scope(actor, disclosures).order_by("-status", "due_on", "id")  # "recorded" before "filed"
