"""The transparent scorecard (评分卡): bins, points per bin, class thresholds, overrides. No Django.

A definition (JSON, stored in ``ScoreModel.definition``)::

    {"method": "scorecard",
     "features": [{"name": "penalties",
                   "unknown": {"points": 0, "label_zh": "…", "label_en": "…"},
                   "bins": [{"key": "0", "max": 0, "points": 0, "label_zh": "无", "label_en": "none"},
                            {"key": "1-2", "min": 1, "max": 2, "points": 8, …},
                            {"key": "3+", "min": 3, "points": 15, …}]}, …],
     "classes": [{"class": "A", "max": 9}, {"class": "B", "max": 24}, {"class": "C", "max": 44},
                 {"class": "D"}],
     "overrides": [{"feature": "serious_listed", "min": 1, "class": "D", "label_zh": …, "label_en": …}]}

Integer bins match ``min <= value <= max`` (either end open), category bins
``value in values`` (a bin with ``"other": true`` takes every other value);
the first matching bin wins; ``None`` (missing data) takes the unknown bin,
index 0. Higher points mean higher risk. The score is the sum of points; the
class is the first whose ``max`` the score does not exceed, raised by any
override that applies (an override never lowers a class).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shijian.credit.risk.domain.features import FEATURE_BY_NAME, FeatureKind

__all__ = [
    "CLASSES",
    "Bin",
    "DefinitionError",
    "Factor",
    "FeatureBins",
    "Override",
    "Scorecard",
    "Scored",
    "bin_index",
    "scorecard_explain",
    "scorecard_parse",
    "scorecard_score",
]

CLASSES = ("A", "B", "C", "D")
CLASS_LABELS: dict[str, tuple[str, str]] = {
    "A": ("A类（低风险）", "A (low risk)"),
    "B": ("B类（一般风险）", "B (general risk)"),
    "C": ("C类（较高风险）", "C (elevated risk)"),
    "D": ("D类（高风险）", "D (high risk)"),
}


class DefinitionError(ValueError):
    """A score-model definition that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Bin:
    """One bin: a range (integer features) or a value list (categories), its points and labels."""

    key: str
    points: int
    label_zh: str
    label_en: str
    low: int | None = None
    high: int | None = None
    values: tuple[str, ...] = ()
    other: bool = False


@dataclass(frozen=True, slots=True)
class FeatureBins:
    """A feature as the scorecard uses it: the unknown bin (index 0) and the bins (1..n)."""

    name: str
    kind: FeatureKind
    label_zh: str
    label_en: str
    unknown: Bin
    bins: tuple[Bin, ...]

    def bin(self, index: int) -> Bin:
        """The bin at ``index`` (0: unknown)."""
        return self.unknown if index == 0 else self.bins[index - 1]

    @property
    def points(self) -> tuple[int, ...]:
        """Points by bin index (0: unknown)."""
        return (self.unknown.points, *(b.points for b in self.bins))


@dataclass(frozen=True, slots=True)
class Override:
    """A class floor: ``feature >= minimum`` puts the entity in ``risk_class`` at least."""

    feature: str
    minimum: int
    risk_class: str
    label_zh: str
    label_en: str


@dataclass(frozen=True, slots=True)
class Scorecard:
    """A parsed scorecard definition."""

    features: tuple[FeatureBins, ...]
    thresholds: tuple[tuple[str, int | None], ...]  # (class, max score) in order A..D; None = no upper bound
    overrides: tuple[Override, ...]


@dataclass(frozen=True, slots=True)
class Scored:
    """A result: score, class, the bin index per feature and the override applied ("" for none)."""

    score: int
    risk_class: str
    bins: tuple[int, ...]
    override: str = ""


@dataclass(frozen=True, slots=True)
class Factor:
    """A contributing factor, in plain Chinese and English, with its points."""

    name: str
    points: int
    text_zh: str
    text_en: str


def _bin(raw: Mapping[str, Any], kind: FeatureKind, where: str, problems: list[str]) -> Bin:
    points = raw.get("points")
    if not isinstance(points, int) or isinstance(points, bool):
        problems.append(f"{where}: points must be an integer")
        points = 0
    low, high = raw.get("min"), raw.get("max")
    values = raw.get("values") or []
    if kind is FeatureKind.INT and any(v is not None and not isinstance(v, int) for v in (low, high)):
        problems.append(f"{where}: min/max must be integers")
    if kind is FeatureKind.CATEGORY and not (raw.get("other") or values) and "unknown" not in where:
        problems.append(f"{where}: a category bin needs values or other=true")
    return Bin(
        key=str(raw.get("key", "")),
        points=points,
        label_zh=str(raw.get("label_zh", "")),
        label_en=str(raw.get("label_en", "")),
        low=low,
        high=high,
        values=tuple(str(v) for v in values),
        other=bool(raw.get("other", False)),
    )


