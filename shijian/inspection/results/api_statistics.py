"""Staff API of random-inspection statistics (双随机抽查统计): per year and per plan; internal.

Mount with ``api.add_router("/v1/", router)``. Staff only (bearer token or
session); a plan outside the actor's jurisdiction is 404. The
problem-found rate by credit class is internal: no public route may reuse
these schemas.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from shijian.accounts.api_auth import staff_auth
from shijian.core.actor import Actor
from shijian.core.api import ERROR_RESPONSES
from shijian.inspection.results import statistics
from shijian.inspection.results.stats_domain import (
    ClassProblems,
    PlanStatistics,
    Publication,
    Rate,
    TargetCheck,
    YearStatistics,
)

router = Router(tags=["random-inspection statistics 双随机抽查统计"], auth=staff_auth())


class RateOut(Schema):
    """A rate with its parts; ``value`` (a fraction) and ``percent`` are null when the denominator is 0."""

    numerator: int
    denominator: int
    value: float | None
    percent: str | None


class StratumStatisticsOut(Schema):
    """One stratum of a plan (internal: the strata are the credit classes)."""

    stratum_id: str
    directory_size: int
    sampled: int
    sampled_ratio: RateOut


class ClassProblemsOut(Schema):
    """Problem-found rate of one stratum (internal): done results with a problem / done results."""

    stratum_id: str
    results: int
    problems: int
    rate: RateOut


class PublicationOut(Schema):
    """Publication of results: ``on_time_rate`` = on time / (published + overdue unpublished)."""

    owed: int
    published: int
    on_time: int
    late: int
    overdue_unpublished: int
    awaiting: int
    on_time_rate: RateOut


class PlanStatisticsOut(Schema):
    """Statistics of one plan; ratios are null before the draw, ``general_ratio`` without a general item."""

    plan_id: int
    number: str
    title: str
    year: int
    status: str
    drawn: bool
    has_general_item: bool
    directory_size: int
    sampled: int
    sampled_ratio: RateOut | None
    general_ratio: RateOut | None
    strata: list[StratumStatisticsOut]
    completion: RateOut
    publication: PublicationOut
    problems_by_class: list[ClassProblemsOut]
    problems_total: ClassProblemsOut


class TargetOut(Schema):
    """A target of the general-item sampling ratio (a fraction as a decimal string) and its source."""

    from_year: int
    value: str
    comparison: str
    attribute: str
    source: str
    note: str


class GeneralRatioOut(Schema):
    """The general-item sampling ratio of the year against its target; ``met`` null without either."""

    ratio: RateOut
    target: TargetOut | None
    met: bool | None


class YearStatisticsOut(Schema):
    """Statistics of a year over my jurisdiction's plans (pooled figures: drawn plans only)."""

    year: int
    plans_total: int
    plans_drawn: int
    general_plans: int
    directory_size: int
    sampled: int
    sampled_ratio: RateOut
    general: GeneralRatioOut
    completion: RateOut
    publication: PublicationOut
    problems_by_class: list[ClassProblemsOut]
    problems_total: ClassProblemsOut
    plans: list[PlanStatisticsOut]


def _rate(r: Rate) -> RateOut:
    """The API shape of a rate."""
    value = r.value
    percent = r.percent
    return RateOut(
        numerator=r.numerator,
        denominator=r.denominator,
        value=None if value is None else float(value),
        percent=None if percent is None else str(percent),
    )


def _problems(row: ClassProblems) -> ClassProblemsOut:
    """The API shape of one class's problem-found rate."""
    return ClassProblemsOut(
        stratum_id=row.stratum_id, results=row.results, problems=row.problems, rate=_rate(row.rate)
    )


def _publication(p: Publication) -> PublicationOut:
    """The API shape of the publication figures."""
    return PublicationOut(
        owed=p.owed,
        published=p.published,
        on_time=p.on_time,
        late=p.late,
        overdue_unpublished=p.overdue_unpublished,
        awaiting=p.awaiting,
        on_time_rate=_rate(p.on_time_rate),
    )


def _general(check: TargetCheck) -> GeneralRatioOut:
    """The API shape of the general-item ratio against its target."""
    target = check.target
    return GeneralRatioOut(
        ratio=_rate(check.ratio),
        target=None
        if target is None
        else TargetOut(
            from_year=target.from_year,
            value=str(target.value),
            comparison=target.comparison,
            attribute=target.attribute,
            source=target.source,
            note=target.note,
        ),
        met=check.met,
    )


def plan_statistics_out(s: PlanStatistics) -> PlanStatisticsOut:
    """The API shape of a plan's statistics."""
    return PlanStatisticsOut(
        plan_id=s.plan_id,
        number=s.number,
        title=s.title,
        year=s.year,
        status=s.status,
        drawn=s.drawn,
        has_general_item=s.has_general_item,
        directory_size=s.directory_size,
        sampled=s.sampled,
        sampled_ratio=None if s.sampled_ratio is None else _rate(s.sampled_ratio),
        general_ratio=None if s.general_ratio is None else _rate(s.general_ratio),
        strata=[
            StratumStatisticsOut(
                stratum_id=row.stratum_id,
                directory_size=row.directory_size,
                sampled=row.sampled,
                sampled_ratio=_rate(row.sampled_ratio),
            )
            for row in s.strata
        ],
        completion=_rate(s.completion),
        publication=_publication(s.publication),
        problems_by_class=[_problems(row) for row in s.problems_by_class],
        problems_total=_problems(s.problems_total),
    )


def year_statistics_out(s: YearStatistics) -> YearStatisticsOut:
    """The API shape of a year's statistics."""
    return YearStatisticsOut(
        year=s.year,
        plans_total=s.plans_total,
        plans_drawn=s.plans_drawn,
        general_plans=s.general_plans,
        directory_size=s.directory_size,
        sampled=s.sampled,
        sampled_ratio=_rate(s.sampled_ratio),
        general=_general(s.general),
        completion=_rate(s.completion),
        publication=_publication(s.publication),
        problems_by_class=[_problems(row) for row in s.problems_by_class],
        problems_total=_problems(s.problems_total),
        plans=[plan_statistics_out(p) for p in s.plans],
    )


class YearQuery(Schema):
    """``?year=``: the plan year (default: the current year)."""

    year: int | None = Field(None, ge=2000, le=2100)


def _actor(request: HttpRequest) -> Actor:
    """The actor the staff authentication put on the request."""
    actor: Actor = request.actor  # type: ignore[attr-defined]
    return actor


@router.get("/inspection/statistics", response={200: YearStatisticsOut, **ERROR_RESPONSES})
def year_statistics(request: HttpRequest, query: Query[YearQuery]) -> YearStatisticsOut:
    """Statistics of a year over the plans of my jurisdiction (pooled figures: drawn plans only)."""
    year = query.year or timezone.localdate().year
    return year_statistics_out(statistics.year_statistics(actor=_actor(request), year=year))


@router.get("/inspection/plans/{plan_id}/statistics", response={200: PlanStatisticsOut, **ERROR_RESPONSES})
def plan_statistics(request: HttpRequest, plan_id: int) -> PlanStatisticsOut:
    """Statistics of one plan of my jurisdiction (outside it: 404)."""
    return plan_statistics_out(statistics.plan_statistics(actor=_actor(request), plan_id=plan_id))
