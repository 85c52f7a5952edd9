"""`shijian registry import` and `industries-load`, and the industry list."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shijian.core.audit.models import AuditRecord
from shijian.registry.importer.tests.conftest import report_lines, valid_row, write_csv
from shijian.registry.industries import industries_load, industry_rows
from shijian.registry.models import Industry, MarketEntity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
PILOT = "91350211M0000XUF46"


def registry(*args: str) -> str:
    out = io.StringIO()
    call_command("registry", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_command_json_summary_and_flags(world: World, tmp_path: Path) -> None:
    rows = [valid_row(registration_authority=""), valid_row(uscc=PILOT, registration_authority="")]
    path = write_csv(tmp_path / "in.csv", rows)
    errors = tmp_path / "report.csv"
    output = registry(
        "import",
        str(path),
        "--authority",
        "410305-AMR",
        "--errors",
        str(errors),
        "--accept-flagged",
        PILOT,
        "--json",
    )
    summary = json.loads(output)
    assert (summary["status"], summary["rows_ok"], summary["rows_failed"]) == ("finished", 2, 0)
    assert summary["method"] == "postgresql-copy" and summary["error_report"] == str(errors)
    assert report_lines(errors) == []
    assert MarketEntity.objects.get(uscc=PILOT).uscc_flagged is True
    again = registry("import", str(path), "--no-progress")
    assert "nothing changed" in again and "未做任何更改" in again


def test_import_command_reports_a_broken_file(world: World, tmp_path: Path) -> None:
    path = tmp_path / "cut.csv"
    path.write_text("uscc,name\n9141", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        registry("import", str(path), "--no-progress")
    assert "截断" in str(error.value) and "cut off" in str(error.value)
    with pytest.raises(CommandError) as unknown:
        registry("import", str(path), "--authority", "NO-SUCH-UNIT")
    assert "NO-SUCH-UNIT" in str(unknown.value)


def test_industry_list_sections_and_divisions() -> None:
    rows = industry_rows()
    sections = [r for r in rows if r.level == "section"]
    divisions = [r for r in rows if r.level == "division"]
    assert [r.code for r in sections] == list("ABCDEFGHIJKLMNOPQRST")
    assert [r.code for r in divisions] == [f"{n:02d}" for n in range(1, 98)]
    assert {r.level for r in rows} == {"section", "division"}  # no groups or classes are shipped
    by_code = {r.code: r for r in rows}
    assert (by_code["C"].name, by_code["34"].name, by_code["34"].parent) == ("制造业", "通用设备制造业", "C")
    assert (by_code["52"].parent, by_code["72"].name, by_code["97"].parent) == ("F", "商务服务业", "T")
    # Every division's section is the one whose range holds it (GB/T 4754-2017 table 1).
    ranges = {"A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50), "F": (51, 52)}
    ranges |= {"G": (53, 60), "H": (61, 62), "I": (63, 65), "J": (66, 69), "K": (70, 70), "L": (71, 72)}
    ranges |= {"M": (73, 75), "N": (76, 79), "O": (80, 82), "P": (83, 83), "Q": (84, 85), "R": (86, 90)}
    ranges |= {"S": (91, 96), "T": (97, 97)}
    for division in divisions:
        low, high = ranges[division.parent or ""]
        assert low <= int(division.code) <= high, division


def test_industries_load_is_idempotent(db: None) -> None:
    out = registry("industries-load")
    assert "117" in out
    assert Industry.objects.count() == 117
    assert Industry.objects.get(code="35").parent_id == "C"
    audits = AuditRecord.objects.count()
    assert industries_load() == {"created": 0, "updated": 0, "unchanged": 117}
    assert AuditRecord.objects.count() == audits
    Industry.objects.filter(code="62").update(name="改错的名称")
    assert industries_load()["updated"] == 1
    assert Industry.objects.get(code="62").name == "餐饮业"
