"""API of annual reports (年度报告) and ad-hoc disclosures (即时信息).

Enterprise endpoints (``/enterprise/...``): a signed-in user acts for an
entity they represent (企业经办人); for anyone else the entity does not exist
(404). Staff endpoints (``/registry/...``): officers of the entity's
jurisdiction see full reports, non-public fields included.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status

from shijian.accounts.api_auth import staff_auth
from shijian.core.actor import Actor
from shijian.core.api import ERROR_RESPONSES
from shijian.core.errors import ValidationFailed
from shijian.registry import selectors as registry_selectors
from shijian.registry.models import MarketEntity
from shijian.registry.reports import policies, selectors, services
from shijian.registry.reports.domain import (
    DisclosureKind,
    FieldSpec,
    ReportErrorCode,
    ReportForm,
    catalogue_for,
    form_allowed,
)
from shijian.registry.reports.models import AdhocDisclosure, AnnualReport

router = Router(tags=["annual reports 年报与即时信息"], auth=staff_auth())


# -- schemas --------------------------------------------------------------------------


class ChoiceOut(Schema):
    """One option of a choice field."""

    value: str
    label_zh: str
    label_en: str


class FieldOut(Schema):
    """A field of the report form with its public marking (公示属性)."""

    key: str
    label_zh: str
    label_en: str
    kind: str
    visibility: str
    required: bool
    item: str
    choices: list[ChoiceOut] = []
    columns: list[FieldOut] = []


FieldOut.model_rebuild()


class FormOut(Schema):
    """The form to fill for one reporting year."""

    report_year: int
    form: ReportForm
    catalogue_version: str
    deadline: dt.date
    fields: list[FieldOut]


class AnnualReportIn(Schema):
    """An annual report to file: every field in ``payload``; optional ones to publish in ``public_fields``."""

    report_year: int
    form: ReportForm = ReportForm.FULL
    payload: dict[str, Any]
    public_fields: list[str] = []


class AnnualReportCorrectIn(Schema):
    """A correction: the whole new content."""

    payload: dict[str, Any]
    public_fields: list[str] = []


class AnnualReportOut(Schema):
    """An annual report with its full content (for its entity and its officers)."""

    id: int
    entity_id: int
    report_year: int
    form: str
    catalogue_version: str
    payload: dict[str, Any]
    public_fields: list[str]
    filed_on: dt.date
    deadline: dt.date
    late: bool
    revision: int
    corrected_on: dt.date | None
    fact_id: int | None


class DisclosureIn(Schema):
    """Ad-hoc information: its kind and forming date; with ``content`` it is filed at once."""

    kind: DisclosureKind
    formed_on: dt.date
    content: dict[str, Any] | None = None


class DisclosureRecordIn(Schema):
    """Staff record when ad-hoc information formed (starts the 20-working-day clock)."""

    kind: DisclosureKind
    formed_on: dt.date


class DisclosureFileIn(Schema):
    """The content of recorded ad-hoc information."""

    content: dict[str, Any]


class DisclosureOut(Schema):
    """An ad-hoc disclosure."""

    id: int
    entity_id: int
    kind: str
    formed_on: dt.date
    due_on: dt.date
    status: str
    content: dict[str, Any]
    filed_on: dt.date | None
    late: bool
    fact_id: int | None


class EntityBriefOut(Schema):
    """An entity I represent."""

    id: int
    uscc: str
    name: str
    entity_type: str
    status: str
    established_on: dt.date


class YearOut(Schema):
    """One reporting year: status and deadline."""

    report_year: int
    status: str
    deadline: dt.date
    report_id: int | None


class OwnEntityOut(Schema):
    """My entity's own record: reporting years, reports and disclosures in full."""

    entity: EntityBriefOut
    years: list[YearOut]
    annual_reports: list[AnnualReportOut]
    disclosures: list[DisclosureOut]


# -- helpers --------------------------------------------------------------------------


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined,no-any-return]


def _field_out(spec: FieldSpec) -> FieldOut:
    return FieldOut(
        key=spec.key,
        label_zh=spec.label_zh,
        label_en=spec.label_en,
        kind=spec.kind.value,
        visibility=spec.visibility.value,
        required=spec.required,
        item=spec.item,
        choices=[ChoiceOut(value=v, label_zh=zh, label_en=en) for v, zh, en in spec.choices],
        columns=[_field_out(column) for column in spec.columns],
    )


