"""Pure rules of annual reports (年度报告) and ad-hoc disclosures (即时信息): no Django.

The field catalogue and its public/non-public marking, the filing window,
and the kinds of ad-hoc information. Dates, deadlines and entity types are
arguments; the deadline comes from the clock rule table.
"""

from shijian.registry.reports.domain.catalogue import (
    CATALOGUES,
    ENTERPRISE_2014,
    INDIVIDUAL_2014,
    Catalogue,
    PublicSplit,
    ReportForm,
    catalogue_for,
    catalogue_version_get,
    changed_keys,
    form_allowed,
    public_choices_clean,
    public_part,
    report_clean,
)
from shijian.registry.reports.domain.disclosures import (
    DISCLOSURE_FIELDS,
    DisclosureKind,
    disclosure_applies,
    disclosure_clean,
)
from shijian.registry.reports.domain.fields import (
    FieldKind,
    FieldSpec,
    Problem,
    Visibility,
    fields_clean,
    personal_data_in,
)
from shijian.registry.reports.domain.windows import (
    ReportErrorCode,
    YearStatus,
    correction_open,
    deadline_start,
    filing_check,
    filing_late,
    last_report_year,
    report_years,
    year_status,
)

__all__ = [
    "CATALOGUES",
    "DISCLOSURE_FIELDS",
    "ENTERPRISE_2014",
    "INDIVIDUAL_2014",
    "Catalogue",
    "DisclosureKind",
    "FieldKind",
    "FieldSpec",
    "Problem",
    "PublicSplit",
    "ReportErrorCode",
    "ReportForm",
    "Visibility",
    "YearStatus",
    "catalogue_for",
    "catalogue_version_get",
    "changed_keys",
    "correction_open",
    "deadline_start",
    "disclosure_applies",
    "disclosure_clean",
    "fields_clean",
    "filing_check",
    "filing_late",
    "form_allowed",
    "last_report_year",
    "personal_data_in",
    "public_choices_clean",
    "public_part",
    "report_clean",
    "report_years",
    "year_status",
]
