"""Pure arithmetic of random-inspection statistics (双随机抽查统计): rates, targets, per plan and per year.

No Django: the selectors in ``statistics.py`` count with the database and
hand the counts in as plain rows; everything here is arithmetic on them.
Every rate keeps its numerator and denominator; a zero denominator gives
``value is None`` (no figure), never an error or a made-up 0%.

The binding indicator "general-item sampling ratio" (一般事项抽查比例) has
its targets as data in ``GENERAL_RATIO_TARGETS`` (kpis.md #10, the Luoyang
14th-five-year plan: 3% in 2020 -> 5% in 2025).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "GENERAL_RATIO_TARGETS",
    "STRATA",
    "ClassProblems",
    "PlanFacts",
    "PlanStatistics",
    "Publication",
    "Rate",
    "RatioTarget",
    "ResultCount",
    "StratumCount",
    "StratumStatistics",
    "TargetCheck",
    "YearStatistics",
    "plan_figures",
    "problems_by_class",
    "publication_figures",
    "rate",
    "ratio_target",
    "target_check",
    "year_figures",
]

#: The strata in display order: credit-risk classes A..D of the default model, U unclassified.
STRATA = ("A", "B", "C", "D", "U")

#: Result statuses counted as done (检查完成): signed by every inspector, or published.
DONE = frozenset({"completed", "published"})

_CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Rate:
    """A rate with its parts: ``numerator / denominator``; ``value`` is None when the denominator is 0."""

    numerator: int
    denominator: int

    @property
    def value(self) -> Decimal | None:
        """The exact quotient (28 significant digits), or None without a denominator."""
        if self.denominator == 0:
            return None
        return Decimal(self.numerator) / Decimal(self.denominator)

    @property
    def percent(self) -> Decimal | None:
        """The rate in per cent, rounded half-up to two decimals (for display), or None."""
        value = self.value
        return None if value is None else (value * 100).quantize(_CENT, rounding=ROUND_HALF_UP)

    @property
    def display(self) -> str:
        """``"5.00% (3/60)"``, or ``"— (0/0)"`` without a denominator."""
        percent = self.percent
        shown = "—" if percent is None else f"{percent}%"
        return f"{shown} ({self.numerator}/{self.denominator})"


def rate(numerator: int, denominator: int) -> Rate:
    """A rate of two non-negative counts (a zero denominator gives a rate without a value)."""
    if numerator < 0 or denominator < 0:
        raise ValueError("counts are never negative")
    return Rate(numerator, denominator)


@dataclass(frozen=True, slots=True)
class RatioTarget:
    """A target of the general-item sampling ratio, in force from ``from_year`` until the next row.

    ``value`` is a fraction (``0.05`` = 5%); ``comparison`` how the achieved
    ratio is judged against it; ``attribute`` binding (约束性) or expected
    (预期性); ``source`` where the figure comes from.
    """

    from_year: int
    value: Decimal
    comparison: str
    attribute: str
    source: str
    note: str

    @property
    def percent(self) -> str:
        """The target in per cent without trailing zeros, e.g. ``"5"`` or ``"3.5"``."""
        text = f"{self.value * 100:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text


#: The general-item sampling ratio targets (一般事项抽查比例, binding 约束性, ">=").
#: kpis.md gives the 2020 baseline and the 2025 target only; the plan's annual
#: split is not in it, so a row holds until the next one (2020-2024: 3%, from 2025: 5%).
#: Add rows here when the annual targets (or a later plan) are known.
GENERAL_RATIO_TARGETS: tuple[RatioTarget, ...] = (
    RatioTarget(
        from_year=2020,
        value=Decimal("0.03"),
        comparison=">=",
        attribute="binding",
        source="kpis.md #10 / 洛阳市",
        note="2020年基期值 2020 baseline",
    ),
    RatioTarget(
        from_year=2025,
        value=Decimal("0.05"),
        comparison=">=",
        attribute="binding",
        source="kpis.md #10 / 洛阳市",
        note="“十四五”2025年目标值 14th-five-year 2025 target",
    ),
)


def ratio_target(year: int, table: Sequence[RatioTarget] = GENERAL_RATIO_TARGETS) -> RatioTarget | None:
    """The target in force in ``year``: the row with the latest ``from_year`` not after it (else None)."""
    found: RatioTarget | None = None
    for row in table:
        if row.from_year <= year and (found is None or row.from_year > found.from_year):
            found = row
    return found


@dataclass(frozen=True, slots=True)
class TargetCheck:
    """An achieved ratio against its target; ``met`` is None when there is no target or no ratio."""

    ratio: Rate
    target: RatioTarget | None
    met: bool | None


def target_check(ratio: Rate, target: RatioTarget | None) -> TargetCheck:
    """Judge ``ratio`` against ``target`` exactly (``n >= t x d``, no rounding)."""
    if target is None or ratio.denominator == 0:
        return TargetCheck(ratio, target, None)
    achieved = Decimal(ratio.numerator)
    wanted = target.value * ratio.denominator
    if target.comparison == ">=":
        met = achieved >= wanted
    elif target.comparison == "<=":
        met = achieved <= wanted
    else:
        raise ValueError(f"unknown comparison {target.comparison!r}")
    return TargetCheck(ratio, target, met)


@dataclass(frozen=True, slots=True)
class StratumCount:
    """Input: one stratum of a plan, its directory size and how many tasks the draw made in it."""

    stratum_id: str
    size: int
    sampled: int


@dataclass(frozen=True, slots=True)
class ResultCount:
    """Input: how many results of a plan share a stratum, a status and a category's problem flag.

    ``on_time`` counts the published ones with ``published_on <= publish_due``;
    ``overdue`` the completed (unpublished) ones with ``publish_due < today``.
    """

    stratum_id: str
    status: str
    problem_found: bool
    count: int
    on_time: int = 0
    overdue: int = 0


@dataclass(frozen=True, slots=True)
class PlanFacts:
    """Input: what the database says about one plan (identity, whether drawn, strata, results)."""

    plan_id: int
    number: str
    title: str
    year: int
    status: str
    drawn: bool
    has_general_item: bool
    strata: tuple[StratumCount, ...]
    results: tuple[ResultCount, ...]


@dataclass(frozen=True, slots=True)
class Publication:
    """Publication of results (结果公示).

    ``owed`` results completed or published; ``published`` of which
    ``on_time`` and ``late``; ``overdue_unpublished`` completed with the due
    day passed; ``awaiting`` completed, still within the period.
    ``on_time_rate`` = on time / (published + overdue unpublished): every
    result whose publication has happened or fell due.
    """

    owed: int
    published: int
    on_time: int
    late: int
    overdue_unpublished: int
    awaiting: int
    on_time_rate: Rate


def publication_figures(rows: Iterable[ResultCount]) -> Publication:
    """Publication counts and the on-time rate of a set of result rows."""
    published = on_time = completed = overdue = 0
    for row in rows:
        if row.status == "published":
            published += row.count
            on_time += row.on_time
        elif row.status == "completed":
            completed += row.count
            overdue += row.overdue
    return Publication(
        owed=published + completed,
        published=published,
        on_time=on_time,
        late=published - on_time,
        overdue_unpublished=overdue,
        awaiting=completed - overdue,
        on_time_rate=rate(on_time, published + overdue),
    )


@dataclass(frozen=True, slots=True)
class ClassProblems:
    """Problem-found rate of one stratum (credit class): done results with a problem / done results."""

    stratum_id: str
    rate: Rate

    @property
    def results(self) -> int:
        """Done (completed or published) results of the stratum."""
        return self.rate.denominator

    @property
    def problems(self) -> int:
        """Of which the category says a problem was found."""
        return self.rate.numerator


def problems_by_class(rows: Iterable[ResultCount]) -> tuple[tuple[ClassProblems, ...], ClassProblems]:
    """Problem-found rate per stratum (A, B, C, D, U, then any other id) and over all strata.

    Counts completed and published results only (a draft may still change).
    """
    done: dict[str, int] = dict.fromkeys(STRATA, 0)
    problems: dict[str, int] = dict.fromkeys(STRATA, 0)
    for row in rows:
        if row.status not in DONE:
            continue
        done[row.stratum_id] = done.get(row.stratum_id, 0) + row.count
        if row.problem_found:
            problems[row.stratum_id] = problems.get(row.stratum_id, 0) + row.count
    order = [*STRATA, *sorted(set(done) - set(STRATA))]
    per_class = tuple(ClassProblems(s, rate(problems.get(s, 0), done[s])) for s in order)
    total = ClassProblems("", rate(sum(problems.values()), sum(done.values())))
    return per_class, total


@dataclass(frozen=True, slots=True)
class StratumStatistics:
    """One stratum of a plan: directory size, sampled, sampled ratio."""

    stratum_id: str
    directory_size: int
    sampled: int
    sampled_ratio: Rate


@dataclass(frozen=True, slots=True)
class PlanStatistics:
    """Statistics of one plan (抽查计划统计).

    ``directory_size`` sum of the strata sizes (from the freeze on);
    ``sampled`` tasks of the draw; ``sampled_ratio`` sampled / directory
    size, only for a drawn plan (None before the draw); ``general_ratio``
    the same ratio when the plan has a general item (else None);
    ``completion`` done results / tasks.
    """

    plan_id: int
    number: str
    title: str
    year: int
    status: str
    drawn: bool
    has_general_item: bool
    directory_size: int
    sampled: int
    sampled_ratio: Rate | None
    general_ratio: Rate | None
    strata: tuple[StratumStatistics, ...]
    completion: Rate
    publication: Publication
    problems_by_class: tuple[ClassProblems, ...]
    problems_total: ClassProblems


def _strata(facts: PlanFacts) -> tuple[StratumStatistics, ...]:
    """The plan's strata in display order (A..U, then any other id) with their ratios."""
    order = {s: n for n, s in enumerate(STRATA)}
    rows = sorted(facts.strata, key=lambda s: (order.get(s.stratum_id, len(order)), s.stratum_id))
    return tuple(StratumStatistics(s.stratum_id, s.size, s.sampled, rate(s.sampled, s.size)) for s in rows)