def _report_out(report: AnnualReport) -> AnnualReportOut:
    return AnnualReportOut(
        id=report.pk,
        entity_id=report.entity_id,
        report_year=report.report_year,
        form=report.form,
        catalogue_version=report.catalogue_version,
        payload=report.payload,
        public_fields=list(report.public_fields),
        filed_on=report.filed_on,
        deadline=report.deadline,
        late=report.late,
        revision=report.revision,
        corrected_on=report.corrected_on,
        fact_id=report.fact_id,
    )


def _disclosure_out(disclosure: AdhocDisclosure) -> DisclosureOut:
    return DisclosureOut(
        id=disclosure.pk,
        entity_id=disclosure.entity_id,
        kind=disclosure.kind,
        formed_on=disclosure.formed_on,
        due_on=disclosure.due_on,
        status=disclosure.status,
        content=disclosure.content,
        filed_on=disclosure.filed_on,
        late=disclosure.late,
        fact_id=disclosure.fact_id,
    )


def _brief(entity: MarketEntity) -> EntityBriefOut:
    return EntityBriefOut(
        id=entity.pk,
        uscc=entity.uscc,
        name=entity.name,
        entity_type=entity.entity_type,
        status=entity.status,
        established_on=entity.established_on,
    )


def _own(request: HttpRequest, entity_id: int) -> MarketEntity:
    return selectors.represented_entity_get(
        actor=_actor(request), entity_id=entity_id, today=timezone.localdate()
    )


def _staff_entity(request: HttpRequest, entity_id: int) -> MarketEntity:
    actor = _actor(request)
    policies.require_staff(actor, "registry.reports.read")
    return registry_selectors.entity_get(actor=actor, entity_id=entity_id)


# -- enterprise endpoints -------------------------------------------------------------


@router.get("/enterprise/entities", response={200: list[EntityBriefOut], **ERROR_RESPONSES})
def my_entities(request: HttpRequest) -> list[EntityBriefOut]:
    """The entities I represent (我的企业)."""
    entities = selectors.represented_entities(actor=_actor(request), today=timezone.localdate())
    return [_brief(entity) for entity in entities]


@router.get("/enterprise/entities/{entity_id}", response={200: OwnEntityOut, **ERROR_RESPONSES})
def my_entity(request: HttpRequest, entity_id: int) -> OwnEntityOut:
    """My entity's own full record: reporting years, annual reports and disclosures (404 if not mine)."""
    today = timezone.localdate()
    entity = _own(request, entity_id)
    return OwnEntityOut(
        entity=_brief(entity),
        years=[
            YearOut(
                report_year=row.report_year,
                status=row.status.value,
                deadline=row.deadline,
                report_id=row.report.pk if row.report else None,
            )
            for row in selectors.report_overview(entity=entity, today=today)
        ],
        annual_reports=[_report_out(r) for r in selectors.entity_reports(entity=entity)],
        disclosures=[_disclosure_out(d) for d in selectors.entity_disclosures(entity=entity)],
    )


@router.get(
    "/enterprise/entities/{entity_id}/annual-reports/{report_year}/form",
    response={200: FormOut, **ERROR_RESPONSES},
)
def report_form(
    request: HttpRequest, entity_id: int, report_year: int, form: ReportForm = ReportForm.FULL
) -> FormOut:
    """The fields to fill for ``report_year``, each with its public marking and the deadline."""
    entity = _own(request, entity_id)
    if not form_allowed(form, entity.entity_type):
        raise ValidationFailed(
            "form",
            "简易年度报告仅适用于个体工商户",
            "only individual businesses may file the simplified report",
            code=ReportErrorCode.FORM_NOT_ALLOWED,
        )
    catalogue = catalogue_for(form, report_year)
    return FormOut(
        report_year=report_year,
        form=form,
        catalogue_version=catalogue.version,
        deadline=selectors.report_deadline(report_year=report_year).deadline,
        fields=[_field_out(spec) for spec in catalogue.fields_for(entity.entity_type)],
    )


@router.post(
    "/enterprise/entities/{entity_id}/annual-reports", response={201: AnnualReportOut, **ERROR_RESPONSES}
)
def report_file(request: HttpRequest, entity_id: int, body: AnnualReportIn) -> Status[AnnualReportOut]:
    """File my entity's annual report (报送年度报告); a late report is accepted and marked late."""
    report = services.annual_report_file(
        actor=_actor(request),
        entity=_own(request, entity_id),
        report_year=body.report_year,
        form=body.form,
        payload=body.payload,
        public_fields=body.public_fields,
        today=timezone.localdate(),
    )
    return Status(201, _report_out(report))


