"""Backtesting (回测) of a risk model against past inspections: problem-found rates. No Django.

For each past inspection we know whether it found a problem and which class
(and score) the entity had on the inspection day. A model that ranks risk
well shows rising problem rates from A to D and across score deciles.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from shijian.credit.risk.domain.scorecard import CLASSES

__all__ = ["Inspection", "Rate", "backtest_summary", "score_deciles", "wilson_interval"]

UNCLASSIFIED = "unclassified"


def wilson_interval(successes: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval of a proportion (95 % by default); (0, 0) when n = 0."""
    if n == 0:
        return (0.0, 0.0)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True, slots=True)
class Inspection:
    """One past inspection: outcome, and class/score in force that day (None: unclassified)."""

    problem_found: bool
    risk_class: str | None
    score: int | None


@dataclass(frozen=True, slots=True)
class Rate:
    """Problem-found rate of a group with its Wilson 95 % interval."""

    group: str
    inspections: int
    problems: int
    low: float
    high: float

    @property
    def rate(self) -> float:
        """Share of inspections that found a problem (0 for an empty group)."""
        return self.problems / self.inspections if self.inspections else 0.0


def _rate(group: str, rows: Sequence[Inspection]) -> Rate:
    problems = sum(1 for r in rows if r.problem_found)
    low, high = wilson_interval(problems, len(rows))
    return Rate(group, len(rows), problems, low, high)


def backtest_summary(rows: Sequence[Inspection]) -> list[Rate]:
    """Rates per class A-D, then the unclassified inspections (every group listed, empty or not)."""
    groups = [*CLASSES, UNCLASSIFIED]
    return [_rate(g, [r for r in rows if (r.risk_class or UNCLASSIFIED) == g]) for g in groups]


def score_deciles(rows: Sequence[Inspection], groups: int = 10) -> list[Rate]:
    """Calibration: problem rate per score decile (equal-count groups by score, lowest first).

    The group name is the score range ``low-high``; fewer groups when there
    are fewer scored inspections than ``groups``.
    """
    scored = sorted((r for r in rows if r.score is not None), key=lambda r: r.score or 0)
    if not scored:
        return []
    count = min(groups, len(scored))
    out = []
    for g in range(count):
        part = scored[g * len(scored) // count : (g + 1) * len(scored) // count]
        out.append(_rate(f"{part[0].score}-{part[-1].score}", part))
    return out
