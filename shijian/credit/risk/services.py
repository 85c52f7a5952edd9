"""Writes of credit-risk classification: the monthly run (resumable) and incremental re-scoring."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record
from shijian.core.errors import NotFound, PermissionDenied
from shijian.core.roles import Role
from shijian.credit.risk import sql, twin
from shijian.credit.risk.domain import Scored
from shijian.credit.risk.models import (
    ClassificationRun,
    EntityFeatures,
    EntityRiskClass,
    RiskClassHistory,
    ScoreMethod,
    ScoreModel,
)
from shijian.registry.models import MarketEntity
from shijian.registry.search.selectors import same_address

DEFAULT_CHUNK = 50_000


def score_models_active(name: str | None = None) -> list[ScoreModel]:
    """The active model of each name (or of ``name`` only; NotFound if it has none)."""
    models = list(ScoreModel.objects.filter(active=True).order_by("name"))
    if name is None:
        return models
    chosen = [m for m in models if m.name == name]
    if not chosen:
        raise NotFound("score model")
    return chosen


def _store(
    *, entity_id: int, model: ScoreModel, scored: Scored, as_of: dt.date, run: ClassificationRun | None
) -> bool:
    """Upsert the current class; add a history row when the class changed. True when it changed."""
    current = EntityRiskClass.objects.filter(model_name=model.name, entity_id=entity_id).first()
    changed = current is None or current.risk_class != scored.risk_class
    if changed:
        RiskClassHistory.objects.create(
            entity_id=entity_id,
            model_name=model.name,
            score_model=model,
            risk_class=scored.risk_class,
            previous_class=current.risk_class if current else "",
            score=scored.score,
            as_of=as_of,
            run=run,
        )
    EntityRiskClass.objects.update_or_create(
        model_name=model.name,
        entity_id=entity_id,
        defaults={
            "score_model": model,
            "risk_class": scored.risk_class,
            "score": scored.score,
            "bins": list(scored.bins),
            "override": scored.override,
            "as_of": as_of,
            "run": run,
        },
    )
    return changed


def _features_save(entity_id: int, as_of: dt.date, features: dict[str, int | str | None]) -> None:
    EntityFeatures.objects.update_or_create(entity_id=entity_id, defaults={"as_of": as_of, **features})


def _python_chunk(run: ClassificationRun, lo: int, hi: int, due_year: int | None) -> tuple[int, int]:
    """The per-entity path (SQLite demo): the same rules through the Python twin."""
    model = run.score_model
    parsed = twin.parsed(model)
    classified = changed = 0
    seen: set[int] = set()
    if model.method == ScoreMethod.SCORECARD:
        EntityFeatures.objects.filter(entity_id__gte=lo, entity_id__lte=hi).delete()
    for entity in MarketEntity.objects.filter(pk__gte=lo, pk__lte=hi).order_by("pk"):
        if not twin.eligible(entity, run.as_of):
            continue
        features = None
        if model.method == ScoreMethod.SCORECARD:
            features = twin.entity_features(entity, as_of=run.as_of, due_year=due_year)
            _features_save(entity.pk, run.as_of, features)
        scored = twin.entity_score(entity, parsed, as_of=run.as_of, due_year=due_year, features=features)
        changed += _store(entity_id=entity.pk, model=model, scored=scored, as_of=run.as_of, run=run)
        classified += 1
        seen.add(entity.pk)
    EntityRiskClass.objects.filter(model_name=model.name, entity_id__gte=lo, entity_id__lte=hi).exclude(
        entity_id__in=seen
    ).delete()
    return classified, changed


def classification_run(
    *,
    actor: Actor,
    model: ScoreModel,
    as_of: dt.date,
    chunk_size: int = DEFAULT_CHUNK,
    engine: str | None = None,
    progress: Callable[[int], None] | None = None,
    stop_after_chunks: int | None = None,
) -> ClassificationRun:
    """Reclassify every entity under ``model`` (全量分类), chunk by chunk, resumably.

    An unfinished run of the model is continued after its cursor (with its
    own ``as_of`` and chunk size); otherwise a new run starts. Each chunk is
    one transaction: features, classes, history and the cursor move
    together, so an interruption loses at most the chunk under way and a
    rerun never writes a history row twice. ``engine`` is ``sql``
    (PostgreSQL, set-based) or ``python`` (the per-entity twin; the default
    on SQLite). ``progress`` receives the ids covered by each chunk;
    ``stop_after_chunks`` stops early (tests of resumption).
    """
    if not (actor.is_system or actor.has_role(Role.SYSTEM_ADMIN)):
        raise PermissionDenied("credit_risk.classify")
    run = ClassificationRun.objects.filter(score_model=model, status=ClassificationRun.Status.RUNNING).first()
    if run is None:
        engine = engine or ("sql" if connection.vendor == "postgresql" else "python")
        with transaction.atomic():
            run = ClassificationRun.objects.create(
                score_model=model,
                as_of=as_of,
                engine=engine,
                chunk_size=chunk_size,
                # Ids below the smallest are skipped at once (the cursor is "done up to").
                cursor=(MarketEntity.objects.aggregate(m=Min("pk"))["m"] or 1) - 1,
                max_entity_id=MarketEntity.objects.aggregate(m=Max("pk"))["m"] or 0,
                started_by=actor.audit_label,
            )
            audit_record(
                actor=actor,
                action="credit_risk.run.started",
                obj=run,
                after={"model": str(model), "as_of": as_of.isoformat(), "engine": engine},
            )
    parsed = twin.parsed(model)
    due_year = twin.last_due_year(run.as_of)
    if run.engine == "sql":
        sql.listed_prepare(as_of=run.as_of, windows=twin.WINDOWS)
    chunks = 0
    while run.cursor < run.max_entity_id:
        lo, hi = run.cursor + 1, min(run.cursor + run.chunk_size, run.max_entity_id)
        with transaction.atomic():
            if run.engine == "sql":
                classified, changed = sql.chunk_run(
                    lo=lo,
                    hi=hi,
                    as_of=run.as_of,
                    windows=twin.WINDOWS,
                    last_due_year=due_year,
                    model=parsed,
                    model_name=model.name,
                    model_id=model.pk,
                    run_id=run.pk,
                )
            else:
                classified, changed = _python_chunk(run, lo, hi, due_year)
            run.cursor = hi
            run.chunks_done += 1
            run.entities_classified += classified
            run.classes_changed += changed
            run.save(update_fields=["cursor", "chunks_done", "entities_classified", "classes_changed"])
        if progress is not None:
            progress(hi - lo + 1)
        chunks += 1
        if stop_after_chunks is not None and chunks >= stop_after_chunks and run.cursor < run.max_entity_id:
            return run
    with transaction.atomic():
        run.status = ClassificationRun.Status.FINISHED
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at"])
        audit_record(
            actor=actor,
            action="credit_risk.run.finished",
            obj=run,
            after={"classified": run.entities_classified, "changed": run.classes_changed},
        )
    return run


def entity_rescore(*, entity: MarketEntity, as_of: dt.date) -> list[EntityRiskClass]:
    """Re-score one entity under every active model with the Python twin (incremental, 增量评分).

    Called when a credit fact is recorded; a class change adds a history
    row without a run. Entities not classified (closed, not yet
    established on ``as_of``) are left alone.
    """
    if not twin.eligible(entity, as_of):
        return []
    due_year = twin.last_due_year(as_of)
    features = None
    out = []
    for model in score_models_active():
        parsed = twin.parsed(model)
        if model.method == ScoreMethod.SCORECARD and features is None:
            features = twin.entity_features(entity, as_of=as_of, due_year=due_year)
            _features_save(entity.pk, as_of, features)
        scored = twin.entity_score(
            entity,
            parsed,
            as_of=as_of,
            due_year=due_year,
            features=features if model.method == ScoreMethod.SCORECARD else None,
        )
        _store(entity_id=entity.pk, model=model, scored=scored, as_of=as_of, run=None)
        out.append(EntityRiskClass.objects.get(model_name=model.name, entity=entity))
    return out


def related_entities(entity: MarketEntity) -> list[MarketEntity]:
    """Entities sharing the responsible person or the registered address (their link feature may change)."""
    return list(
        MarketEntity.objects.filter(
            Q(responsible_person_id=entity.responsible_person_id) | same_address(entity.address)
        ).exclude(pk=entity.pk)[:200]
    )
