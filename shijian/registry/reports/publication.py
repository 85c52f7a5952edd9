"""The public-fact kinds of annual reports and ad-hoc disclosures (公示信息类别), registered at start-up."""

from __future__ import annotations

from shijian.core.masking import mask_phone
from shijian.registry.publication import FactKind, register_fact_kind
from shijian.registry.reports.domain import CATALOGUES, Visibility

ANNUAL_REPORT_KIND = "registry.annual_report"
DISCLOSURE_KIND = "registry.disclosure"

#: Fields never published, whatever a caller passes: a second line of defence behind ``public_part``.
NEVER_PUBLIC: frozenset[str] = frozenset().union(*(c.keys(Visibility.INTERNAL) for c in CATALOGUES))

ANNUAL_REPORT = register_fact_kind(
    FactKind(
        kind=ANNUAL_REPORT_KIND,
        label_zh="年度报告",
        label_en="Annual report",
        section="annual_reports",
        # The contact phone is public under Art. 9 (1) but often a personal mobile: shown masked.
        masks={"phone": mask_phone},
        drop=NEVER_PUBLIC,
    )
)

DISCLOSURE = register_fact_kind(
    FactKind(
        kind=DISCLOSURE_KIND,
        label_zh="即时信息",
        label_en="Ad-hoc disclosure",
        section="disclosures",
    )
)
