"""The listing decision document (列入严重违法失信名单决定书) as PDF, for staff."""

from __future__ import annotations

from django.template.loader import render_to_string

from shijian.core.errors import Conflict
from shijian.credit.serious import catalogue
from shijian.credit.serious.domain import HeavierPenalty, ListingStatus
from shijian.credit.serious.models import SeriousListing
from shijian.registry.portal.pdf import html_to_pdf


def decision_html(listing: SeriousListing) -> str:
    """The decision document as HTML (Chinese; the template is the one printed and served)."""
    category = catalogue.categories().get(listing.category)
    known = catalogue.measures()
    return render_to_string(
        "credit_serious/decision.html",
        {
            "listing": listing,
            "entity": listing.entity,
            "category": category.label_zh if category else listing.category,
            "heavier_penalty": HeavierPenalty(listing.heavier_penalty_kind).label_zh,
            "measures": [known[c] for c in listing.measures if c in known],
            "removed": listing.status == ListingStatus.REMOVED.value,
        },
    )


def decision_pdf(listing: SeriousListing, *, base_url: str) -> bytes:
    """Render the listing decision (after it is decided) to PDF with the Noto CJK fonts."""
    if listing.decided_on is None:
        raise Conflict("not_decided", "尚未作出列入决定", "no listing decision yet", field="status")
    return html_to_pdf(decision_html(listing), base_url=base_url)
