"""Public portal pages: the entity page and its printable credit report (信用报告)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from shijian.core.errors import NotFound
from shijian.registry.portal.pdf import PdfUnavailable, html_to_pdf
from shijian.registry.selectors import PublicProfile, entity_get, entity_public_profile


def _profile(uscc: str) -> PublicProfile:
    try:
        return entity_public_profile(uscc=uscc, today=timezone.localdate())
    except NotFound:
        raise Http404 from None


def entity_page(request: HttpRequest, uscc: str) -> HttpResponse:
    """The public page of one entity (企业信用信息公示)."""
    profile = _profile(uscc)
    return render(request, "registry/entity.html", {"profile": profile, "basic": profile.basic()})


def entity_report(request: HttpRequest, uscc: str) -> HttpResponse:
    """The entity's credit report as PDF (信用报告), with Chinese fonts."""
    profile = _profile(uscc)
    html = render_to_string(
        "registry/report.html",
        {"profile": profile, "basic": profile.basic(), "generated_at": timezone.localtime()},
        request=request,
    )
    try:
        pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
    except PdfUnavailable as exc:
        return HttpResponse(
            f"{exc.message_zh}\n{exc.message_en}\n", status=503, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="credit-report-{profile.entity.uscc}.pdf"'
    return response


@login_required
def entity_staff_page(request: HttpRequest, entity_id: int) -> HttpResponse:
    """The full record of an entity for officers of its jurisdiction (404 outside it)."""
    actor = request.actor  # type: ignore[attr-defined]
    if not actor.is_staff_member:
        raise Http404
    try:
        entity = entity_get(actor=actor, entity_id=entity_id)
    except NotFound:
        raise Http404 from None
    profile = _profile(entity.uscc)
    context = {
        "profile": profile,
        "basic": profile.basic(),
        "entity": entity,
        "person": entity.responsible_person,
    }
    return render(request, "registry/entity_staff.html", context)
