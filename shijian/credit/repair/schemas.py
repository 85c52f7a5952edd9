"""API shapes of credit repair (what goes in, what comes out)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema

from shijian.credit.repair.documents import letters_available
from shijian.credit.repair.domain import ApplicationStatus, Check, MaterialKind, RepairKind
from shijian.credit.repair.models import RepairApplication, RepairMaterial
from shijian.credit.repair.selectors import RepairTarget


class CheckOut(Schema):
    """One eligibility condition and whether it holds."""

    code: str
    passed: bool
    message_zh: str
    message_en: str


class TargetOut(Schema):
    """Something the entity could apply to repair, with the checks as of today."""

    kind: RepairKind
    kind_label_zh: str
    target_id: int
    entity_id: int
    entity_name: str
    title: str
    authority: str
    eligible: bool
    checks: list[CheckOut]


def target_out(target: RepairTarget, checks: list[Check]) -> TargetOut:
    """Serialise a repair target."""
    return TargetOut(
        kind=target.kind,
        kind_label_zh=target.kind.label_zh,
        target_id=target.target_id,
        entity_id=target.entity.pk,
        entity_name=target.entity.name,
        title=target.title,
        authority=target.authority,
        eligible=all(c.passed for c in checks),
        checks=[CheckOut(**c.as_dict()) for c in checks],  # type: ignore[arg-type]
    )


class ApplicationIn(Schema):
    """An application (申请信用修复); materials are uploaded afterwards."""

    kind: RepairKind
    target_id: int
    applicant_name: str
    contact: str
    statement: str
    cured_on: dt.date | None = None


class MaterialOut(Schema):
    """One uploaded material (the file itself is served to the application's readers)."""

    id: int
    kind: MaterialKind
    filename: str
    size: int
    sha256: str
    uploaded_at: dt.datetime


def material_out(material: RepairMaterial) -> MaterialOut:
    """Serialise a material."""
    return MaterialOut(
        id=material.pk,
        kind=MaterialKind(material.kind),
        filename=material.filename,
        size=material.size,
        sha256=material.sha256,
        uploaded_at=material.uploaded_at,
    )


class ApplicationOut(Schema):
    """An application with its state, deadlines, checks, materials and letters."""

    id: int
    entity_id: int
    entity_name: str
    kind: RepairKind
    kind_label_zh: str
    status: ApplicationStatus
    status_label_zh: str
    authority: str
    applicant_name: str
    statement: str
    cured_on: dt.date | None
    submitted_on: dt.date
    accept_due: dt.date
    accepted_on: dt.date | None
    acceptance_number: str
    decide_due: dt.date | None
    decided_on: dt.date | None
    decision_number: str
    execute_due: dt.date | None
    executed_on: dt.date | None
    reason: str
    checks: list[CheckOut]
    materials: list[MaterialOut]
    letters: list[str]


def application_out(application: RepairApplication) -> ApplicationOut:
    """Serialise an application."""
    status = ApplicationStatus(application.status)
    kind = RepairKind(application.kind)
    return ApplicationOut(
        id=application.pk,
        entity_id=application.entity_id,
        entity_name=application.entity.name,
        kind=kind,
        kind_label_zh=kind.label_zh,
        status=status,
        status_label_zh=status.label_zh,
        authority=application.authority,
        applicant_name=application.applicant_name,
        statement=application.statement,
        cured_on=application.cured_on,
        submitted_on=application.submitted_on,
        accept_due=application.accept_due,
        accepted_on=application.accepted_on,
        acceptance_number=application.acceptance_number,
        decide_due=application.decide_due,
        decided_on=application.decided_on,
        decision_number=application.decision_number,
        execute_due=application.execute_due,
        executed_on=application.executed_on,
        reason=application.reason,
        checks=[CheckOut(**c) for c in application.checks],
        materials=[material_out(m) for m in application.materials.all()],
        letters=[x.value for x in letters_available(application)],
    )


class AcceptIn(Schema):
    """Accept (受理) or refuse to accept (不予受理, reason required)."""

    accept: bool
    reason: str = ""


class DecideIn(Schema):
    """Approve (准予修复, carried out at once) or refuse (不予修复, reason required)."""

    approve: bool
    reason: str = ""
    obligations_performed: bool | None = None
    harm_removed: bool | None = None


class WithdrawIn(Schema):
    """Withdraw an application in hand."""

    reason: str
