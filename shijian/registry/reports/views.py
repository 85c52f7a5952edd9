"""Enterprise pages (企业端): my entities, one entity's own record, the annual-report form and the
ad-hoc disclosure form. Thin: parse, call one service or selector, render. An entity the signed-in
user does not represent answers 404, for staff too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from shijian.core.actor import Actor
from shijian.core.errors import DomainError, NotFound
from shijian.registry.licences.domain import LicenceStatus, effective_status
from shijian.registry.licences.selectors import entity_licences
from shijian.registry.models import MarketEntity
from shijian.registry.reports import selectors, services
from shijian.registry.reports.domain import (
    DISCLOSURE_FIELDS,
    Catalogue,
    DisclosureKind,
    FieldKind,
    FieldSpec,
    ReportForm,
    Visibility,
    catalogue_for,
    catalogue_version_get,
    disclosure_applies,
    form_allowed,
    last_report_year,
)
from shijian.registry.reports.forms import form_rows, posted_public_fields, posted_values, problem_messages
from shijian.registry.reports.models import AdhocDisclosure, AnnualReport, DisclosureStatus


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined,no-any-return]


def _lang() -> str:
    return "en" if get_language() == "en" else "zh"


def _own(request: HttpRequest, entity_id: int, today: dt.date) -> MarketEntity:
    try:
        return selectors.represented_entity_get(actor=_actor(request), entity_id=entity_id, today=today)
    except NotFound:
        raise Http404 from None


def _error_context(error: DomainError) -> dict[str, Any]:
    lang = _lang()
    return {
        "error": error,
        "error_message": error.message_en if lang == "en" else error.message_zh,
        "field_errors": problem_messages(error.details, lang),
    }


def _display(spec: FieldSpec, value: Any) -> str:
    """A stored value as text for the owner's own view."""
    if spec.kind is FieldKind.RECORDS:
        rows = []
        for record in value or []:
            parts = [
                f"{c.label_zh}：{_display(c, record.get(c.key))}" for c in spec.columns if record.get(c.key)
            ]
            rows.append("，".join(parts))
        return "；".join(rows) or "—"
    if spec.kind is FieldKind.CHOICE and value:
        return spec.choice_label(str(value))[0]
    if value in (None, ""):
        return "—"
    return str(value)


def _report_items(report: AnnualReport) -> list[dict[str, Any]]:
    """Each field of a filed report with its value and whether it is published."""
    catalogue = catalogue_version_get(report.catalogue_version)
    chosen = set(report.public_fields)
    items = []
    for spec in catalogue.fields_for(report.entity.entity_type):
        published = spec.visibility is Visibility.PUBLIC or (
            spec.visibility is Visibility.OPTIONAL and spec.key in chosen
        )
        items.append(
            {"spec": spec, "value": _display(spec, report.payload.get(spec.key)), "published": published}
        )
    return items


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """My entities (我的企业): every entity I represent with its reporting status."""
    today = timezone.localdate()
    entities = list(selectors.represented_entities(actor=_actor(request), today=today))
    rows = [(entity, selectors.report_overview(entity=entity, today=today)[:1]) for entity in entities]
    return render(request, "registry/reports/dashboard.html", {"rows": rows, "today": today})


@login_required
def entity_record(request: HttpRequest, entity_id: int) -> HttpResponse:
    """My entity's own full record: years, reports (non-public fields too), disclosures, licences."""
    today = timezone.localdate()
    entity = _own(request, entity_id, today)
    licences = [
        (lic, effective_status(LicenceStatus(lic.status), lic.expires_on, today))
        for lic in entity_licences(entity=entity)
    ]
    context = {
        "entity": entity,
        "years": selectors.report_overview(entity=entity, today=today),
        "reports": [(r, _report_items(r)) for r in selectors.entity_reports(entity=entity)],
        "disclosures": list(selectors.entity_disclosures(entity=entity)),
        "licences": licences,
        "kinds": [k for k in DisclosureKind if disclosure_applies(k, entity.entity_type)],
        "today": today,
    }
    return render(request, "registry/reports/entity.html", context)


def _report_year(request: HttpRequest, today: dt.date) -> int:
    try:
        return int(request.GET.get("year") or request.POST.get("report_year") or last_report_year(today))
    except ValueError:
        raise Http404 from None


def _report_form(request: HttpRequest, entity: MarketEntity, existing_form: str | None) -> ReportForm:
    if existing_form is not None:
        return ReportForm(existing_form)
    try:
        form = ReportForm(request.GET.get("form") or request.POST.get("form") or ReportForm.FULL.value)
    except ValueError:
        form = ReportForm.FULL
    return form if form_allowed(form, entity.entity_type) else ReportForm.FULL


