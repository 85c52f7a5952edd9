"""Pure rules of risk classification: features, scorecard, Guangdong deductions, backtesting (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from shijian.credit.risk.domain import (
    ChangeRow,
    FactRow,
    FeatureWindows,
    Inspection,
    ReportRow,
    backtest_summary,
    deduction_explain,
    deduction_parse,
    deduction_score,
    features_compute,
    months_before,
    score_deciles,
    scorecard_explain,
    scorecard_parse,
    scorecard_score,
    wilson_interval,
)

D = dt.date
AS_OF = D(2026, 11, 30)
W = FeatureWindows()


def fact(kind: str, category: str, on: dt.date, severity: str = "general", **body: Any) -> FactRow:
    return FactRow(kind, category, severity, on, body)


def compute(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "as_of": AS_OF,
        "entity_type": "llc",
        "established_on": D(2020, 5, 8),
        "registered_capital": Decimal("150.5"),
        "industry_risk": "general",
        "status": "active",
        "facts": [],
        "changes": [],
        "reports": [],
        "last_due_year": 2025,
        "related_listed": 0,
        "windows": W,
    }
    values.update(overrides)
    return features_compute(**values)


def test_months_before_clamps_like_postgres() -> None:
    assert months_before(D(2026, 3, 31), 1) == D(2026, 2, 28)
    assert months_before(D(2024, 2, 29), 12) == D(2023, 2, 28)
    assert months_before(D(2026, 11, 30), 36) == D(2023, 11, 30)


def test_features_of_a_hand_made_entity() -> None:
    facts = [
        fact("penalty", "penalty", D(2026, 3, 1), "serious"),
        fact("penalty", "penalty", D(2022, 1, 1)),  # outside 36 months, still the "last penalty" if latest
        fact("inspection.result", "inspection", D(2025, 6, 1), "none", problem_found=True),
        fact("inspection.result", "inspection", D(2025, 9, 1), "none", problem_found=False),
        fact("sampling.failed", "sampling", D(2024, 1, 1)),
        fact("complaint.received", "complaint", D(2026, 1, 1), "none"),
        fact("complaint.received", "complaint", D(2026, 2, 1), "none"),
        fact("complaint.received", "complaint", D(2025, 1, 1), "none"),  # older than 12 months
        fact("abnormal.listed", "list", D(2025, 8, 1)),
        fact("abnormal.listed", "list", D(2025, 9, 1)),
        fact("abnormal.removed", "list", D(2025, 10, 1), "none"),
        fact("serious.listed", "list", D(2026, 12, 1), "serious"),  # after as_of: ignored
    ]
    changes = [
        ChangeRow("住所 registered address", D(2025, 1, 1)),
        ChangeRow("法定代表人（负责人） responsible person", D(2026, 1, 1)),
        ChangeRow("住所 registered address", D(2024, 11, 30)),  # exactly 24 months: outside
        ChangeRow("歇业备案 suspension", D(2025, 5, 1)),
    ]
    reports = [
        ReportRow(2023, True, D(2024, 8, 1)),
        ReportRow(2025, False, D(2026, 12, 1)),
    ]  # 2025 filed later
    f = compute(facts=facts, changes=changes, reports=reports)
    assert f == {
        "entity_type": "llc",
        "age_years": 6,
        "registered_capital": 150,
        "industry_risk": "general",
        "status": "active",
        "reports_late": 1,
        "reports_missing": 2,  # 2023-2025 due, only 2023 filed by as_of
        "status_changes": 1,
        "key_changes": 2,
        "lists_in_force": 1,  # two abnormal listings, one removal
        "serious_listed": 0,
        "penalties": 1,
        "penalties_serious": 1,
        "penalty_months": 8,
        "inspections_problem": 1,
        "sampling_failed": 1,
        "related_listed": 0,
        "complaints_per_size": 1,  # 2 complaints / size weight 2 (100-999 万元)
    }


def test_missing_data_is_unknown_not_an_error() -> None:
    f = compute(registered_capital=None, industry_risk=None, last_due_year=None, established_on=D(2026, 2, 1))
    assert f["registered_capital"] is None and f["industry_risk"] is None
    assert f["reports_late"] is None and f["reports_missing"] is None
    assert f["inspections_problem"] is None and f["penalty_months"] is None
    assert f["age_years"] == 0


def test_new_entity_owes_no_report_before_its_first_year() -> None:
    assert compute(established_on=D(2026, 2, 1))["reports_missing"] == 0
    assert compute(established_on=D(2025, 2, 1))["reports_missing"] == 1


CARD = {
    "features": [
        {
            "name": "penalties",
            "bins": [
                {"key": "0", "max": 0, "points": 0, "label_zh": "无", "label_en": "none"},
                {"key": "1-2", "min": 1, "max": 2, "points": 8, "label_zh": "1-2次", "label_en": "1-2"},
                {"key": "3+", "min": 3, "points": 15, "label_zh": "3次及以上", "label_en": "3 or more"},
            ],
        },
        {
            "name": "industry_risk",
            "unknown": {"points": 3, "label_zh": "行业未登记", "label_en": "no industry"},
            "bins": [
                {
                    "key": "high",
                    "values": ["high"],
                    "points": 10,
                    "label_zh": "高风险行业",
                    "label_en": "high",
                },
                {"key": "other", "other": True, "points": 0, "label_zh": "其他", "label_en": "other"},
            ],
        },
        {
            "name": "serious_listed",
            "bins": [{"key": "any", "min": 0, "points": 0, "label_zh": "-", "label_en": "-"}],
        },
    ],
    "classes": [
        {"class": "A", "max": 5},
        {"class": "B", "max": 12},
        {"class": "C", "max": 20},
        {"class": "D"},
    ],
    "overrides": [
        {"feature": "serious_listed", "min": 1, "class": "D", "label_zh": "严重失信", "label_en": "serious"}
    ],
}


@pytest.mark.parametrize(
    ("features", "score", "risk_class", "bins", "override"),
    [
        ({"penalties": 0, "industry_risk": "low", "serious_listed": 0}, 0, "A", (1, 2, 1), ""),
        ({"penalties": 2, "industry_risk": None, "serious_listed": 0}, 11, "B", (2, 0, 1), ""),
        ({"penalties": 3, "industry_risk": "high", "serious_listed": 0}, 25, "D", (3, 1, 1), ""),
        ({"penalties": 1, "industry_risk": "high", "serious_listed": 0}, 18, "C", (2, 1, 1), ""),
        ({"penalties": 0, "industry_risk": "low", "serious_listed": 1}, 0, "D", (1, 2, 1), "serious_listed"),
    ],
)
def test_scorecard_scores_against_hand_computed_expectations(
    features: dict[str, Any], score: int, risk_class: str, bins: tuple[int, ...], override: str
) -> None:
    scored = scorecard_score(scorecard_parse(CARD), features)
    assert (scored.score, scored.risk_class, scored.bins, scored.override) == (
        score,
        risk_class,
        bins,
        override,
    )


def test_explanation_names_the_top_factors_in_chinese_and_english() -> None:
    card = scorecard_parse(CARD)
    scored = scorecard_score(card, {"penalties": 1, "industry_risk": "high", "serious_listed": 1})
    assert (scored.score, scored.risk_class, scored.override) == (18, "D", "serious_listed")  # C by score
    factors = scorecard_explain(card, scored.bins, scored.override)
    assert [f.name for f in factors] == ["serious_listed", "industry_risk", "penalties"]
    assert factors[0].text_zh == "严重失信" and factors[0].text_en == "serious"
    assert factors[2].text_zh == "行政处罚（近36个月）：1-2次（+8分）"
    assert factors[2].text_en == "penalties (36 months): 1-2 (+8 points)"
    # Already D by score: no override is named.
    assert (
        scorecard_score(card, {"penalties": 3, "industry_risk": "high", "serious_listed": 1}).override == ""
    )


def test_bad_definitions_are_refused_with_every_problem() -> None:
    with pytest.raises(ValueError, match="unknown feature") as error:
        scorecard_parse({"features": [{"name": "nope", "bins": []}], "classes": [{"class": "A"}]})
    assert len(error.value.problems) >= 2  # type: ignore[attr-defined]


GUANGDONG = {
    "start": 100,
    "window_months": 36,
    "rules": [
        {
            "key": "sampling",
            "kinds": ["sampling.failed"],
            "points": 10,
            "label_zh": "抽查不合格",
            "label_en": "failed",
        },
        {"key": "pen_serious", "categories": ["penalty"], "severities": ["serious"], "points": 30},
        {"key": "pen", "categories": ["penalty"], "points": 15, "label_zh": "违法", "label_en": "violation"},
    ],
    "aggravation": {"intent_percent": 200, "repeat_percent": 150},
    "classes": [
        {"class": "A", "min": 90},
        {"class": "B", "min": 75},
        {"class": "C", "min": 60},
        {"class": "D"},
    ],
    "serious_dishonesty": {"kinds": ["serious.listed"], "serious_violations": 2},
}


def test_guangdong_deductions_with_intent_and_repeats() -> None:
    model = deduction_parse(GUANGDONG)
    clean = deduction_score(model, [], as_of=AS_OF, windows=W)
    assert (clean.score, clean.risk_class) == (100, "A")
    facts = [
        fact("sampling.failed", "sampling", D(2025, 1, 1)),  # 10
        fact("sampling.failed", "sampling", D(2025, 6, 1)),  # repeat: 15
        fact("penalty", "penalty", D(2026, 1, 1), intent=True),  # intent: 30
        fact("sampling.failed", "sampling", D(2020, 1, 1)),  # outside the window
    ]
    scored = deduction_score(model, facts, as_of=AS_OF, windows=W)
    assert scored.bins == (25, 0, 30) and scored.score == 45 and scored.risk_class == "D"
    assert scored.override == ""
    factors = deduction_explain(model, scored.bins)
    assert [f.name for f in factors] == ["pen", "sampling"] and factors[0].text_zh == "违法（扣30分）"
    one = deduction_score(model, facts[:1], as_of=AS_OF, windows=W)
    assert (one.score, one.risk_class) == (90, "A")
    assert deduction_score(model, facts[:2], as_of=AS_OF, windows=W).risk_class == "B"  # 75


def test_guangdong_serious_dishonesty_is_d() -> None:
    model = deduction_parse(GUANGDONG)
    listed = [fact("serious.listed", "list", D(2019, 1, 1), "serious")]
    scored = deduction_score(model, listed, as_of=AS_OF, windows=W)
    assert (scored.score, scored.risk_class, scored.override) == (100, "D", "serious_dishonesty")
    removed = [*listed, fact("serious.removed", "list", D(2022, 1, 1), "none")]
    assert deduction_score(model, removed, as_of=AS_OF, windows=W).risk_class == "A"
    two_serious = [fact("penalty", "penalty", D(2025, 1, 1), "serious")] * 2
    assert deduction_score(model, two_serious, as_of=AS_OF, windows=W).override == "serious_dishonesty"


def test_wilson_interval() -> None:
    low, high = wilson_interval(3, 10)
    assert low == pytest.approx(0.1078, abs=1e-4) and high == pytest.approx(0.6032, abs=1e-4)
    assert wilson_interval(0, 0) == (0.0, 0.0)
    low, high = wilson_interval(0, 20)
    assert low == 0.0 and high == pytest.approx(0.1611, abs=1e-4)


def test_backtest_summary_and_deciles() -> None:
    rows = [
        Inspection(True, "D", 50),
        Inspection(True, "D", 60),
        Inspection(False, "D", 55),
        Inspection(False, "A", 3),
        Inspection(True, None, None),
    ]
    by_class = {r.group: r for r in backtest_summary(rows)}
    assert (by_class["D"].inspections, by_class["D"].problems) == (3, 2)
    assert (by_class["A"].inspections, by_class["A"].problems) == (1, 0)
    assert by_class["B"].inspections == 0 and by_class["unclassified"].problems == 1
    deciles = score_deciles(rows, groups=2)
    assert [(d.group, d.inspections, d.problems) for d in deciles] == [("3-50", 2, 1), ("55-60", 2, 1)]