def _done(rows: Iterable[ResultCount]) -> int:
    """How many results are done (completed or published)."""
    return sum(r.count for r in rows if r.status in DONE)


def plan_figures(facts: PlanFacts) -> PlanStatistics:
    """The figures of one plan from its counts."""
    size = sum(s.size for s in facts.strata)
    sampled = sum(s.sampled for s in facts.strata)
    ratio = rate(sampled, size) if facts.drawn else None
    per_class, total = problems_by_class(facts.results)
    return PlanStatistics(
        plan_id=facts.plan_id,
        number=facts.number,
        title=facts.title,
        year=facts.year,
        status=facts.status,
        drawn=facts.drawn,
        has_general_item=facts.has_general_item,
        directory_size=size,
        sampled=sampled,
        sampled_ratio=ratio,
        general_ratio=ratio if facts.has_general_item else None,
        strata=_strata(facts),
        completion=rate(_done(facts.results), sampled),
        publication=publication_figures(facts.results),
        problems_by_class=per_class,
        problems_total=total,
    )


@dataclass(frozen=True, slots=True)
class YearStatistics:
    """Statistics of a year over the plans of a jurisdiction (年度抽查统计).

    ``plans`` every plan of the year (any status); the pooled figures count
    drawn plans only: ``directory_size`` and ``sampled`` their sums,
    ``sampled_ratio`` sampled / directory size; ``general`` the same over the
    drawn plans with at least one general item, judged against the year's
    target; ``completion``, ``publication`` and the problem-found rates over
    the results of the drawn plans.
    """

    year: int
    plans: tuple[PlanStatistics, ...]
    plans_total: int
    plans_drawn: int
    general_plans: int
    directory_size: int
    sampled: int
    sampled_ratio: Rate
    general: TargetCheck
    completion: Rate
    publication: Publication
    problems_by_class: tuple[ClassProblems, ...]
    problems_total: ClassProblems


def year_figures(
    year: int, facts: Sequence[PlanFacts], targets: Sequence[RatioTarget] = GENERAL_RATIO_TARGETS
) -> YearStatistics:
    """The figures of a year: each plan's, and the pooled ones over the drawn plans (sums, not means)."""
    plans = tuple(plan_figures(f) for f in facts)
    drawn = [p for p in plans if p.drawn]
    general = [p for p in drawn if p.has_general_item]
    results = [row for f in facts if f.drawn for row in f.results]
    size = sum(p.directory_size for p in drawn)
    sampled = sum(p.sampled for p in drawn)
    general_ratio = rate(sum(p.sampled for p in general), sum(p.directory_size for p in general))
    per_class, total = problems_by_class(results)
    return YearStatistics(
        year=year,
        plans=plans,
        plans_total=len(plans),
        plans_drawn=len(drawn),
        general_plans=len(general),
        directory_size=size,
        sampled=sampled,
        sampled_ratio=rate(sampled, size),
        general=target_check(general_ratio, ratio_target(year, targets)),
        completion=rate(_done(results), sampled),
        publication=publication_figures(results),
        problems_by_class=per_class,
        problems_total=total,
    )