@login_required
@require_http_methods(["GET", "POST"])
def annual_report(request: HttpRequest, entity_id: int) -> HttpResponse:
    """The annual-report form (年度报告), last year by default (``?year=`` for an earlier, late one).

    If the year is already filed, the form corrects it (更正) until the deadline.
    """
    today = timezone.localdate()
    entity = _own(request, entity_id, today)
    year = _report_year(request, today)
    report = selectors.entity_reports(entity=entity).filter(report_year=year).first()
    form = _report_form(request, entity, report.form if report else None)
    context: dict[str, Any] = {
        "entity": entity,
        "report_year": year,
        "report": report,
        "form": form,
        "simplified_allowed": form_allowed(ReportForm.SIMPLIFIED, entity.entity_type),
        "error": None,
        "field_errors": {},
    }
    catalogue: Catalogue | None = None
    try:
        catalogue = catalogue_version_get(report.catalogue_version) if report else catalogue_for(form, year)
        context["deadline"] = selectors.report_deadline(report_year=year).deadline
    except (DomainError, KeyError) as exc:
        context.update(_error_context(exc) if isinstance(exc, DomainError) else {})
    specs = catalogue.fields_for(entity.entity_type) if catalogue else ()
    values: dict[str, Any] = dict(report.payload) if report else {}
    published: list[str] = list(report.public_fields) if report else []
    status = 200
    if request.method == "POST" and catalogue is not None:
        values = posted_values(specs, request.POST)
        published = posted_public_fields(specs, request.POST)
        try:
            if report is None:
                services.annual_report_file(
                    actor=_actor(request),
                    entity=entity,
                    report_year=year,
                    form=form,
                    payload=values,
                    public_fields=published,
                    today=today,
                )
                messages.success(request, f"{year}年度报告已报送并公示。The {year} annual report was filed.")
            else:
                services.annual_report_correct(
                    actor=_actor(request), report=report, payload=values, public_fields=published, today=today
                )
                messages.success(request, f"{year}年度报告已更正。The {year} annual report was corrected.")
        except DomainError as exc:
            context.update(_error_context(exc))
            status = 422
        else:
            return redirect("reports:entity", entity_id=entity.pk)
    context["rows"] = form_rows(specs, values, published, context["field_errors"])
    if context["error"] is not None and status == 200:
        status = 422
    return render(request, "registry/reports/annual_report.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def disclosure(request: HttpRequest, entity_id: int) -> HttpResponse:
    """The ad-hoc disclosure form (即时信息公示): choose the kind, then fill the content.

    ``?disclosure=<id>`` files information already recorded (e.g. by the bureau).
    """
    today = timezone.localdate()
    entity = _own(request, entity_id, today)
    pending: AdhocDisclosure | None = None
    pending_id = request.GET.get("disclosure") or request.POST.get("disclosure")
    if pending_id:
        try:
            pending = selectors.own_disclosure_get(
                actor=_actor(request), entity_id=entity.pk, disclosure_id=int(pending_id), today=today
            )
        except (NotFound, ValueError):
            raise Http404 from None
        if pending.status != DisclosureStatus.RECORDED:
            raise Http404
    kinds = [k for k in DisclosureKind if disclosure_applies(k, entity.entity_type)]
    raw_kind = pending.kind if pending else (request.POST.get("kind") or request.GET.get("kind") or "")
    kind = DisclosureKind(raw_kind) if raw_kind in {k.value for k in kinds} else None
    formed_on = pending.formed_on.isoformat() if pending else request.POST.get("formed_on", "").strip()
    context: dict[str, Any] = {
        "entity": entity,
        "kinds": kinds,
        "kind": kind,
        "pending": pending,
        "formed_on": formed_on,
        "error": None,
        "field_errors": {},
    }
    specs = DISCLOSURE_FIELDS[kind] if kind else ()
    values: dict[str, Any] = {}
    status = 200
    if request.method == "POST" and kind is not None:
        values = posted_values(specs, request.POST)
        try:
            if pending is not None:
                services.disclosure_file(
                    actor=_actor(request), disclosure=pending, content=values, today=today
                )
            else:
                try:
                    formed = dt.date.fromisoformat(formed_on)
                except ValueError:
                    raise DomainError(
                        "invalid", "请填写信息形成日期", "the forming date is required", field="formed_on"
                    ) from None
                services.disclosure_submit(
                    actor=_actor(request),
                    entity=entity,
                    kind=kind,
                    formed_on=formed,
                    content=values,
                    today=today,
                )
        except DomainError as exc:
            context.update(_error_context(exc))
            status = 422
        else:
            messages.success(request, "即时信息已公示。The information was disclosed.")
            return redirect("reports:entity", entity_id=entity.pk)
    context["rows"] = form_rows(specs, values, (), context["field_errors"])
    return render(request, "registry/reports/disclosure.html", context, status=status)
