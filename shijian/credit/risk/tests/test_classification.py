"""The monthly run on PostgreSQL: SQL vs Python twin, hand-computed classes, resumption, history."""

from __future__ import annotations

import pytest
from django.utils import timezone

from shijian.core.actor import system_actor
from shijian.credit.risk import services, twin
from shijian.credit.risk.models import (
    ClassificationRun,
    EntityFeatures,
    EntityRiskClass,
    RiskClassHistory,
    ScoreModel,
)
from shijian.credit.risk.selectors import explain
from shijian.credit.risk.tests.factories import AS_OF, LISTED, D, no_incremental, record, varied_entities
from shijian.registry.models import MarketEntity
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
SYSTEM = system_actor("tests")
__all__ = ["no_incremental"]


def national() -> ScoreModel:
    return ScoreModel.objects.get(name="national-2022", active=True)


def guangdong() -> ScoreModel:
    model = ScoreModel.objects.get(name="guangdong-product-quality")
    model.active = True
    model.save()
    return model


def run(model: ScoreModel, **kwargs: object) -> ClassificationRun:
    return services.classification_run(actor=SYSTEM, model=model, as_of=AS_OF, **kwargs)  # type: ignore[arg-type]


def snapshot(name: str) -> dict[int, tuple[str, int, list[int], str]]:
    return {
        r.entity_id: (r.risk_class, r.score, r.bins, r.override)
        for r in EntityRiskClass.objects.filter(model_name=name)
    }


def twin_snapshot(model: ScoreModel) -> dict[int, tuple[str, int, list[int], str]]:
    parsed = twin.parsed(model)
    due = twin.last_due_year(AS_OF)
    out = {}
    for entity in MarketEntity.objects.order_by("pk"):
        if twin.eligible(entity, AS_OF):
            s = twin.entity_score(entity, parsed, as_of=AS_OF, due_year=due)
            out[entity.pk] = (s.risk_class, s.score, list(s.bins), s.override)
    return out


def test_sql_and_python_twin_agree_feature_by_feature(world: World, no_incremental: None) -> None:
    entities = varied_entities(world)
    finished = run(national(), chunk_size=4, engine="sql")
    assert finished.status == "finished" and finished.engine == "sql"
    due = twin.last_due_year(AS_OF)
    assert due == 2025
    for entity in entities:
        row = EntityFeatures.objects.filter(entity=entity).values().first()
        if not twin.eligible(entity, AS_OF):
            assert row is None and not EntityRiskClass.objects.filter(entity=entity).exists()
            continue
        assert row is not None
        stored = {k: v for k, v in row.items() if k not in ("entity_id", "as_of")}
        assert stored == twin.entity_features(entity, as_of=AS_OF, due_year=due), entity.name
    sql_result = snapshot("national-2022")
    assert sql_result == twin_snapshot(national())
    assert len(sql_result) == len(entities) - 1  # the deregistered one is not classified
    assert len({c for c, *_ in sql_result.values()}) >= 3  # the set spans several classes
    # The per-entity engine (SQLite demo path) writes the same classes.
    EntityRiskClass.objects.all().delete()
    run(national(), chunk_size=5, engine="python")
    assert snapshot("national-2022") == sql_result


def test_guangdong_model_sql_equals_python(world: World, no_incremental: None) -> None:
    entities = varied_entities(world)
    heavy = make_entity(world)
    record(world, heavy, "sampling.failed", D(2025, 1, 1), body={"intent": True})
    record(world, heavy, "sampling.failed", D(2025, 2, 1), severity="serious")
    record(world, heavy, "sampling.failed", D(2025, 3, 1))
    record(world, heavy, "penalty", D(2026, 1, 1), severity="minor")
    model = guangdong()
    run(model, chunk_size=3, engine="sql")
    result = snapshot(model.name)
    assert result == twin_snapshot(model)
    # Hand-computed: sampling 10*2 (intent) + 10*1.5 (repeat) = 35; serious sampling 20; minor penalty 5.
    assert result[heavy.pk] == ("D", 40, [20, 35, 0, 0, 5, 0], "")
    serious = entities[9]
    assert result[serious.pk][0] == "D" and result[serious.pk][3] == "serious_dishonesty"


