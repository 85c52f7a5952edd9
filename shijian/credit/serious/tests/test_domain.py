"""Pure rules of the serious-violation list (no database)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from shijian.credit.serious.domain import (
    DEFAULT_CATEGORIES,
    DEFAULT_MEASURES,
    ListingStatus,
    Purpose,
    RepairConditions,
    SubmissionKind,
    approval_required,
    decision_problems,
    early_removal_problems,
    listing_end,
    proposal_problems,
)

D = dt.date
ALL = RepairConditions(True, True, True, True)


def _proposal(**overrides: Any) -> list[str]:
    values: dict[str, Any] = {
        "heavier_penalty": True,
        "heavier_penalty_kind": "licence_revoked",
        "category": "food",
        "categories": [c.code for c in DEFAULT_CATEGORIES],
        "penalty_document_number": "处罚〔2026〕1号",
        "penalty_decided_on": D(2026, 5, 1),
        "facts": "事实",
        "legal_basis": "依据",
        "today": D(2026, 6, 1),
    }
    values.update(overrides)
    return [p.field for p in proposal_problems(**values)]


def test_a_complete_proposal_has_no_problem() -> None:
    assert _proposal() == []


def test_every_missing_piece_is_named() -> None:
    fields = _proposal(
        heavier_penalty=False,
        heavier_penalty_kind="",
        category="x",
        penalty_document_number="",
        penalty_decided_on=D(2026, 7, 1),
        facts=" ",
        legal_basis="",
    )
    assert fields == [
        "heavier_penalty",
        "heavier_penalty_kind",
        "category",
        "penalty_document_number",
        "penalty_decided_on",
        "facts",
        "legal_basis",
    ]


def test_catalogues_carry_a_legal_basis() -> None:
    assert all(c.legal_basis for c in DEFAULT_CATEGORIES) and all(m.legal_basis for m in DEFAULT_MEASURES)
    assert [c.code for c in DEFAULT_CATEGORIES if c.bars_person] == ["false_disclosure"]
    assert {m.purpose for m in DEFAULT_MEASURES} == set(Purpose)


@pytest.mark.parametrize(
    ("kind", "switch", "needed"),
    [("county", True, True), ("prefecture", True, True), ("province", True, False), ("county", False, False)],
)
def test_approval_one_level_up(kind: str, switch: bool, needed: bool) -> None:
    assert approval_required(deciding_division_kind=kind, switch_on=switch) is needed


def test_listing_end_takes_the_longer_period() -> None:
    assert listing_end(auto_end=D(2029, 9, 14), restriction_until=None) == D(2029, 9, 14)
    assert listing_end(auto_end=D(2029, 9, 14), restriction_until=D(2028, 1, 1)) == D(2029, 9, 14)
    assert listing_end(auto_end=D(2029, 9, 14), restriction_until=D(2031, 1, 1)) == D(2031, 1, 1)


def _decision(**overrides: Any) -> list[str]:
    values: dict[str, Any] = {
        "status": ListingStatus.APPROVED,
        "decided_on": D(2026, 9, 14),
        "notice_served_on": D(2026, 9, 1),
        "statement_due": D(2026, 9, 8),
        "hearing_request_due": D(2026, 9, 8),
        "submissions": [],
        "approval_needed": True,
        "approved_on": D(2026, 9, 10),
        "decision_number": "列严1号",
        "today": D(2026, 11, 1),
    }
    values.update(overrides)
    return [p.field for p in decision_problems(**values)]


def test_decision_rules() -> None:
    assert _decision() == []
    # The last day of the party's time (and, here, before the approval of 09-10 too).
    assert _decision(decided_on=D(2026, 9, 8)) == ["decided_on", "decided_on"]
    assert _decision(decided_on=D(2026, 9, 8), approval_needed=False) == ["decided_on"]
    waived = [(SubmissionKind.WAIVER, D(2026, 9, 2))]
    assert _decision(decided_on=D(2026, 9, 8), approval_needed=False, submissions=waived) == []
    assert _decision(submissions=[(SubmissionKind.HEARING_REQUEST, D(2026, 9, 3))]) == ["hearing"]
    assert _decision(status=ListingStatus.NOTICED, approved_on=None) == ["approval"]
    assert _decision(status=ListingStatus.NOTICED, approved_on=None, approval_needed=False) == []
    assert _decision(notice_served_on=None) == ["notice_served_on"]
    assert _decision(status=ListingStatus.LISTED) == ["status"]
    assert _decision(decision_number=" ", decided_on=D(2026, 11, 2)) == ["decision_number", "decided_on"]


def test_early_removal_rules() -> None:
    def fields(**overrides: Any) -> list[str]:
        values: dict[str, Any] = {
            "status": ListingStatus.LISTED,
            "removed_on": D(2027, 9, 14),
            "earliest": D(2027, 9, 14),
            "restriction_until": None,
            "conditions": ALL,
            "today": D(2027, 9, 20),
        }
        values.update(overrides)
        return [p.field for p in early_removal_problems(**values)]

    assert fields() == []
    assert fields(removed_on=D(2027, 9, 13)) == ["removed_on"]
    assert fields(conditions=RepairConditions(False, True, False, True)) == [
        "conditions.restriction_ended",
        "conditions.harm_removed",
    ]
    assert fields(restriction_until=D(2028, 1, 1)) == ["conditions.restriction_ended"]
    assert fields(status=ListingStatus.REMOVED) == ["status"]
