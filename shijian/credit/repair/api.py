"""API of credit repair (信用修复).

Enterprise (``/enterprise/repair/...``): a representative sees what its
entities could repair and why not yet, applies, uploads materials,
withdraws, and reads its applications and letters. Staff
(``/credit/repair/...``): credit officers of the entity's jurisdiction list,
read, accept and decide, and enter paper applications. An application or a
material is not there (404) for anyone else.
"""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import File, Form, Router, UploadedFile
from ninja.responses import Status

from shijian.accounts.api_auth import staff_auth
from shijian.accounts.policies import require_staff
from shijian.core.actor import Actor
from shijian.core.api import ERROR_RESPONSES
from shijian.core.errors import NotFound, ValidationFailed
from shijian.credit.repair import documents, selectors, services
from shijian.credit.repair.domain import ApplicationStatus, MaterialKind, RepairKind, content_type_for
from shijian.credit.repair.schemas import (
    AcceptIn,
    ApplicationIn,
    ApplicationOut,
    DecideIn,
    MaterialOut,
    TargetOut,
    WithdrawIn,
    application_out,
    material_out,
    target_out,
)
from shijian.registry import selectors as registry_selectors

router = Router(tags=["credit repair 信用修复"], auth=staff_auth())


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined,no-any-return]


def _today() -> dt.date:
    return timezone.localdate()


def _staff(request: HttpRequest) -> Actor:
    """Staff endpoints answer 403 to enterprise users and other departments, before any lookup."""
    actor = _actor(request)
    require_staff(actor, "credit_repair.read")
    return actor


def _read(upload: UploadedFile) -> bytes:
    """The upload's bytes, refusing before reading a file far over the limit."""
    limit = services.material_max_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationFailed("file", "文件过大", "the file is too large")
    return bytes(upload.read(limit + 1))


# -- enterprise ------------------------------------------------------------------------------


@router.get("/enterprise/repair/options", response={200: list[TargetOut], **ERROR_RESPONSES})
def my_options(request: HttpRequest) -> list[TargetOut]:
    """What the entities I represent could apply to repair, with every condition and its state."""
    today = _today()
    found: list[TargetOut] = []
    for entity in registry_selectors.entities_represented(actor=_actor(request), on=today)[:50]:
        found.extend(target_out(t, c) for t, c in selectors.repair_targets_for(entity=entity, today=today))
    return found


@router.get("/enterprise/repair/applications", response={200: list[ApplicationOut], **ERROR_RESPONSES})
def my_applications(request: HttpRequest) -> list[ApplicationOut]:
    """The applications of the entities I represent, newest first."""
    found = selectors.applications_represented(actor=_actor(request), today=_today())
    return [application_out(x) for x in found.prefetch_related("materials")[:200]]


@router.post("/enterprise/repair/applications", response={201: ApplicationOut, **ERROR_RESPONSES})
def apply(request: HttpRequest, body: ApplicationIn) -> Status[ApplicationOut]:
    """Apply for credit repair of a listing or penalty of an entity I represent."""
    today = _today()
    target = selectors.repair_target(kind=body.kind, target_id=body.target_id)
    if not selectors.represents(_actor(request), target.entity, today):  # online: representatives only
        raise NotFound("listing")
    application = services.repair_apply(
        actor=_actor(request),
        kind=body.kind,
        target_id=body.target_id,
        applicant_name=body.applicant_name,
        contact=body.contact,
        statement=body.statement,
        cured_on=body.cured_on,
        today=today,
    )
    return Status(201, application_out(application))


@router.get(
    "/enterprise/repair/applications/{application_id}", response={200: ApplicationOut, **ERROR_RESPONSES}
)
def my_application(request: HttpRequest, application_id: int) -> ApplicationOut:
    """One of my applications."""
    return application_out(
        selectors.application_get(actor=_actor(request), application_id=application_id, today=_today())
    )


@router.post(
    "/enterprise/repair/applications/{application_id}/materials",
    response={201: MaterialOut, **ERROR_RESPONSES},
)
def upload_material(
    request: HttpRequest,
    application_id: int,
    kind: Form[MaterialKind],
    file: File[UploadedFile],
) -> Status[MaterialOut]:
    """Upload one material (PDF, JPG or PNG) to an application in hand."""
    today = _today()
    application = selectors.application_get(actor=_actor(request), application_id=application_id, today=today)
    material = services.repair_material_add(
        actor=_actor(request),
        application=application,
        kind=kind,
        filename=file.name or "file",
        content=_read(file),
        today=today,
    )
    return Status(201, material_out(material))


