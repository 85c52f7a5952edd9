"""Portal pages: the public entity page, its printable credit report (信用报告), and the officers'
entity page with its enterprise representatives (企业联络员)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from shijian.core.actor import Actor
from shijian.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from shijian.core.masking import mask_phone
from shijian.registry import services
from shijian.registry.domain import CLOSED_STATUSES, EntityStatus
from shijian.registry.models import MarketEntity
from shijian.registry.policies import REGISTRARS
from shijian.registry.portal.pdf import PdfUnavailable, html_to_pdf
from shijian.registry.selectors import (
    PublicProfile,
    entity_get,
    entity_public_profile,
    representative_active,
    representative_get,
    representative_list,
)


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


def _posted_date(request: HttpRequest, name: str) -> dt.date | None:
    raw = request.POST.get(name, "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationFailed(name, "日期格式应为 YYYY-MM-DD", "a date is written YYYY-MM-DD") from None


def _grant(request: HttpRequest, actor: Actor, entity: MarketEntity, today: dt.date) -> str:
    """Grant from the page's form; the success message."""
    post = request.POST
    username = post.get("username", "").strip()
    user: str | services.EnterpriseAccountIn = username
    if post.get("create_account"):
        user = services.EnterpriseAccountIn(
            username=username, display_name=post.get("display_name", ""), phone=post.get("phone", "")
        )
    link = services.representative_grant(
        actor=actor,
        entity=entity,
        user=user,
        granted_on=_posted_date(request, "granted_on"),
        reason=post.get("reason", ""),
        today=today,
    )
    name = link.user.display_name or link.user.username
    if isinstance(user, services.EnterpriseAccountIn):
        return (
            f"已开设企业用户账号“{link.user.username}”并授权{name}为企业联络员；账号尚未设置密码，"
            f"须由系统管理员设置后方可登录。Account {link.user.username} opened and granted; "
            "it has no password yet - an administrator sets it before the first sign-in."
        )
    return f"已授权{name}为企业联络员。{link.user.username} may now act for this entity."


def _revoke(request: HttpRequest, actor: Actor, entity: MarketEntity, today: dt.date) -> str:
    """Revoke from a row's form (the link must belong to this entity); the success message."""
    try:
        link = representative_get(actor=actor, link_id=int(request.POST.get("link", "")))
    except ValueError:
        raise NotFound("representative") from None
    if link.entity_id != entity.pk:
        raise NotFound("representative")
    link = services.representative_revoke(
        actor=actor,
        link=link,
        revoked_on=_posted_date(request, "revoked_on"),
        reason=request.POST.get("reason", ""),
        today=today,
    )
    name = link.user.display_name or link.user.username
    return f"已撤销{name}的企业联络员授权。{link.user.username} no longer acts for this entity."


def _representative_rows(actor: Actor, entity: MarketEntity, today: dt.date) -> list[dict[str, Any]]:
    rows = []
    for link in representative_list(actor=actor, entity=entity):
        state = "active" if representative_active(link, on=today) else "revoked"
        if link.revoked_on is None and link.granted_on > today:
            state = "pending"
        rows.append({"link": link, "state": state, "phone": mask_phone(link.user.phone)})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def entity_staff_page(request: HttpRequest, entity_id: int) -> HttpResponse:
    """The full record of an entity for officers of its jurisdiction (404 outside it).

    It also lists the entity's representatives (企业联络员); registrars grant
    and revoke them here (POST ``action=grant`` / ``action=revoke``).
    """
    actor: Actor = request.actor  # type: ignore[attr-defined]
    if not actor.is_staff_member:
        raise Http404
    try:
        entity = entity_get(actor=actor, entity_id=entity_id)
    except NotFound:
        raise Http404 from None
    today = timezone.localdate()
    form: dict[str, Any] = {"action": None, "error": None, "posted": {}, "link": None}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        handler = {"grant": _grant, "revoke": _revoke}.get(action)
        if handler is None:
            return HttpResponseBadRequest("未知操作 unknown action")
        try:
            message = handler(request, actor, entity, today)
        except NotFound:
            raise Http404 from None
        except PermissionDenied:
            raise DjangoPermissionDenied from None
        except DomainError as exc:
            link = request.POST.get("link", "")
            form = {
                "action": action,
                "error": exc,
                "posted": request.POST,
                "link": int(link) if link.isdigit() else None,
            }
            status = 422
        else:
            messages.success(request, message)
            return redirect("portal:entity-staff", entity_id=entity.pk)
    profile = _profile(entity.uscc)
    context = {
        "profile": profile,
        "basic": profile.basic(),
        "entity": entity,
        "person": entity.responsible_person,
        "representatives": _representative_rows(actor, entity, today),
        "can_manage": actor.is_system or actor.has_any(REGISTRARS),
        "entity_closed": EntityStatus(entity.status) in CLOSED_STATUSES,
        "form": form,
        "today": today,
    }
    return render(request, "registry/entity_staff.html", context, status=status)
