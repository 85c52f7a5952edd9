"""Bulk-load mode: the register's indexes (search gram indexes too) and foreign keys are dropped for the
run and rebuilt at its end, also after a failure or a killed process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from shijian.core.actor import ANONYMOUS, system_actor
from shijian.core.errors import ValidationFailed
from shijian.registry.importer import deferral, services
from shijian.registry.importer.services import ImportFailed, registry_import
from shijian.registry.importer.tests.conftest import TODAY, valid_row, write_csv
from shijian.registry.models import ImportRun, MarketEntity
from shijian.registry.search.indexes import (
    GRAM_INDEXES,
    gram_indexes_create,
    gram_indexes_drop,
    gram_indexes_missing,
)
from shijian.registry.search.selectors import entity_search
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
SYSTEM = system_actor("tests")


def run(path: Path, **options: Any) -> Any:
    return registry_import(actor=SYSTEM, path=path, today=TODAY, **options)


def index_definitions() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", [list(GRAM_INDEXES)]
        )
        return dict(cursor.fetchall())


def test_module_definitions_are_those_of_the_migration(world: World) -> None:
    migrated = index_definitions()
    assert set(migrated) == set(GRAM_INDEXES)
    assert gram_indexes_drop() == list(GRAM_INDEXES)
    assert gram_indexes_missing() == list(GRAM_INDEXES)
    assert gram_indexes_create() == list(GRAM_INDEXES)
    assert index_definitions() == migrated
    assert gram_indexes_create() == []  # nothing missing: nothing done


def test_deferred_import_rebuilds_the_indexes_and_search_uses_them(world: World, tmp_path: Path) -> None:
    rows = [valid_row(name=f"洛阳瑞丰{n}精密机械有限公司") for n in range(3)]
    summary = run(write_csv(tmp_path / "load.csv", rows), defer_indexes=True)
    assert summary.search_indexes_deferred is True
    assert (summary.rows_ok, summary.created) == (3, 3)
    assert gram_indexes_missing() == []
    page = entity_search(actor=ANONYMOUS, query="精密机械", public=True)
    assert sorted(hit.entity.uscc for hit in page.hits) == sorted(r["uscc"] for r in rows)
    with connection.cursor() as cursor:
        # Three rows: only with the other paths off does the planner show the gram index.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM registry_marketentity WHERE shijian_grams(name_search) @> %s",
            [["精密", "密机"]],
        )
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "registry_entity_name_grams_idx" in plan


def test_indexes_come_back_after_a_failed_import(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cut.csv", [valid_row() for _ in range(4)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 30])
    with pytest.raises(ImportFailed):
        run(path, defer_indexes=True)
    assert ImportRun.objects.get().status == "failed"
    assert gram_indexes_missing() == []


def test_small_imports_and_imports_into_a_larger_register_keep_the_indexes(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "DEFER_INDEXES_MIN_ROWS", 3)
    assert services._defer_indexes(None, fast=True, rows_to_come=2) is False  # below the threshold
    assert services._defer_indexes(None, fast=True, rows_to_come=None) is False  # size unknown (XLSX)
    assert services._defer_indexes(None, fast=True, rows_to_come=3) is True  # empty register
    for _ in range(3):
        make_entity(world)
    assert services._defer_indexes(None, fast=True, rows_to_come=3) is False  # register as large
    assert services._defer_indexes(None, fast=True, rows_to_come=4) is True
    assert services._defer_indexes(False, fast=True, rows_to_come=4) is False  # the caller decides
    summary = run(write_csv(tmp_path / "daily.csv", [valid_row(), valid_row()]))
    assert summary.search_indexes_deferred is False
    assert MarketEntity.objects.count() == 5


def test_deferring_needs_the_fast_path(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "slow.csv", [valid_row()])
    with pytest.raises(ValidationFailed) as error:
        run(path, fast=False, defer_indexes=True)
    assert error.value.field == "defer_indexes"
    assert not ImportRun.objects.exists()  # refused before a run is opened


def test_search_indexes_command_reports_and_repairs(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    gram_indexes_drop()
    with pytest.raises(CommandError) as error:
        call_command("registry", "search-indexes")
    assert "search-indexes --create" in str(error.value)
    assert "registry_entity_name_grams_idx: 缺失 missing" in capsys.readouterr().out
    call_command("registry", "search-indexes", "--create")
    out = capsys.readouterr().out
    assert "registry_entity_address_grams_idx: 正常 present" in out
    assert gram_indexes_missing() == []


def schema_state() -> set[tuple[str, str]]:
    """Every index and foreign key of the register's tables, as PostgreSQL defines them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
            " WHERE indrelid::regclass::text IN ('registry_marketentity', 'registry_person')"
        )
        rows = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) || ' valid=' || convalidated FROM pg_constraint"
            " WHERE conrelid::regclass::text = 'registry_marketentity'"
        )
        rows += cursor.fetchall()
    return set(rows)


def test_bulk_mode_restores_every_index_and_key_exactly(world: World, tmp_path: Path) -> None:
    before = schema_state()
    assert any("FOREIGN KEY (responsible_person_id)" in d for _, d in before)
    summary = run(write_csv(tmp_path / "bulk.csv", [valid_row(), valid_row()]), defer_indexes=True)
    assert summary.rows_ok == 2
    assert schema_state() == before
    assert ImportRun.objects.get().deferred == []


def test_what_a_killed_bulk_load_left_dropped_is_rebuilt_by_the_next_import(
    world: World, tmp_path: Path
) -> None:
    before = schema_state()
    killed = ImportRun.objects.create(file_name="killed.csv", file_sha256="0" * 64, actor="tests")
    dropped = deferral.defer(killed)
    assert {o["kind"] for o in dropped} == {"index", "fk"}
    assert schema_state() < before
    later = run(write_csv(tmp_path / "next.csv", [valid_row()]), defer_indexes=False)
    assert later.rows_ok == 1
    assert schema_state() == before
    killed.refresh_from_db()
    assert killed.deferred == []


def test_search_indexes_command_rebuilds_a_killed_bulk_load(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    before = schema_state()
    killed = ImportRun.objects.create(file_name="killed.csv", file_sha256="1" * 64, actor="tests")
    deferral.defer(killed)
    with pytest.raises(CommandError):
        call_command("registry", "search-indexes")
    assert "left dropped by a bulk load" in capsys.readouterr().out
    call_command("registry", "search-indexes", "--create")
    assert schema_state() == before
