"""The Python twin of the SQL engine: one entity's features and class, read with the ORM.

Used for incremental re-scoring when a credit fact arrives, for the SQLite
demo (where the monthly run walks entities one by one) and as the baseline
of ``bench/classify.py``. ``tests/test_engines.py`` asserts that it gives
the same features, scores and classes as ``sql.chunk_run``.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from shijian.core.errors import DomainError
from shijian.credit.models import CreditFact
from shijian.credit.risk.domain import (
    ChangeRow,
    DeductionModel,
    FactRow,
    FeatureWindows,
    ReportRow,
    Scorecard,
    Scored,
    deduction_parse,
    deduction_score,
    features_compute,
    scorecard_parse,
    scorecard_score,
)
from shijian.credit.risk.domain.features import active_listings
from shijian.credit.risk.models import IndustryRisk, ScoreMethod, ScoreModel
from shijian.credit.selectors import facts_in_force
from shijian.registry.domain import CLOSED_STATUSES
from shijian.registry.models import EntityChange, Industry, MarketEntity
from shijian.registry.reports.models import AnnualReport
from shijian.registry.search.selectors import same_address

WINDOWS = FeatureWindows()
CLOSED = [s.value for s in CLOSED_STATUSES]


def parsed(model: ScoreModel) -> Scorecard | DeductionModel:
    """The model's definition, parsed for its method."""
    if model.method == ScoreMethod.DEDUCTION:
        return deduction_parse(model.definition)
    return scorecard_parse(model.definition)


def last_due_year(as_of: dt.date) -> int | None:
    """The latest report year whose deadline (clock rule ``annual_report.deadline``) is before ``as_of``."""
    from shijian.registry.reports.selectors import report_deadline

    for year in (as_of.year - 1, as_of.year - 2):
        try:
            if report_deadline(report_year=year).deadline < as_of:
                return year
        except DomainError:  # no rule or calendar for that year: report features unknown
            return None
    return None


def eligible(entity: MarketEntity, as_of: dt.date) -> bool:
    """Classified entities: established by ``as_of`` and not closed (deregistered, relocated out)."""
    return entity.status not in CLOSED and entity.established_on <= as_of


def industry_level(industry_id: str | None) -> str | None:
    """The industry risk level: division row, else section row, else ``general``; None without industry."""
    if industry_id is None:
        return None
    division = industry_id[:2]
    levels = dict(IndustryRisk.objects.values_list("code", "level"))
    if division in levels:
        return levels[division]
    section = Industry.objects.filter(code=division).values_list("parent_id", flat=True).first()
    return levels.get(section or "", "general")


def _fact_rows(queryset: QuerySet[CreditFact]) -> list[FactRow]:
    return [
        FactRow(kind, category, severity, decided_on, body or {})
        for kind, category, severity, decided_on, body in queryset.order_by("id").values_list(
            "kind", "category", "severity", "decided_on", "body"
        )
    ]


def related_listed(entity: MarketEntity, *, as_of: dt.date, windows: FeatureWindows = WINDOWS) -> int:
    """Other entities with the same responsible person or address that are on a list as of ``as_of``."""
    others = MarketEntity.objects.filter(
        Q(responsible_person_id=entity.responsible_person_id) | same_address(entity.address)
    ).exclude(pk=entity.pk)
    candidates = facts_in_force().filter(
        entity__in=others, category=windows.list_category, decided_on__lte=as_of
    )
    by_entity: dict[int, list[FactRow]] = {}
    for entity_id, row in (
        (f.entity_id, FactRow(f.kind, f.category, f.severity, f.decided_on, {}))
        for f in candidates.only("entity_id", "kind", "category", "severity", "decided_on")
    ):
        by_entity.setdefault(entity_id, []).append(row)
    return sum(
        1
        for rows in by_entity.values()
        if sum(active_listings(rows, as_of=as_of, windows=windows).values()) > 0
    )


def entity_features(
    entity: MarketEntity, *, as_of: dt.date, due_year: int | None, windows: FeatureWindows = WINDOWS
) -> dict[str, int | str | None]:
    """The features of one entity as of ``as_of`` (same semantics as ``sql.FEATURES_SQL``)."""
    facts = _fact_rows(facts_in_force().filter(entity=entity, decided_on__lte=as_of))
    changes = [
        ChangeRow(item, changed_on)
        for item, changed_on in EntityChange.objects.filter(entity=entity).values_list("item", "changed_on")
    ]
    reports = [
        ReportRow(year, late, filed_on)
        for year, late, filed_on in AnnualReport.objects.filter(entity=entity).values_list(
            "report_year", "late", "filed_on"
        )
    ]
    related = related_listed(entity, as_of=as_of, windows=windows)
    return features_compute(
        as_of=as_of,
        entity_type=entity.entity_type,
        established_on=entity.established_on,
        registered_capital=entity.registered_capital,
        industry_risk=industry_level(entity.industry_id),
        status=entity.status,
        facts=facts,
        changes=changes,
        reports=reports,
        last_due_year=due_year,
        related_listed=related,
        windows=windows,
    )


def entity_score(
    entity: MarketEntity,
    model: Scorecard | DeductionModel,
    *,
    as_of: dt.date,
    due_year: int | None,
    features: dict[str, int | str | None] | None = None,
) -> Scored:
    """Score one entity under a parsed model (features computed unless given, for scorecards)."""
    if isinstance(model, DeductionModel):
        facts = _fact_rows(facts_in_force().filter(entity=entity, decided_on__lte=as_of))
        return deduction_score(model, facts, as_of=as_of, windows=WINDOWS)
    if features is None:
        features = entity_features(entity, as_of=as_of, due_year=due_year)
    return scorecard_score(model, features)
