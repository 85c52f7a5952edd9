"""Pure rules of annual reports and disclosures: no database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shijian.core.errors import ValidationFailed
from shijian.registry.reports.domain import (
    ENTERPRISE_2014,
    INDIVIDUAL_2014,
    Catalogue,
    DisclosureKind,
    FieldKind,
    FieldSpec,
    ReportErrorCode,
    ReportForm,
    Visibility,
    YearStatus,
    catalogue_for,
    changed_keys,
    correction_open,
    disclosure_applies,
    disclosure_clean,
    filing_check,
    filing_late,
    form_allowed,
    personal_data_in,
    public_choices_clean,
    public_part,
    report_clean,
    report_years,
    year_status,
)
from shijian.registry.reports.tests.factories import (
    FILER_MOBILE,
    SECRET_ASSETS,
    SECRET_GRADUATES,
    full_payload,
    simplified_payload,
)

D = dt.date
DEADLINE_2025 = D(2026, 6, 30)  # what the seeded rule gives for the 2025 report (passed in here)


# -- the filing window ----------------------------------------------------------------


def test_established_this_year_files_from_next_year() -> None:
    established = D(2026, 2, 1)
    with pytest.raises(ValidationFailed) as err:
        filing_check(report_year=2026, established_on=established, filed_on=D(2026, 12, 31))
    assert err.value.code == ReportErrorCode.TOO_EARLY and err.value.field == "report_year"
    filing_check(report_year=2026, established_on=established, filed_on=D(2027, 1, 1))


def test_no_report_for_a_year_before_establishment() -> None:
    with pytest.raises(ValidationFailed) as err:
        filing_check(report_year=2025, established_on=D(2026, 2, 1), filed_on=D(2026, 3, 1))
    assert err.value.code == ReportErrorCode.BEFORE_ESTABLISHMENT


def test_established_on_the_last_day_of_the_year_still_reports_that_year() -> None:
    filing_check(report_year=2025, established_on=D(2025, 12, 31), filed_on=D(2026, 1, 1))


@pytest.mark.parametrize(
    ("filed_on", "late"), [(D(2026, 1, 1), False), (D(2026, 6, 30), False), (D(2026, 7, 1), True)]
)
def test_late_after_the_deadline_only(filed_on: dt.date, late: bool) -> None:
    assert filing_late(filed_on=filed_on, deadline=DEADLINE_2025) is late


def test_correction_until_the_deadline_inclusive() -> None:
    assert correction_open(on=DEADLINE_2025, deadline=DEADLINE_2025)
    assert not correction_open(on=DEADLINE_2025 + dt.timedelta(days=1), deadline=DEADLINE_2025)


def test_report_years_owed() -> None:
    today = D(2026, 3, 2)
    assert report_years(established_on=D(2026, 1, 5), today=today, earliest=2016) == []
    assert report_years(established_on=D(2024, 7, 1), today=today, earliest=2016) == [2025, 2024]
    assert report_years(established_on=D(2001, 1, 1), today=today, earliest=2023) == [2025, 2024, 2023]


@pytest.mark.parametrize(
    ("filed", "late", "today", "status"),
    [
        (True, False, D(2026, 8, 1), YearStatus.FILED),
        (True, True, D(2026, 8, 1), YearStatus.FILED_LATE),
        (False, False, D(2026, 6, 30), YearStatus.OPEN),
        (False, False, D(2026, 7, 1), YearStatus.OVERDUE),
    ],
)
def test_year_status(filed: bool, late: bool, today: dt.date, status: YearStatus) -> None:
    assert year_status(filed=filed, late=late, today=today, deadline=DEADLINE_2025) is status


# -- forms and catalogues -------------------------------------------------------------


def test_simplified_form_only_for_individual_businesses() -> None:
    assert form_allowed(ReportForm.SIMPLIFIED, "individual")
    assert form_allowed(ReportForm.FULL, "individual")
    for entity_type in ("llc", "joint_stock", "partnership", "cooperative", "branch"):
        assert not form_allowed(ReportForm.SIMPLIFIED, entity_type)
        assert form_allowed(ReportForm.FULL, entity_type)


def test_catalogue_versions_are_chosen_by_report_year() -> None:
    newer = Catalogue(ReportForm.FULL, "enterprise-2030.1", 2030, "test", ENTERPRISE_2014.fields)
    catalogues = (ENTERPRISE_2014, INDIVIDUAL_2014, newer)
    assert catalogue_for(ReportForm.FULL, 2029, catalogues) is ENTERPRISE_2014
    assert catalogue_for(ReportForm.FULL, 2030, catalogues) is newer
    assert catalogue_for(ReportForm.SIMPLIFIED, 2030, catalogues) is INDIVIDUAL_2014
    with pytest.raises(ValidationFailed):
        catalogue_for(ReportForm.FULL, 2013)


def test_article_9_items_1_to_6_public_item_7_optional() -> None:
    """企业信息公示暂行条例第九条: (一)-(六) public, (七) the enterprise's choice."""
    for spec in ENTERPRISE_2014.fields:
        if "第九条（七）" in spec.item:
            assert spec.visibility is Visibility.OPTIONAL, spec.key
        elif "第九条" in spec.item:
            assert spec.visibility is Visibility.PUBLIC, spec.key
    assert ENTERPRISE_2014.keys(Visibility.INTERNAL) >= {"graduates_hired", "filer_name", "filer_phone"}
    assert all(spec.visibility is not Visibility.PUBLIC for spec in INDIVIDUAL_2014.fields)


