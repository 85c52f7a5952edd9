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
from shijian.registry.industries import LEVELS, industries_load, industry_rows
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


def test_industry_list_groups_and_classes() -> None:
    rows = industry_rows()
    counts = {level: sum(r.level == level for r in rows) for level in LEVELS}
    assert counts == {"section": 20, "division": 97, "group": 473, "class": 1381}
    assert len({r.code for r in rows}) == len(rows) == 1971
    by_code = {r.code: r for r in rows}
    # Parents first, and every row's parent exists one level up with the code's own prefix.
    seen: set[str] = set()
    for row in rows:
        if row.level == "section":
            assert row.parent is None and row.code.isalpha() and len(row.code) == 1, row
        else:
            assert row.parent in seen, row
            parent = by_code[row.parent]
            assert LEVELS.index(parent.level) == LEVELS.index(row.level) - 1, row
            assert len(row.code) == {"division": 2, "group": 3, "class": 4}[row.level], row
            assert row.level == "division" or row.code.startswith(parent.code), row
        assert row.name and row.name == row.name.strip() and "(" not in row.name, row
        seen.add(row.code)
    # Every division has groups and every group has classes.
    parents = {r.parent for r in rows}
    assert all(r.code in parents for r in rows if r.level != "class")
    # Spot values, the same in every source the file was checked against (see its header).
    assert (by_code["651"].name, by_code["651"].parent) == ("软件开发", "65")
    assert (by_code["6511"].name, by_code["6511"].parent) == ("基础软件开发", "651")
    assert (by_code["6513"].name, by_code["657"].name) == ("应用软件开发", "数字内容服务")
    assert (by_code["6572"].name, by_code["6572"].parent) == ("动漫、游戏数字内容服务", "657")
    assert (by_code["011"].name, by_code["0111"].name) == ("谷物种植", "稻谷种植")
    assert (by_code["341"].name, by_code["3411"].name) == ("锅炉及原动设备制造", "锅炉及辅助设备制造")
    # A group with a single class: both carry the same name, the class code ends in 0.
    assert by_code["022"].name == by_code["0220"].name == "造林和更新"
    assert (by_code["970"].parent, by_code["9700"].parent, by_code["9700"].name) == ("97", "970", "国际组织")
    # The 2017 text, not its 2019 amendment (which renamed 4710 and added 监察委员会 to 923).
    assert (by_code["4710"].name, by_code["9231"].name) == ("住宅房屋建筑", "人民法院")
    assert "9233" not in by_code


def test_industries_load_is_idempotent(db: None) -> None:
    out = registry("industries-load")
    assert "1971" in out
    assert Industry.objects.count() == 1971
    assert Industry.objects.get(code="35").parent_id == "C"
    assert Industry.objects.filter(code="6513", parent__parent__parent_id="I").exists()
    audits = AuditRecord.objects.count()
    assert industries_load() == {"created": 0, "updated": 0, "unchanged": 1971}
    assert AuditRecord.objects.count() == audits
    Industry.objects.filter(code__in=["62", "6511"]).update(name="改错的名称")
    assert industries_load()["updated"] == 2
    assert Industry.objects.get(code="62").name == "餐饮业"
    assert Industry.objects.get(code="6511").name == "基础软件开发"