def scorecard_parse(definition: Mapping[str, Any]) -> Scorecard:
    """Parse and check a scorecard definition (``DefinitionError`` lists every problem)."""
    problems: list[str] = []
    features: list[FeatureBins] = []
    for i, raw in enumerate(definition.get("features", [])):
        spec = FEATURE_BY_NAME.get(raw.get("name", ""))
        if spec is None:
            problems.append(f"features[{i}]: unknown feature {raw.get('name')!r}")
            continue
        bins = tuple(
            _bin(b, spec.kind, f"{spec.name}.bins[{j}]", problems) for j, b in enumerate(raw["bins"])
        )
        unknown = _bin(raw.get("unknown", {"points": 0}), spec.kind, f"{spec.name}.unknown", problems)
        features.append(FeatureBins(spec.name, spec.kind, spec.label_zh, spec.label_en, unknown, bins))
    thresholds: list[tuple[str, int | None]] = []
    for raw in definition.get("classes", []):
        thresholds.append((str(raw.get("class")), raw.get("max")))
    if [c for c, _ in thresholds] != list(CLASSES):
        problems.append("classes: list A, B, C, D in that order")
    if thresholds and thresholds[-1][1] is not None:
        problems.append("classes: the last class takes every higher score (no max)")
    maxima = [m for _, m in thresholds[:-1]]
    numbers = [m for m in maxima if isinstance(m, int)]
    if len(numbers) != len(maxima) or numbers != sorted(numbers):
        problems.append("classes: max must be increasing integers")
    overrides = []
    for raw in definition.get("overrides", []):
        if raw.get("feature") not in FEATURE_BY_NAME or raw.get("class") not in CLASSES:
            problems.append(f"overrides: bad override {raw!r}")
            continue
        overrides.append(
            Override(
                raw["feature"],
                int(raw.get("min", 1)),
                raw["class"],
                str(raw.get("label_zh", "")),
                str(raw.get("label_en", "")),
            )
        )
    if problems:
        raise DefinitionError(problems)
    return Scorecard(tuple(features), tuple(thresholds), tuple(overrides))


def bin_index(feature: FeatureBins, value: int | str | None) -> int:
    """The index of the first bin ``value`` falls in (0: unknown, or no bin matches)."""
    if value is None:
        return 0
    for index, b in enumerate(feature.bins, start=1):
        if feature.kind is FeatureKind.INT:
            number = int(value)
            if (b.low is None or number >= b.low) and (b.high is None or number <= b.high):
                return index
        elif b.other or str(value) in b.values:
            return index
    return 0


def class_for_score(card: Scorecard, score: int) -> str:
    """The class of a score under the thresholds."""
    for risk_class, maximum in card.thresholds:
        if maximum is None or score <= maximum:
            return risk_class
    return CLASSES[-1]


def scorecard_score(card: Scorecard, features: Mapping[str, int | str | None]) -> Scored:
    """Score one entity's features: points per bin, summed; class by threshold, raised by overrides."""
    bins = tuple(bin_index(f, features.get(f.name)) for f in card.features)
    score = sum(f.points[i] for f, i in zip(card.features, bins, strict=True))
    by_score = class_for_score(card, score)
    raised = [
        o
        for o in card.overrides
        if (value := features.get(o.feature)) is not None and int(value) >= o.minimum
    ]
    risk_class = max([by_score, *(o.risk_class for o in raised)], key=CLASSES.index)
    # The override named is the first (in definition order) that gives the final class.
    applied = (
        next((o.feature for o in raised if o.risk_class == risk_class), "") if risk_class != by_score else ""
    )
    return Scored(score, risk_class, bins, applied)


def scorecard_explain(card: Scorecard, bins: Sequence[int], override: str = "", top: int = 3) -> list[Factor]:
    """The top contributing factors (points > 0, largest first), an applied override first."""
    factors: list[Factor] = []
    for o in card.overrides:
        if o.feature == override:
            factors.append(Factor(o.feature, 0, o.label_zh, o.label_en))
            break
    scored = [(f.points[i], n, f, f.bin(i)) for n, (f, i) in enumerate(zip(card.features, bins, strict=True))]
    scored.sort(key=lambda row: (-row[0], row[1]))
    for points, _n, feature, b in scored:
        if points <= 0 or len(factors) >= top + bool(override):
            break
        factors.append(
            Factor(
                feature.name,
                points,
                f"{feature.label_zh}：{b.label_zh}（+{points}分）",
                f"{feature.label_en}: {b.label_en} (+{points} points)",
            )
        )
    return factors