def test_full_payload_is_cleaned() -> None:
    clean = report_clean(ENTERPRISE_2014, full_payload(), entity_type="llc")
    assert clean["contributions"][0]["paid_amount"] == "50.5"
    assert clean["owners_equity"] == "-5.5"
    assert clean["employees"] == 12
    assert list(clean)[:3] == ["address", "postal_code", "phone"]  # catalogue order


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"address": ""}, "address"),
        ({"postal_code": "47100"}, "postal_code"),
        ({"email": "not-an-email"}, "email"),
        ({"operating_status": "dormant"}, "operating_status"),
        ({"employees": "-1"}, "employees"),
        ({"employees": "1.5"}, "employees"),
        ({"total_assets": "1.23456"}, "total_assets"),
        ({"total_assets": "-1"}, "total_assets"),
        ({"websites": [{"kind": "shop", "name": "x", "url": "not a url"}]}, "websites.0.url"),
        ({"contributions": [{"subscribed_amount": "1"}]}, "contributions.0.shareholder"),
        ({"unknown_item": "x"}, "unknown_item"),
        ({"address": "联系人手机13912345678"}, "address"),
        ({"investments": [{"name": "法人身份证11010519491231002X"}]}, "investments.0.name"),
    ],
)
def test_invalid_values_name_their_field(change: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        report_clean(ENTERPRISE_2014, full_payload(**change), entity_type="llc")
    assert err.value.field == field
    assert err.value.message_zh and err.value.message_en
    assert err.value.details["problems"][0]["field"] == field


def test_every_problem_is_listed() -> None:
    with pytest.raises(ValidationFailed) as err:
        report_clean(
            ENTERPRISE_2014, full_payload(address="", postal_code="x", employees="x"), entity_type="llc"
        )
    assert [p["field"] for p in err.value.details["problems"]] == ["address", "postal_code", "employees"]


def test_items_for_companies_only() -> None:
    # (四) contributions: LLCs and companies limited by shares; (五) equity transfers: LLCs only.
    transfer = [{"shareholder": "甲", "ratio_before": "60", "ratio_after": "40", "changed_on": "2025-03-01"}]
    report_clean(ENTERPRISE_2014, full_payload(equity_transfers=transfer), entity_type="llc")
    with pytest.raises(ValidationFailed) as err:
        report_clean(ENTERPRISE_2014, full_payload(equity_transfers=transfer), entity_type="joint_stock")
    assert err.value.field == "equity_transfers"
    with pytest.raises(ValidationFailed) as err:
        report_clean(ENTERPRISE_2014, full_payload(), entity_type="partnership")
    assert err.value.field == "contributions"
    partnership = full_payload()
    del partnership["contributions"]
    del partnership["equity_transfers"]
    assert "contributions" not in report_clean(ENTERPRISE_2014, partnership, entity_type="partnership")


def test_a_mobile_number_is_accepted_in_the_phone_fields() -> None:
    clean = report_clean(ENTERPRISE_2014, full_payload(), entity_type="llc")
    assert clean["phone"] == "13912345678" and clean["filer_phone"] == FILER_MOBILE


def test_public_choices() -> None:
    assert public_choices_clean(ENTERPRISE_2014, ["net_profit", "employees", "address"]) == [
        "employees",
        "net_profit",
    ]
    with pytest.raises(ValidationFailed) as err:
        public_choices_clean(ENTERPRISE_2014, ["graduates_hired"])
    assert err.value.code == "not_publishable"
    with pytest.raises(ValidationFailed):
        public_choices_clean(ENTERPRISE_2014, ["no_such_field"])


def test_public_part_keeps_back_what_is_not_public() -> None:
    clean = report_clean(ENTERPRISE_2014, full_payload(), entity_type="llc")
    split = public_part(ENTERPRISE_2014, clean, ["employees"])
    assert split.values["address"] and split.values["employees"] == 12
    assert "total_assets" not in split.values and "total_assets" in split.withheld
    assert "graduates_hired" not in split.values and "graduates_hired" not in split.withheld
    assert SECRET_ASSETS not in str(split.values) and str(SECRET_GRADUATES) not in str(split.values)


@given(chosen=st.sets(st.sampled_from(sorted(ENTERPRISE_2014.keys(Visibility.OPTIONAL)))))
def test_internal_fields_never_public_whatever_is_chosen(chosen: set[str]) -> None:
    clean = report_clean(ENTERPRISE_2014, full_payload(), entity_type="llc")
    split = public_part(ENTERPRISE_2014, clean, chosen)
    internal = ENTERPRISE_2014.keys(Visibility.INTERNAL)
    optional = ENTERPRISE_2014.keys(Visibility.OPTIONAL)
    assert not internal & set(split.values)
    assert {k for k in split.values if k in optional} <= chosen


def test_simplified_report_publishes_only_what_the_business_chooses() -> None:
    clean = report_clean(INDIVIDUAL_2014, simplified_payload(), entity_type="individual")
    assert public_part(INDIVIDUAL_2014, clean, []).values == {}
    assert public_part(INDIVIDUAL_2014, clean, ["turnover"]).values == {"turnover": "36.5"}


def test_changed_keys() -> None:
    assert changed_keys({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == ["b", "c"]


def test_personal_data_detection() -> None:
    assert personal_data_in("电话13912345678")
    assert personal_data_in("证件11010519491231002X")
    assert not personal_data_in("统一社会信用代码914403001922038216")
    assert not personal_data_in("注册资本 100 万元")


# -- ad-hoc disclosures ---------------------------------------------------------------


def test_disclosure_kinds_by_entity_type() -> None:
    assert disclosure_applies(DisclosureKind.CAPITAL, "joint_stock")
    assert not disclosure_applies(DisclosureKind.EQUITY_TRANSFER, "joint_stock")
    assert disclosure_applies(DisclosureKind.PENALTY, "individual")


def test_disclosure_content() -> None:
    content = {
        "decision_number": "洛涧市监罚〔2026〕8号",
        "violation": "未按规定明码标价",
        "penalty": "警告",
        "authority": "涧西区市场监督管理局",
        "decided_on": "2026-04-27",
    }
    assert disclosure_clean(DisclosureKind.PENALTY, content, entity_type="llc")["decided_on"] == "2026-04-27"
    with pytest.raises(ValidationFailed) as err:
        disclosure_clean(DisclosureKind.PENALTY, {**content, "decided_on": "27/04/2026"}, entity_type="llc")
    assert err.value.field == "content.decided_on"


def test_field_spec_choice_label() -> None:
    spec = FieldSpec("k", "类", "kind", FieldKind.CHOICE, choices=(("a", "甲", "A"),))
    assert spec.choice_label("a") == ("甲", "A") and spec.choice_label("z") == ("z", "z")
