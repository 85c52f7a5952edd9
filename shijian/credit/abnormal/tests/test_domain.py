"""Pure rules of the abnormal list (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from shijian.credit.abnormal.domain import (
    GroundOneListing,
    Letter,
    Mode,
    authority_abbreviation,
    decision_number,
    letters_evidence,
    mode_for,
    objection_in_time,
    report_due,
    revocation_called_for,
    tracking_number_clean,
)

D = dt.date


def test_individual_businesses_get_the_status() -> None:
    assert mode_for("individual") is Mode.STATUS
    assert mode_for("llc") is Mode.LIST and mode_for("branch") is Mode.LIST


@pytest.mark.parametrize(
    ("established", "year", "due"),
    [(D(2025, 12, 31), 2025, True), (D(2026, 1, 1), 2025, False), (D(2020, 5, 8), 2025, True)],
)
def test_report_due_from_the_year_of_establishment(established: dt.date, year: int, due: bool) -> None:
    assert report_due(established_on=established, report_year=year) is due


def _unsigned(sent: dt.date) -> Letter:
    return Letter(sent, True, sent + dt.timedelta(days=5))


@pytest.mark.parametrize(("gap", "ok"), [(14, False), (15, True), (22, True), (30, True), (31, False)])
def test_two_unsigned_letters_between_the_limits(gap: int, ok: bool) -> None:
    first = D(2026, 8, 3)
    letters = [_unsigned(first), _unsigned(first + dt.timedelta(days=gap))]
    evidence = letters_evidence(letters, min_days=15, max_days=30)
    assert (evidence is not None) is ok
    if evidence is not None:
        assert evidence.established_on == first + dt.timedelta(days=gap + 5)


def test_signed_letters_do_not_count() -> None:
    letters = [_unsigned(D(2026, 8, 3)), Letter(D(2026, 8, 20), False)]
    assert letters_evidence(letters, min_days=15, max_days=30) is None
    # A third, unsigned letter pairs with the first one.
    letters.append(_unsigned(D(2026, 8, 25)))
    assert letters_evidence(letters, min_days=15, max_days=30) is not None


def test_objection_period_includes_the_last_day() -> None:
    assert objection_in_time(filed_on=D(2026, 10, 8), last_day=D(2026, 10, 8))
    assert not objection_in_time(filed_on=D(2026, 10, 9), last_day=D(2026, 10, 8))


def test_art18_needs_two_consecutive_uncorrected_years_and_unreachability() -> None:
    both = [GroundOneListing(2024, True), GroundOneListing(2025, True)]
    assert revocation_called_for(report_listings=both, unreachable=True) == (2024, 2025)
    assert revocation_called_for(report_listings=both, unreachable=False) is None
    corrected = [GroundOneListing(2024, False), GroundOneListing(2025, True)]
    assert revocation_called_for(report_listings=corrected, unreachable=True) is None
    gap = [GroundOneListing(2023, True), GroundOneListing(2025, True)]
    assert revocation_called_for(report_listings=gap, unreachable=True) is None
    # Three years listed is no ground of its own (the 2014 rule was repealed).
    assert revocation_called_for(report_listings=[GroundOneListing(2022, True)], unreachable=True) is None


def test_decision_numbers() -> None:
    assert authority_abbreviation("涧西区市场监督管理局") == "涧市监"
    assert authority_abbreviation("洛阳市市场监督管理局") == "洛市监"
    # A county bureau named with its city: the county's own character, not the city's.
    assert authority_abbreviation("洛阳市涧西区市场监督管理局") == "涧市监"
    assert authority_abbreviation("河南省洛阳市市场监督管理局") == "洛市监"
    assert decision_number(prefix="涧市监", series="异列", year=2026, sequence=1) == "涧市监异列〔2026〕1号"


def test_tracking_numbers() -> None:
    assert tracking_number_clean(" xa 1234 5678 9cn ") == "XA123456789CN"
    assert tracking_number_clean("12-34") is None
