"""Staff API of credit-risk classes (internal): an entity's class with explanation, history, distribution.

No public route: the class is never shown on public pages or in the public API.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from shijian.accounts.api_auth import staff_auth
from shijian.accounts.policies import require_staff
from shijian.core.api import ERROR_RESPONSES
from shijian.credit.risk import selectors
from shijian.credit.risk.domain import CLASS_LABELS
from shijian.registry import selectors as registry_selectors
from shijian.registry.models import MarketEntity

router = Router(tags=["credit risk 信用风险分类（内部）"], auth=staff_auth())


class FactorOut(Schema):
    """A contributing factor in plain Chinese and English."""

    name: str
    points: int
    text_zh: str
    text_en: str


class RiskClassOut(Schema):
    """An entity's class (internal) with score, model version and top factors."""

    entity_id: int
    uscc: str
    model: str
    model_version: int
    risk_class: str
    label_zh: str
    label_en: str
    score: int
    as_of: dt.date
    run_id: int | None
    factors: list[FactorOut]
    features: dict[str, int | str | None]


class RiskHistoryOut(Schema):
    """A change of class."""

    risk_class: str
    previous_class: str
    score: int
    as_of: dt.date
    run_id: int | None
    model_version: int


class DistributionOut(Schema):
    """Entities per class in the caller's jurisdiction."""

    model: str
    counts: dict[str, int]
    total: int


def _entity(request: HttpRequest, entity_id: int) -> MarketEntity:
    actor = request.actor  # type: ignore[attr-defined]
    require_staff(actor, "credit_risk.read")
    return registry_selectors.entity_get(actor=actor, entity_id=entity_id)


@router.get("/credit/risk/entities/{entity_id}", response={200: RiskClassOut, **ERROR_RESPONSES})
def entity_class(request: HttpRequest, entity_id: int, model: str = selectors.DEFAULT_MODEL) -> RiskClassOut:
    """An entity's credit-risk class (信用风险分类) with its score and top contributing factors."""
    entity = _entity(request, entity_id)
    found = selectors.risk_class_get(actor=request.actor, entity=entity, model_name=model)  # type: ignore[attr-defined]
    current = found.current
    zh, en = CLASS_LABELS[current.risk_class]
    return RiskClassOut(
        entity_id=entity.pk,
        uscc=entity.uscc,
        model=current.model_name,
        model_version=current.score_model.version,
        risk_class=current.risk_class,
        label_zh=zh,
        label_en=en,
        score=current.score,
        as_of=current.as_of,
        run_id=current.run_id,
        factors=[
            FactorOut(name=f.name, points=f.points, text_zh=f.text_zh, text_en=f.text_en)
            for f in found.factors
        ],
        features=found.features,
    )


@router.get(
    "/credit/risk/entities/{entity_id}/history", response={200: list[RiskHistoryOut], **ERROR_RESPONSES}
)
def entity_history(
    request: HttpRequest, entity_id: int, model: str = selectors.DEFAULT_MODEL
) -> list[RiskHistoryOut]:
    """The entity's class changes (only changes are kept), newest first."""
    entity = _entity(request, entity_id)
    rows = selectors.risk_history(actor=request.actor, entity=entity, model_name=model)  # type: ignore[attr-defined]
    versions = {}
    out = []
    for row in rows:
        if row.score_model_id not in versions:
            versions[row.score_model_id] = row.score_model.version
        out.append(
            RiskHistoryOut(
                risk_class=row.risk_class,
                previous_class=row.previous_class,
                score=row.score,
                as_of=row.as_of,
                run_id=row.run_id,
                model_version=versions[row.score_model_id],
            )
        )
    return out


@router.get("/credit/risk/distribution", response={200: DistributionOut, **ERROR_RESPONSES})
def distribution(request: HttpRequest, model: str = selectors.DEFAULT_MODEL) -> DistributionOut:
    """How many entities of the caller's jurisdiction are in each class."""
    actor = request.actor  # type: ignore[attr-defined]
    require_staff(actor, "credit_risk.read")
    counts = selectors.risk_distribution(actor=actor, model_name=model)
    return DistributionOut(model=model, counts=counts, total=sum(counts.values()))