@router.post(
    "/enterprise/repair/applications/{application_id}/withdraw",
    response={200: ApplicationOut, **ERROR_RESPONSES},
)
def withdraw(request: HttpRequest, application_id: int, body: WithdrawIn) -> ApplicationOut:
    """Withdraw an application still in hand."""
    today = _today()
    application = selectors.application_get(actor=_actor(request), application_id=application_id, today=today)
    application = services.repair_withdraw(
        actor=_actor(request), application=application, reason=body.reason, today=today
    )
    return application_out(application)


# -- shared: letters and materials -------------------------------------------------------------


@router.get(
    "/credit/repair/applications/{application_id}/letters/{which}.pdf",
    response={200: None, **ERROR_RESPONSES},
)
def letter(request: HttpRequest, application_id: int, which: documents.Letter) -> HttpResponse:
    """An outcome letter as PDF (for the officers of the jurisdiction and the applicant)."""
    found = selectors.application_get(actor=_actor(request), application_id=application_id, today=_today())
    response = HttpResponse(documents.letter_pdf(found, which), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{documents.letter_filename(found, which)}"'
    return response


@router.get("/credit/repair/materials/{material_id}", response={200: None, **ERROR_RESPONSES})
def material_file(request: HttpRequest, material_id: int) -> FileResponse:
    """An uploaded material (never public; for the officers of the jurisdiction and the applicant)."""
    material = selectors.material_get(actor=_actor(request), material_id=material_id, today=_today())
    response = FileResponse(
        material.file.open("rb"),
        as_attachment=True,
        filename=material.filename,
        content_type=content_type_for(material.filename),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- staff -----------------------------------------------------------------------------------


@router.get("/credit/repair/applications", response={200: list[ApplicationOut], **ERROR_RESPONSES})
def applications(
    request: HttpRequest, status: ApplicationStatus | None = None, kind: RepairKind | None = None
) -> list[ApplicationOut]:
    """Applications of the jurisdiction, newest first (filter by status and kind)."""
    found = selectors.application_list(
        actor=_staff(request), status=status.value if status else None, kind=kind.value if kind else None
    )
    return [application_out(x) for x in found.prefetch_related("materials")[:500]]


@router.post("/credit/repair/applications", response={201: ApplicationOut, **ERROR_RESPONSES})
def paper_application(request: HttpRequest, body: ApplicationIn) -> Status[ApplicationOut]:
    """Enter an application handed in on paper at the counter (credit officers of the jurisdiction)."""
    today = _today()
    target = selectors.repair_target(kind=body.kind, target_id=body.target_id)
    selectors.require_officer(_staff(request), target.entity)
    application = services.repair_apply(
        actor=_staff(request),
        kind=body.kind,
        target_id=body.target_id,
        applicant_name=body.applicant_name,
        contact=body.contact,
        statement=body.statement,
        cured_on=body.cured_on,
        today=today,
    )
    return Status(201, application_out(application))


@router.get("/credit/repair/applications/{application_id}", response={200: ApplicationOut, **ERROR_RESPONSES})
def application(request: HttpRequest, application_id: int) -> ApplicationOut:
    """One application of the jurisdiction."""
    actor = _staff(request)
    found = selectors.application_get(actor=actor, application_id=application_id, today=_today())
    selectors.require_officer(actor, found.entity, reading=True)
    return application_out(found)


@router.post(
    "/credit/repair/applications/{application_id}/accept", response={200: ApplicationOut, **ERROR_RESPONSES}
)
def accept(request: HttpRequest, application_id: int, body: AcceptIn) -> ApplicationOut:
    """Accept or refuse to accept (受理 / 不予受理)."""
    today = _today()
    found = selectors.application_get(actor=_staff(request), application_id=application_id, today=today)
    found = services.repair_accept(
        actor=_staff(request), application=found, accept=body.accept, reason=body.reason, today=today
    )
    return application_out(found)


@router.post(
    "/credit/repair/applications/{application_id}/decide", response={200: ApplicationOut, **ERROR_RESPONSES}
)
def decide(request: HttpRequest, application_id: int, body: DecideIn) -> ApplicationOut:
    """Approve (carried out at once) or refuse (准予 / 不予信用修复)."""
    today = _today()
    found = selectors.application_get(actor=_staff(request), application_id=application_id, today=today)
    found = services.repair_decide(
        actor=_staff(request),
        application=found,
        approve=body.approve,
        reason=body.reason,
        obligations_performed=body.obligations_performed,
        harm_removed=body.harm_removed,
        today=today,
    )
    return application_out(found)
