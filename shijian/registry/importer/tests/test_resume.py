"""Broken files and crashes: a clear error, a failed run, whole batches only, resumption, no duplicates."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from shijian.core.actor import system_actor
from shijian.core.audit.models import AuditRecord
from shijian.core.errors import ValidationFailed
from shijian.registry.importer.generic import GenericWriter
from shijian.registry.importer.postgres import PostgresWriter
from shijian.registry.importer.services import ImportFailed, registry_import
from shijian.registry.importer.tests.conftest import HEADER, TODAY, report_lines, valid_row, write_csv
from shijian.registry.models import ChangeFeedEntry, ImportRun, MarketEntity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
SYSTEM = system_actor("tests")


def run(path: Path, **options: Any) -> Any:
    return registry_import(actor=SYSTEM, path=path, today=TODAY, **options)


def test_csv_cut_mid_row_imports_nothing(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cut.csv", [valid_row() for _ in range(5)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])  # the last record loses its end
    with pytest.raises(ImportFailed) as error:
        run(path)
    assert error.value.code == "truncated"
    assert "截断" in error.value.message_zh and "cut off" in error.value.message_en
    run_row = ImportRun.objects.get()
    assert (run_row.status, run_row.rows_done, run_row.rows_ok) == ("failed", 0, 0)
    assert MarketEntity.objects.count() == 0
    assert report_lines(run_row.error_report) == [(6, "file")]
    assert AuditRecord.objects.filter(action="registry.import.failed", object_id=str(run_row.pk)).count() == 1


def test_unclosed_quote_keeps_whole_batches_before_it_only(world: World, tmp_path: Path) -> None:
    rows = [valid_row() for _ in range(7)]
    path = write_csv(tmp_path / "quote.csv", rows)
    path.write_bytes(path.read_bytes() + b'91410305MA0000015X,"an unclosed quote\n')
    for attempt in range(2):  # the same broken file again: same place, nothing new
        with pytest.raises(ImportFailed) as error:
            run(path, batch_size=3)
        assert error.value.code == "malformed_csv"
        run_row = ImportRun.objects.get()
        assert (run_row.status, run_row.rows_done, run_row.rows_ok) == ("failed", 6, 6), attempt
        assert sorted(MarketEntity.objects.values_list("uscc", flat=True)) == sorted(
            r["uscc"] for r in rows[:6]
        )
        assert ChangeFeedEntry.objects.count() == 6
        assert report_lines(run_row.error_report) == [(9, "file")]


def test_xlsx_is_read_and_a_broken_one_refused(world: World, tmp_path: Path) -> None:
    rows = [valid_row(), valid_row(established_on="2020-02-30")]
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append([row[c] for c in HEADER])
    sheet.append([None] * len(HEADER))  # an empty but formatted row
    good = tmp_path / "registry.xlsx"
    book.save(good)
    summary = run(good)
    assert (summary.rows_done, summary.rows_ok, summary.rows_failed) == (3, 1, 1)
    assert report_lines(summary.error_report) == [(3, "established_on")]

    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good.read_bytes()[:2000])
    with pytest.raises(ImportFailed) as error:
        run(broken)
    assert error.value.code == "bad_xlsx"
    assert ImportRun.objects.get(file_name="broken.xlsx").status == "failed"

    not_excel = tmp_path / "text.xlsx"
    not_excel.write_text("uscc,name\n", encoding="utf-8")
    with pytest.raises(ImportFailed):
        run(not_excel)


def test_xlsx_dates_and_numbers(world: World, tmp_path: Path) -> None:
    row = valid_row()
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    values = [row[c] for c in HEADER]
    values[HEADER.index("established_on")] = dt.datetime(2019, 3, 4)
    values[HEADER.index("division_code")] = 410305
    values[HEADER.index("registered_capital")] = 88.5
    sheet.append(values)
    path = tmp_path / "typed.xlsx"
    book.save(path)
    assert run(path).rows_ok == 1
    entity = MarketEntity.objects.get()
    assert entity.established_on == dt.date(2019, 3, 4) and str(entity.registered_capital) == "88.5000"


class Crash(Exception):
    """Stands for the process dying in the middle of a batch."""


@pytest.mark.parametrize("fast", [True, False])
def test_resume_after_a_crash_gives_the_same_register(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast: bool
) -> None:
    rows = [valid_row() for _ in range(12)]
    rows[9] = {**rows[1], "name": "第11行重复第3行"}  # a duplicate across the crash point
    rows[4] = valid_row(division_code="999999")
    path = write_csv(tmp_path / "crash.csv", rows)
    writer: type[PostgresWriter] | type[GenericWriter] = PostgresWriter if fast else GenericWriter
    real_write = writer.write
    calls = {"n": 0}

    def crashing(self: Any, batch: Any, **kw: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            real_write(self, batch, **kw)  # the batch is written, then the process dies before commit
            raise Crash
        return real_write(self, batch, **kw)

    monkeypatch.setattr(writer, "write", crashing)
    with pytest.raises(Crash):
        run(path, batch_size=3, fast=fast)
    monkeypatch.setattr(writer, "write", real_write)
    crashed = ImportRun.objects.get()
    assert (crashed.status, crashed.rows_done, crashed.rows_ok, crashed.rows_failed) == ("failed", 6, 5, 1)
    assert MarketEntity.objects.count() == 5
    # A killed process leaves its run "running" and maybe report lines of the uncommitted batch.
    ImportRun.objects.filter(pk=crashed.pk).update(status="running")
    with Path(crashed.error_report).open("a", encoding="utf-8-sig") as report:
        report.write("9,uscc,未提交的批次,from the batch that never committed\n")

    summary = run(path, batch_size=3, fast=fast)
    assert (summary.status, summary.resumed_from, summary.rows_done) == ("finished", 6, 12)
    assert (summary.rows_ok, summary.rows_failed, summary.created) == (10, 2, 5)
    assert report_lines(summary.error_report) == [(6, "division_code"), (11, "uscc")]
    assert "duplicate of row 3" in Path(summary.error_report).read_text(encoding="utf-8-sig")
    expected = sorted({r["uscc"] for i, r in enumerate(rows) if i != 4})
    assert sorted(MarketEntity.objects.values_list("uscc", flat=True)) == expected
    assert (
        ChangeFeedEntry.objects.count()
        == 10
        == len(set(ChangeFeedEntry.objects.values_list("uscc", flat=True)))
    )
    assert ImportRun.objects.count() == 1
    assert list(
        AuditRecord.objects.filter(object_type="registry.importrun")
        .order_by("seq")
        .values_list("action", flat=True)
    ) == ["registry.import.failed", "registry.import.finished"]


def test_empty_and_header_only_files(world: World, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ImportFailed) as error:
        run(empty)
    assert error.value.code == "empty_file"
    header_only = write_csv(tmp_path / "header.csv", [])
    summary = run(header_only)
    assert (summary.status, summary.rows_done) == ("finished", 0)


def test_unknown_columns_fail_the_file(world: World, tmp_path: Path) -> None:
    path = tmp_path / "typo.csv"
    path.write_text(",".join([*HEADER, "establised"]) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as error:
        run(path)
    assert error.value.code == "unknown_column" and "establised" in error.value.message_en


def test_report_is_utf8_with_bom_for_excel(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [valid_row(name="")])
    summary = run(path, errors_path=tmp_path / "out" / "errors.csv")
    raw = Path(summary.error_report).read_bytes()
    assert raw.startswith("\ufeffrow,field,reason_zh,reason_en".encode())
    assert "名称不能为空" in io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig").read()
    assert summary.error_report == str(tmp_path / "out" / "errors.csv")


def test_a_missing_or_unsupported_file_is_a_validation_error(world: World, tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed):
        run(tmp_path / "nope.csv")
    other = tmp_path / "registry.json"
    other.write_text("{}", encoding="utf-8")
    with pytest.raises(ValidationFailed) as error:
        run(other)
    assert ".csv" in error.value.message_en
    assert ImportRun.objects.count() == 0


def test_a_problem_in_the_reader_process_fails_the_run_the_same_way(world: World, tmp_path: Path) -> None:
    rows = [valid_row() for _ in range(4)]
    path = write_csv(tmp_path / "quote.csv", rows)
    path.write_bytes(path.read_bytes() + b'91410305MA0000015X,"an unclosed quote\n')
    with pytest.raises(ImportFailed) as error:
        run(path, batch_size=2, reader_process=True)
    assert error.value.code == "malformed_csv"
    run_row = ImportRun.objects.get()
    assert (run_row.status, run_row.rows_done, run_row.rows_ok) == ("failed", 4, 4)
    assert report_lines(run_row.error_report) == [(6, "file")]  # rows 2-5 are data, row 6 broke
