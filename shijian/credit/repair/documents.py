"""The outcome letters of a repair application as HTML and PDF.

受理通知书 / 不予受理通知书 after the acceptance step, 准予信用修复决定书 /
不予信用修复决定书 after the decision. Every value comes from the stored
application, so a letter reads the same whenever it is printed.
"""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.template.loader import render_to_string

from shijian.core.errors import Conflict
from shijian.credit.repair.domain import ApplicationStatus, RepairKind
from shijian.credit.repair.kinds import LEGAL_BASIS
from shijian.credit.repair.models import RepairApplication
from shijian.registry.portal.pdf import cn_date, html_to_pdf


class Letter(StrEnum):
    """Which letter (文书)."""

    ACCEPTANCE = "acceptance"  # 受理通知书
    NON_ACCEPTANCE = "non_acceptance"  # 不予受理通知书
    APPROVAL = "approval"  # 准予信用修复决定书
    REFUSAL = "refusal"  # 不予信用修复决定书

    @property
    def label(self) -> str:
        """The letter's title (Chinese)."""
        return _TITLES[self]


_TITLES = {
    Letter.ACCEPTANCE: "信用修复申请受理通知书",
    Letter.NON_ACCEPTANCE: "信用修复申请不予受理通知书",
    Letter.APPROVAL: "准予信用修复决定书",
    Letter.REFUSAL: "不予信用修复决定书",
}


def letters_available(application: RepairApplication) -> list[Letter]:
    """The letters the application has so far, in the order they were issued."""
    status = application.status_enum
    found: list[Letter] = []
    if application.acceptance_number:
        found.append(Letter.NON_ACCEPTANCE if status is ApplicationStatus.NOT_ACCEPTED else Letter.ACCEPTANCE)
    if application.decision_number:
        found.append(Letter.APPROVAL if status is ApplicationStatus.REPAIRED else Letter.REFUSAL)
    return found


def letter_html(application: RepairApplication, which: Letter) -> str:
    """One letter as HTML; ``Conflict`` if the application has not reached it."""
    if which not in letters_available(application):
        raise Conflict(
            "no_letter", "该申请尚无此文书", "the application has no such letter yet", field="which"
        )
    kind = RepairKind(application.kind)
    deciding = which in (Letter.APPROVAL, Letter.REFUSAL)
    target = application.target_fact
    context = {
        "application": application,
        "which": which.value,
        "title": _TITLES[which],
        "number": application.decision_number if deciding else application.acceptance_number,
        "kind_label": kind.label_zh,
        "measure": kind.label_zh,
        "target_title": f"{target.title}（{target.document_number}）"
        if target.document_number
        else target.title,
        "submitted_on": cn_date(application.submitted_on),
        "decide_due": cn_date(application.decide_due),
        "executed_on": cn_date(application.executed_on),
        "dated": cn_date(application.decided_on if deciding else application.accepted_on),
        "unmet": [c for c in application.checks if not c.get("passed")],
        "legal_basis": LEGAL_BASIS,
    }
    return render_to_string("credit_repair/letter.html", context)


def letter_pdf(application: RepairApplication, which: Letter) -> bytes:
    """One letter as PDF (WeasyPrint, Noto CJK); ``PdfUnavailable`` if it cannot be made."""
    return html_to_pdf(letter_html(application, which), base_url=str(settings.BASE_DIR))


def letter_filename(application: RepairApplication, which: Letter) -> str:
    """An ASCII file name for the download."""
    return f"credit-repair-{application.pk}-{which.value}.pdf"
