"""The listing decision (列入经营异常名录决定书 / 标记经营异常状态决定书) as HTML and PDF.

The document is regenerated from the stored listing whenever it is asked
for: every value on it (number, dates, ground, authority, entity name and
address as of the decision) comes from the listing and its credit fact, so
the text is the same every time (no "generated at" stamp).
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from shijian.core.clock.selectors import rule_in_force
from shijian.credit.abnormal.domain import Ground, Mode
from shijian.credit.abnormal.models import AbnormalListing
from shijian.registry.portal.pdf import cn_date, html_to_pdf


def decision_title(listing: AbnormalListing) -> str:
    """列入经营异常名录决定书, or for an individual business 标记经营异常状态决定书."""
    return "列入经营异常名录决定书" if listing.mode == Mode.LIST.value else "标记经营异常状态决定书"


def decision_html(listing: AbnormalListing) -> str:
    """The decision as HTML (the PDF's source)."""
    ground = Ground(listing.ground)
    mode = Mode(listing.mode)
    if ground is Ground.ANNUAL_REPORT:
        fact_text = f"未按照规定的期限公示{listing.report_year}年度报告"
    else:
        fact_text = listing.reason or ground.label_zh
    measure = "列入经营异常名录" if mode is Mode.LIST else "标记为经营异常状态"
    fact = listing.fact
    objection_days = rule_in_force(rule_id="objection.submit", on=listing.decided_on).period.amount
    context = {
        "listing": listing,
        "title": decision_title(listing),
        "party_word": "单位" if mode is Mode.LIST else "（户）",
        "fact_text": fact_text,
        "measure": measure,
        "legal_basis": fact.legal_basis if fact is not None else "",
        "decided_on": cn_date(listing.decided_on),
        "objection_until": cn_date(listing.objection_until),
        "objection_days": objection_days,
        "ground": ground.label_zh,
        "cure_text": f"你{'单位' if mode is Mode.LIST else '（户）'}{ground.cure_zh}后，可以向本机关申请"
        f"{'移出经营异常名录' if mode is Mode.LIST else '恢复正常记载状态'}。",
    }
    return render_to_string("credit_abnormal/decision.html", context)


def decision_pdf(listing: AbnormalListing) -> bytes:
    """The decision as PDF (WeasyPrint with the Noto CJK fonts); ``PdfUnavailable`` if it cannot be made."""
    return html_to_pdf(decision_html(listing), base_url=str(settings.BASE_DIR))


def decision_filename(listing: AbnormalListing) -> str:
    """An ASCII file name for the download."""
    return f"abnormal-listing-{listing.pk}-{listing.decided_on:%Y%m%d}.pdf"