@router.put(
    "/enterprise/entities/{entity_id}/annual-reports/{report_year}",
    response={200: AnnualReportOut, **ERROR_RESPONSES},
)
def report_correct(
    request: HttpRequest, entity_id: int, report_year: int, body: AnnualReportCorrectIn
) -> AnnualReportOut:
    """Correct my entity's annual report (更正) until the deadline."""
    today = timezone.localdate()
    report = selectors.own_report_get(
        actor=_actor(request), entity_id=entity_id, report_year=report_year, today=today
    )
    report = services.annual_report_correct(
        actor=_actor(request),
        report=report,
        payload=body.payload,
        public_fields=body.public_fields,
        today=today,
    )
    return _report_out(report)


@router.post("/enterprise/entities/{entity_id}/disclosures", response={201: DisclosureOut, **ERROR_RESPONSES})
def disclosure_create(request: HttpRequest, entity_id: int, body: DisclosureIn) -> Status[DisclosureOut]:
    """Record ad-hoc information (即时信息) of my entity; with ``content`` it is disclosed at once."""
    today = timezone.localdate()
    entity = _own(request, entity_id)
    if body.content is None:
        disclosure = services.disclosure_record(
            actor=_actor(request), entity=entity, kind=body.kind, formed_on=body.formed_on, today=today
        )
    else:
        disclosure = services.disclosure_submit(
            actor=_actor(request),
            entity=entity,
            kind=body.kind,
            formed_on=body.formed_on,
            content=body.content,
            today=today,
        )
    return Status(201, _disclosure_out(disclosure))


@router.post(
    "/enterprise/entities/{entity_id}/disclosures/{disclosure_id}/file",
    response={200: DisclosureOut, **ERROR_RESPONSES},
)
def disclosure_file(
    request: HttpRequest, entity_id: int, disclosure_id: int, body: DisclosureFileIn
) -> DisclosureOut:
    """Disclose the content of recorded ad-hoc information (stops its clock, publishes it)."""
    today = timezone.localdate()
    disclosure = selectors.own_disclosure_get(
        actor=_actor(request), entity_id=entity_id, disclosure_id=disclosure_id, today=today
    )
    disclosure = services.disclosure_file(
        actor=_actor(request), disclosure=disclosure, content=body.content, today=today
    )
    return _disclosure_out(disclosure)


# -- staff endpoints ------------------------------------------------------------------


@router.get(
    "/registry/entities/{entity_id}/annual-reports", response={200: list[AnnualReportOut], **ERROR_RESPONSES}
)
def entity_reports(request: HttpRequest, entity_id: int) -> list[AnnualReportOut]:
    """An entity's annual reports in full (officers of its jurisdiction)."""
    entity = _staff_entity(request, entity_id)
    return [_report_out(r) for r in selectors.annual_report_list(actor=_actor(request), entity_id=entity.pk)]


@router.get("/registry/annual-reports/{report_id}", response={200: AnnualReportOut, **ERROR_RESPONSES})
def report_detail(request: HttpRequest, report_id: int) -> AnnualReportOut:
    """One annual report in full (404 outside my jurisdiction)."""
    actor = _actor(request)
    policies.require_staff(actor, "registry.reports.read")
    return _report_out(selectors.annual_report_get(actor=actor, report_id=report_id))


@router.get(
    "/registry/entities/{entity_id}/disclosures", response={200: list[DisclosureOut], **ERROR_RESPONSES}
)
def entity_disclosures(request: HttpRequest, entity_id: int) -> list[DisclosureOut]:
    """An entity's ad-hoc disclosures, pending ones first (officers of its jurisdiction)."""
    entity = _staff_entity(request, entity_id)
    return [_disclosure_out(d) for d in selectors.disclosure_list(actor=_actor(request), entity_id=entity.pk)]


@router.post("/registry/entities/{entity_id}/disclosures", response={201: DisclosureOut, **ERROR_RESPONSES})
def disclosure_record(
    request: HttpRequest, entity_id: int, body: DisclosureRecordIn
) -> Status[DisclosureOut]:
    """Record that ad-hoc information formed (e.g. a penalty decided); starts the disclosure clock."""
    disclosure = services.disclosure_record(
        actor=_actor(request),
        entity=_staff_entity(request, entity_id),
        kind=body.kind,
        formed_on=body.formed_on,
        today=timezone.localdate(),
    )
    return Status(201, _disclosure_out(disclosure))
