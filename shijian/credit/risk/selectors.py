"""Reads of credit-risk classes (internal): scoped to the officer's jurisdiction, never public."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery

from shijian.core.actor import Actor
from shijian.core.errors import NotFound, PermissionDenied
from shijian.core.scoping import scope
from shijian.credit import policies
from shijian.credit.risk import twin
from shijian.credit.risk.domain import (
    CLASSES,
    DeductionModel,
    Factor,
    Inspection,
    Rate,
    backtest_summary,
    deduction_explain,
    score_deciles,
    scorecard_explain,
)
from shijian.credit.risk.models import EntityFeatures, EntityRiskClass, RiskClassHistory, ScoreModel
from shijian.credit.selectors import facts_in_force
from shijian.registry.models import MarketEntity

DEFAULT_MODEL = "national-2022"


def require_risk_reader(actor: Actor, path: str | None = None) -> None:
    """Risk classes are for credit staff (officers, chiefs, heads, legal reviewers, administrators)."""
    if actor.is_system:
        return
    if path is not None:
        policies.require_credit_reader(actor, path)
    elif not (actor.is_staff_member and actor.has_any(policies.CREDIT_READERS)):
        raise PermissionDenied("credit_risk.read")


@dataclass(frozen=True, slots=True)
class RiskExplanation:
    """An entity's class with score, model, top factors and the feature values behind it."""

    current: EntityRiskClass
    factors: list[Factor]
    features: dict[str, int | str | None]


def explain(current: EntityRiskClass) -> list[Factor]:
    """The top contributing factors of a stored class, rebuilt from its bins and its model version."""
    parsed = twin.parsed(current.score_model)
    if isinstance(parsed, DeductionModel):
        return deduction_explain(parsed, current.bins, current.override)
    return scorecard_explain(parsed, current.bins, current.override)


def risk_class_get(*, actor: Actor, entity: MarketEntity, model_name: str = DEFAULT_MODEL) -> RiskExplanation:
    """The entity's current class under ``model_name`` (NotFound when not classified)."""
    require_risk_reader(actor, entity.supervisor_path)
    current = (
        EntityRiskClass.objects.select_related("score_model")
        .filter(entity=entity, model_name=model_name)
        .first()
    )
    if current is None:
        raise NotFound("risk class")
    features: dict[str, int | str | None] = {}
    row = EntityFeatures.objects.filter(entity=entity).values().first()
    if row is not None:
        features = {k: v for k, v in row.items() if k not in ("entity_id", "as_of")}  # type: ignore[misc]
    return RiskExplanation(current, explain(current), features)


def risk_history(
    *, actor: Actor, entity: MarketEntity, model_name: str = DEFAULT_MODEL
) -> list[RiskClassHistory]:
    """The entity's class changes under ``model_name``, newest first."""
    require_risk_reader(actor, entity.supervisor_path)
    return list(
        RiskClassHistory.objects.filter(entity=entity, model_name=model_name).order_by("-as_of", "-id")
    )


def risk_distribution(*, actor: Actor, model_name: str = DEFAULT_MODEL) -> dict[str, int]:
    """Entities per class in the actor's jurisdiction (every class listed)."""
    require_risk_reader(actor)
    rows = (
        scope(actor, EntityRiskClass.objects.filter(model_name=model_name))
        .values("risk_class")
        .annotate(n=Count("id"))
    )
    counts = dict.fromkeys(CLASSES, 0)
    counts.update({r["risk_class"]: r["n"] for r in rows})
    return counts


def score_model_list(*, actor: Actor) -> list[ScoreModel]:
    """Every model version, for the backtesting page's choice."""
    require_risk_reader(actor)
    return list(ScoreModel.objects.all())


@dataclass(frozen=True, slots=True)
class Backtest:
    """Problem-found rates per class in force at inspection time, and per score decile."""

    model_name: str
    inspections: int
    by_class: list[Rate]
    deciles: list[Rate]


def backtest(
    *,
    actor: Actor,
    model_name: str = DEFAULT_MODEL,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Backtest:
    """Backtest a model on past inspections (facts ``inspection.result`` in force) of the jurisdiction.

    The class of an inspection is the latest history row of its entity with
    ``as_of`` on or before the inspection date; none means "unclassified"
    (no classification as of that date is attempted).
    """
    require_risk_reader(actor)
    then = RiskClassHistory.objects.filter(
        entity=OuterRef("entity"), model_name=model_name, as_of__lte=OuterRef("decided_on")
    ).order_by("-as_of", "-id")
    facts = scope(actor, facts_in_force().filter(kind=twin.WINDOWS.inspection_kind))
    if since is not None:
        facts = facts.filter(decided_on__gte=since)
    if until is not None:
        facts = facts.filter(decided_on__lte=until)
    rows = facts.annotate(
        class_then=Subquery(then.values("risk_class")[:1]), score_then=Subquery(then.values("score")[:1])
    ).values_list("body", "class_then", "score_then")
    inspections = [
        Inspection(bool((body or {}).get("problem_found") is True), cls or None, score)
        for body, cls, score in rows.iterator()
    ]
    return Backtest(model_name, len(inspections), backtest_summary(inspections), score_deciles(inspections))
