"""The whole flow: plan -> freeze -> commit -> draw, with the refusals and the stored record's check."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from shijian.core.audit.models import AuditRecord
from shijian.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from shijian.core.roles import Role
from shijian.inspection import selectors, services
from shijian.inspection.domain.draw import commitment, snapshot_bytes, snapshot_parse, verify_record
from shijian.inspection.models import PlanStatus, Task
from shijian.inspection.tests.helpers import SECRETS, TODAY, committed, entities, item, officer, plan
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db


def test_the_whole_flow_selects_verifiably_and_creates_tasks(world: World, tmp_path: Path) -> None:
    made = entities(world)
    make_entity(world, scope="out")  # another county's entity: never in this directory
    the_plan = committed(world, plan(world))
    assert the_plan.status == PlanStatus.COMMITTED
    by_class = {s.risk_class: s for s in the_plan.strata.all()}
    assert {k: s.size for k, s in by_class.items()} == {"A": 5, "B": 5, "C": 5, "D": 5, "U": 4}
    # Published under opaque ids (S1..S5 in an order drawn at freezing), never the class letters.
    assert sorted(s.stratum_id for s in by_class.values()) == ["S1", "S2", "S3", "S4", "S5"]
    strata = {s.stratum_id: s for s in the_plan.strata.all()}
    stored = default_storage.open(f"inspection/{the_plan.pk}/{by_class['D'].stratum_id}.txt", "rb").read()
    assert snapshot_parse(stored) == sorted(e.uscc for n, e in enumerate(made) if n % 5 == 3)
    # The file built in the database is byte for byte the documented one, and its hash is published.
    assert stored == snapshot_bytes(e.uscc for n, e in enumerate(made) if n % 5 == 3)
    assert by_class["D"].snapshot_sha256 == hashlib.sha256(stored).hexdigest()
    unclassified = default_storage.open(
        f"inspection/{the_plan.pk}/{by_class['U'].stratum_id}.txt", "rb"
    ).read()
    assert unclassified == snapshot_bytes(e.uscc for n, e in enumerate(made) if n % 5 == 4)

    draw = services.draw_perform(actor=officer(world), plan=the_plan, secrets=SECRETS)

    record = draw.record
    assert set(record) >= {"algorithm", "commitments", "secrets", "seed", "strata"}
    assert record["algorithm"] == "shijian-draw-v1" and record["secrets"] == SECRETS
    class_of = {s.stratum_id: s.risk_class for s in by_class.values()}
    # ceil(5x0.3), ceil(2.5), 2.5, 5, ceil(1)
    assert {class_of[s["id"]]: s["k"] for s in record["strata"]} == {"A": 2, "B": 3, "C": 3, "D": 5, "U": 1}
    assert [s["id"] for s in record["strata"]] == ["S1", "S2", "S3", "S4", "S5"]
    snapshots = {s: selectors.stratum_snapshot(plan=the_plan, stratum_id=s) for s in strata}
    assert verify_record(record, snapshots) == []
    tasks = list(Task.objects.filter(plan=the_plan).order_by("order"))
    selected = [code for s in record["strata"] for code in s["selected"]]
    assert [t.entity.uscc for t in tasks] == selected and len(set(selected)) == len(selected) == 14
    assert [t.order for t in tasks] == list(range(1, 15))
    assert [t.stratum_id for t in tasks] == [s["id"] for s in record["strata"] for _ in s["selected"]]
    the_plan.refresh_from_db()
    assert the_plan.status == PlanStatus.DRAWN
    assert [c.revealed_secret for c in the_plan.commitments.order_by("order")] == SECRETS
    assert AuditRecord.objects.filter(action="inspection.draw_performed").count() == 1

    # The offline command on the downloaded files says the same.
    folder = tmp_path / "download"
    folder.mkdir()
    (folder / "record.json").write_text(json.dumps(record), encoding="utf-8")
    for stratum_id, data in snapshots.items():
        (folder / f"{stratum_id}.txt").write_bytes(data)
    call_command("inspection", "verify-draw", str(folder / "record.json"), "--snapshots", str(folder))


def test_a_wrong_secret_is_refused_naming_the_witness(world: World) -> None:
    entities(world, 6)
    the_plan = committed(world, plan(world))
    with pytest.raises(ValidationFailed) as refused:
        services.draw_perform(actor=officer(world), plan=the_plan, secrets=[SECRETS[0], "guess"])
    assert refused.value.field == "secrets[1]" and "见证人2" in refused.value.message_zh
    assert not Task.objects.filter(plan=the_plan).exists()
    with pytest.raises(ValidationFailed):
        services.draw_perform(actor=officer(world), plan=the_plan, secrets=SECRETS[:1])


def test_fewer_than_two_witnesses_is_refused(world: World) -> None:
    entities(world, 6)
    the_plan = committed(world, plan(world), secrets=SECRETS[:1])
    assert the_plan.status == PlanStatus.FROZEN
    with pytest.raises(Conflict) as refused:
        services.draw_perform(actor=officer(world), plan=the_plan, secrets=SECRETS[:1])
    assert refused.value.code == "too_few_witnesses"


def test_commitments_are_hex_distinct_and_only_while_frozen(world: World) -> None:
    entities(world, 6)
    actor = officer(world)
    the_plan = plan(world)
    with pytest.raises(Conflict):  # still a draft
        services.witness_commit(actor=actor, plan=the_plan, witness_name="甲", commitment_hex=commitment("x"))
    the_plan = committed(world, the_plan)
    for bad in ("ABC", commitment("x").upper(), "g" * 64):
        with pytest.raises(ValidationFailed):
            services.witness_commit(actor=actor, plan=the_plan, witness_name="甲", commitment_hex=bad)
    with pytest.raises(Conflict):
        services.witness_commit(
            actor=actor, plan=the_plan, witness_name="丙", commitment_hex=commitment(SECRETS[0])
        )
    services.draw_perform(actor=actor, plan=the_plan, secrets=SECRETS)
    with pytest.raises(Conflict):
        services.witness_commit(actor=actor, plan=the_plan, witness_name="丁", commitment_hex=commitment("y"))


def test_plan_validation(world: World) -> None:
    general = item(world, code="GEN-1", kind="general")
    with pytest.raises(ValidationFailed) as refused:  # the default C 20% is above the 5% ceiling
        plan(world, item_codes=[general.code], ratios={})
    assert refused.value.field == "ratios.C"
    capped = {"A": "0.03", "B": "0.05", "C": "0.05", "D": "0.05", "U": "0.05"}
    assert plan(world, number="P-OK", item_codes=[general.code], ratios=capped).ratios == capped
    for overrides, field in (
        ({"inspectors_per_task": 1}, "inspectors_per_task"),
        ({"item_codes": []}, "items"),
        ({"window_end": TODAY}, "window_end"),
        ({"ratios": {"A": "1.5"}}, "ratios.A"),
        ({"ratios": {"A": 0.3}}, "ratios.A"),
        ({"directory_filters": {"colour": ["red"]}}, "directory_filters.colour"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            plan(world, number=f"P-{field}", **overrides)
        assert refused.value.field == field


def test_only_officers_of_the_lead_jurisdiction_plan(world: World) -> None:
    item(world, code="K-1")
    with pytest.raises(NotFound):
        services.plan_create(
            actor=world.actor(Role.OFFICER),
            number="X-1",
            title="t",
            kind="special",
            year=2026,
            lead=world.other_bureau,
            item_codes=["K-1"],
            window_start=TODAY,
            window_end=TODAY,
        )


def test_directory_filters_and_recently_drawn_exclusion(world: World) -> None:
    made = entities(world, 8)
    first = committed(world, plan(world, ratios={"A": "1", "B": "1", "C": "1", "D": "1", "U": "1"}))
    services.draw_perform(actor=officer(world), plan=first, secrets=SECRETS)
    assert Task.objects.filter(plan=first).count() == 8
    # 无事不扰: everything was just drawn, so a plan excluding the last 90 days has an empty directory.
    second = plan(world, number="LY-2026-002", exclude_inspected_days=90)
    with pytest.raises(Conflict) as refused:
        services.plan_freeze(actor=officer(world), plan=second, today=TODAY)
    assert refused.value.code == "directory_empty"
    third = plan(world, number="LY-2026-003", directory_filters={"risk_classes": ["D"]})
    third = services.plan_freeze(actor=officer(world), plan=third, today=TODAY)
    sizes = {s.risk_class: s.size for s in third.strata.all()}
    assert sizes == {"A": 0, "B": 0, "C": 0, "D": 1, "U": 0}
    fourth = plan(world, number="LY-2026-004", directory_filters={"statuses": ["deregistered"]})
    with pytest.raises(Conflict):
        services.plan_freeze(actor=officer(world), plan=fourth, today=TODAY)
    assert len(made) == 8


def test_no_entity_is_selected_twice_across_strata(world: World) -> None:
    entities(world, 12)
    the_plan = committed(world, plan(world, ratios={"A": "1", "B": "1", "C": "1", "D": "1", "U": "1"}))
    draw = services.draw_perform(actor=officer(world), plan=the_plan, secrets=SECRETS)
    codes = [c for s in draw.record["strata"] for c in s["selected"]]
    assert len(codes) == len(set(codes)) == 12


def test_a_changed_snapshot_file_stops_the_draw(world: World) -> None:
    entities(world, 6)
    the_plan = committed(world, plan(world))
    path = the_plan.strata.get(risk_class="A").snapshot.name
    default_storage.delete(path)
    default_storage.save(path, ContentFile(b"91410300MA0000000X\n"))
    with pytest.raises(Conflict) as refused:
        services.draw_perform(actor=officer(world), plan=the_plan, secrets=SECRETS)
    assert refused.value.code == "snapshot_changed"


def test_a_section_leads_for_its_bureau_s_jurisdiction(world: World) -> None:
    entities(world, 5)
    make_entity(world, scope="out")
    the_plan = plan(world, lead=world.home_section)
    the_plan = services.plan_freeze(actor=officer(world), plan=the_plan, today=TODAY)
    assert sum(s.size for s in the_plan.strata.all()) == 5


def test_plan_update_only_in_draft_and_items_are_versioned(world: World) -> None:
    entities(world, 3)
    actor = officer(world)
    the_plan = plan(world)
    the_plan = services.plan_update(
        actor=actor, plan=the_plan, changes={"ratios": {"D": "0.9"}, "inspectors_per_task": 3}
    )
    assert the_plan.ratios["D"] == "0.9" and the_plan.ratios["A"] == "0.3"
    assert the_plan.inspectors_per_task == 3
    with pytest.raises(ValidationFailed):
        services.plan_update(actor=actor, plan=the_plan, changes={"status": "drawn"})
    with pytest.raises(ValidationFailed):
        services.plan_update(actor=actor, plan=the_plan, changes={"inspectors_per_task": 1})
    services.plan_freeze(actor=actor, plan=the_plan, today=TODAY)
    with pytest.raises(Conflict):
        services.plan_update(actor=actor, plan=the_plan, changes={"title": "改"})
    first = item(world, code="V-1")
    second = item(world, code="V-1", kind="general")
    first.refresh_from_db()
    assert not first.active and second.active and second.ratio_ceiling == "0.05"
    assert list(selectors.item_list_public().filter(code="V-1")) == [second]
    with pytest.raises(ValidationFailed):  # a general item needs its ceiling and the ceiling's basis
        services.item_create(
            actor=actor, code="V-2", name="n", department="d", legal_basis="b", kind="general"
        )
    with pytest.raises(PermissionDenied):
        services.item_create(
            actor=world.actor(Role.ENTERPRISE),
            code="V-3",
            name="n",
            department="d",
            legal_basis="b",
            kind="key",
        )