def test_classes_and_explanations_against_hand_computed_expectations(
    world: World, no_incremental: None
) -> None:
    plain = make_entity(world)  # LLC since 2020-05-08, no capital, no industry, no report filed
    hit = make_entity(world, address="河南省洛阳市涧西区建设路9号")  # not the address of the others
    record(world, hit, "penalty", D(2026, 10, 1), severity="serious")
    record(world, hit, LISTED.kind, D(2026, 9, 1), document_number="")
    run(national(), chunk_size=100)
    # type 2 + capital unknown 2 + industry unknown 2 + 3 missing reports 15 + not inspected 2 = 23
    current = EntityRiskClass.objects.get(entity=plain)
    assert (current.risk_class, current.score) == ("B", 23)
    factors = explain(current)
    assert [f.name for f in factors] == ["reports_missing", "entity_type", "registered_capital"]
    assert factors[0].text_zh == "年报未报送（近3个年度）：2个年度及以上（+15分）"
    assert factors[0].text_en == "missing annual reports (3 years): 2 or more years (+15 points)"
    # + list 20 + penalty 6 + serious penalty 12 + within 12 months 6 = 67; any list means C at least anyway
    other = EntityRiskClass.objects.get(entity=hit)
    assert (other.risk_class, other.score, other.override) == ("D", 67, "")
    assert [f.name for f in explain(other)][:2] == ["lists_in_force", "reports_missing"]


def test_an_interrupted_run_resumes_with_the_same_result_and_no_duplicate_history(
    world: World, no_incremental: None
) -> None:
    varied_entities(world)
    model = national()
    first = run(model, chunk_size=3, stop_after_chunks=1)
    assert first.status == "running" and first.chunks_done == 1 and first.cursor < first.max_entity_id
    assert run(model, chunk_size=999).pk == first.pk  # the unfinished run is continued, with its chunk size
    done = ClassificationRun.objects.get(pk=first.pk)
    assert done.status == "finished" and done.chunks_done > 1 and done.cursor == done.max_entity_id
    assert snapshot(model.name) == twin_snapshot(model)
    history = list(RiskClassHistory.objects.values_list("entity_id", flat=True))
    assert len(history) == len(set(history)) == done.entities_classified == done.classes_changed


def test_history_is_written_only_when_the_class_changes(world: World, no_incremental: None) -> None:
    varied_entities(world)
    target = make_entity(world, address="河南省洛阳市涧西区嵩山路8号")  # links to nobody
    model = national()
    run(model, chunk_size=4)
    before = RiskClassHistory.objects.count()
    second = run(model, chunk_size=4)
    assert second.classes_changed == 0 and RiskClassHistory.objects.count() == before
    was = EntityRiskClass.objects.get(entity=target).risk_class
    record(world, target, "serious.listed", D(2026, 11, 1), severity="serious")
    third = run(model, chunk_size=4)
    assert third.classes_changed == 1
    change = RiskClassHistory.objects.get(run=third)
    assert (change.entity_id, change.previous_class, change.risk_class) == (target.pk, was, "D")


def test_a_new_fact_rescores_the_entity_incrementally(world: World) -> None:
    entity = make_entity(world)
    sibling = make_entity(world)
    MarketEntity.objects.filter(pk=sibling.pk).update(responsible_person=entity.responsible_person)
    sibling.refresh_from_db()
    (before,) = services.entity_rescore(entity=entity, as_of=timezone.localdate())
    fact = record(world, entity, "serious.listed", D(2026, 11, 10), severity="serious")
    after = EntityRiskClass.objects.get(entity=entity, model_name="national-2022")
    assert after.risk_class == "D" and after.run_id is None
    as_of = max(timezone.localdate(), fact.decided_on)
    expected = twin.entity_score(
        entity, twin.parsed(national()), as_of=as_of, due_year=twin.last_due_year(as_of)
    )
    assert (after.score, after.risk_class, after.bins) == (
        expected.score,
        expected.risk_class,
        list(expected.bins),
    )
    assert after.score > before.score
    last = RiskClassHistory.objects.filter(entity=entity).latest("id")
    assert (last.previous_class, last.risk_class, last.run_id) == (before.risk_class, "D", None)
    # The sibling shares the responsible person: its related-party feature changed too.
    assert EntityFeatures.objects.get(entity=sibling).related_listed == 1


def test_the_command_classifies_with_every_active_model(world: World, no_incremental: None) -> None:
    from io import StringIO

    from django.core.management import call_command

    make_entity(world)
    guangdong()
    out, err = StringIO(), StringIO()
    call_command("credit_risk", "classify", "--as-of", "2026-11-20", stdout=out, stderr=err)
    assert "national-2022 v1: run" in out.getvalue() and "guangdong-product-quality v1: run" in out.getvalue()
    assert ClassificationRun.objects.filter(status="finished").count() == 2
    assert EntityRiskClass.objects.count() == 2
