"""Deduction models (扣分制), such as Guangdong's product-quality credit grades. No Django.

A definition (JSON, ``method = "deduction"``)::

    {"method": "deduction", "start": 100, "window_months": 36,
     "rules": [{"key": "sampling_failed", "kinds": ["sampling.failed"], "points": 10,
                "label_zh": "产品质量监督抽查不合格", "label_en": "failed product-quality sampling"}, …],
     "aggravation": {"intent_percent": 200, "repeat_percent": 150},
     "classes": [{"class": "A", "min": 90}, {"class": "B", "min": 75}, {"class": "C", "min": 60},
                 {"class": "D"}],
     "serious_dishonesty": {"kinds": ["serious.listed"], "serious_violations": 2,
                            "label_zh": "…", "label_en": "…"}}

Each credit fact in force decided in the window is a violation of the first
rule it matches (``kinds``, ``categories`` and ``severities``; an empty list
matches anything). Its deduction is ``points``, times ``intent_percent``/100
when the fact's body says ``"intent": true`` (故意), times
``repeat_percent``/100 from the second violation of the same rule on
(屡次); integer arithmetic, rounded down at each step. The score is ``start``
minus the deductions (never below 0); the grade is the first class whose
``min`` the score reaches. Serious dishonesty (严重失信) - a fact of one of the
``kinds`` in force, or at least ``serious_violations`` violations of serious
severity in the window - is class D whatever the score.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shijian.credit.risk.domain.features import (
    FactRow,
    FeatureWindows,
    active_listings,
    list_prefix,
    months_before,
)
from shijian.credit.risk.domain.scorecard import CLASSES, DefinitionError, Factor, Scored

__all__ = ["DeductionModel", "DeductionRule", "deduction_explain", "deduction_parse", "deduction_score"]


@dataclass(frozen=True, slots=True)
class DeductionRule:
    """Which facts a rule matches and how many points each deducts."""

    key: str
    points: int
    kinds: tuple[str, ...]
    categories: tuple[str, ...]
    severities: tuple[str, ...]
    label_zh: str
    label_en: str

    def matches(self, fact: FactRow) -> bool:
        """True when the fact is a violation of this rule."""
        return (
            (not self.kinds or fact.kind in self.kinds)
            and (not self.categories or fact.category in self.categories)
            and (not self.severities or fact.severity in self.severities)
        )


@dataclass(frozen=True, slots=True)
class DeductionModel:
    """A parsed deduction definition."""

    start: int
    window_months: int
    rules: tuple[DeductionRule, ...]
    intent_percent: int
    repeat_percent: int
    grades: tuple[tuple[str, int | None], ...]  # (class, min score) A..D; None = any score
    dishonesty_kinds: tuple[str, ...]
    dishonesty_serious_violations: int | None
    dishonesty_label_zh: str
    dishonesty_label_en: str


def deduction_parse(definition: Mapping[str, Any]) -> DeductionModel:
    """Parse and check a deduction definition (``DefinitionError`` lists every problem)."""
    problems: list[str] = []
    rules = []
    for i, raw in enumerate(definition.get("rules", [])):
        if not isinstance(raw.get("points"), int) or raw["points"] < 0:
            problems.append(f"rules[{i}]: points must be a non-negative integer")
        if not (raw.get("kinds") or raw.get("categories")):
            problems.append(f"rules[{i}]: name kinds or categories")
        rules.append(
            DeductionRule(
                key=str(raw.get("key", i)),
                points=int(raw.get("points", 0)),
                kinds=tuple(raw.get("kinds", [])),
                categories=tuple(raw.get("categories", [])),
                severities=tuple(raw.get("severities", [])),
                label_zh=str(raw.get("label_zh", "")),
                label_en=str(raw.get("label_en", "")),
            )
        )
    grades = tuple((str(g.get("class")), g.get("min")) for g in definition.get("classes", []))
    if [c for c, _ in grades] != list(CLASSES) or (grades and grades[-1][1] is not None):
        problems.append("classes: list A, B, C, D in that order; D without min")
    minima = [m for _, m in grades[:-1]]
    numbers = [m for m in minima if isinstance(m, int)]
    if len(numbers) != len(minima) or numbers != sorted(numbers, reverse=True):
        problems.append("classes: min must be decreasing integers")
    aggravation = definition.get("aggravation", {})
    dishonesty = definition.get("serious_dishonesty", {})
    if problems:
        raise DefinitionError(problems)
    return DeductionModel(
        start=int(definition.get("start", 100)),
        window_months=int(definition.get("window_months", 36)),
        rules=tuple(rules),
        intent_percent=int(aggravation.get("intent_percent", 100)),
        repeat_percent=int(aggravation.get("repeat_percent", 100)),
        grades=grades,
        dishonesty_kinds=tuple(dishonesty.get("kinds", [])),
        dishonesty_serious_violations=dishonesty.get("serious_violations"),
        dishonesty_label_zh=str(dishonesty.get("label_zh", "严重失信")),
        dishonesty_label_en=str(dishonesty.get("label_en", "serious dishonesty")),
    )


def deduction_score(
    model: DeductionModel, facts: Iterable[FactRow], *, as_of: dt.date, windows: FeatureWindows
) -> Scored:
    """Grade one entity from its facts in force, given in recording order (oldest first).

    ``bins`` holds the points deducted per rule, in the definition's order.
    A dishonesty listing counts while it is not followed by a removal of the
    same list (see ``features.active_listings``).
    """
    facts = list(facts)
    listings = active_listings(facts, as_of=as_of, windows=windows)
    dishonest = any(listings.get(list_prefix(k), 0) > 0 for k in model.dishonesty_kinds)
    since = months_before(as_of, model.window_months)
    totals = [0] * len(model.rules)
    seen = [0] * len(model.rules)
    serious = 0
    for fact in sorted(facts, key=lambda f: f.decided_on):  # stable: ties keep recording order
        if fact.decided_on > as_of or fact.decided_on <= since:
            continue
        for index, rule in enumerate(model.rules):
            if rule.matches(fact):
                seen[index] += 1
                points = (
                    rule.points * (model.intent_percent if fact.body.get("intent") is True else 100) // 100
                )
                points = points * (model.repeat_percent if seen[index] > 1 else 100) // 100
                totals[index] += points
                serious += fact.severity == "serious"
                break
    limit = model.dishonesty_serious_violations
    if limit is not None and serious >= limit:
        dishonest = True
    score = max(0, model.start - sum(totals))
    risk_class = next((c for c, low in model.grades if low is None or score >= low), CLASSES[-1])
    if dishonest:
        return Scored(score, "D", tuple(totals), "serious_dishonesty")
    return Scored(score, risk_class, tuple(totals))


def deduction_explain(
    model: DeductionModel, totals: Sequence[int], override: str = "", top: int = 3
) -> list[Factor]:
    """The rules that deducted most (largest first), serious dishonesty first when it applies."""
    factors: list[Factor] = []
    if override:
        factors.append(Factor("serious_dishonesty", 0, model.dishonesty_label_zh, model.dishonesty_label_en))
    ranked = sorted(
        ((t, n, r) for n, (r, t) in enumerate(zip(model.rules, totals, strict=True)) if t > 0),
        key=lambda row: (-row[0], row[1]),
    )
    for total, _n, rule in ranked[:top]:
        factors.append(
            Factor(rule.key, total, f"{rule.label_zh}（扣{total}分）", f"{rule.label_en} (-{total} points)")
        )
    return factors
