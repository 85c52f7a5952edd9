"""GB/T 2260 administrative division codes (行政区划代码), current and retired.

The snapshot is ``data/divisions.csv`` with its sidecar
``data/divisions.meta.json`` (sources, versions, counts), built by
``scripts/build_divisions.py``. It is read once, on first use, and kept in
memory: lookups are plain dict reads because the registry import calls them
for every one of millions of rows.

Retired codes are kept on purpose: a USCC or an ID number keeps the code its
place had when the number was issued, for life.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources

__all__ = [
    "Division",
    "Level",
    "all_divisions",
    "division_children",
    "division_is_known",
    "division_lookup",
    "division_name_path",
    "division_snapshot_info",
    "division_snapshot_version",
]


class Level(StrEnum):
    """Division level (级别)."""

    PROVINCE = "province"  # 省级
    PREFECTURE = "prefecture"  # 地级
    COUNTY = "county"  # 县级


# Rows that group counties without being a place of their own; a name path
# leaves them out ("北京市 东城区", not "北京市 市辖区 东城区").
_GROUPING_NAMES = frozenset({"市辖区", "县", "市区", "省直辖县级行政单位", "自治区直辖县级行政单位"})
_GROUPING_SUFFIXES = ("直辖县级行政区划", "直辖县级行政单位")


@dataclass(frozen=True, slots=True)
class Division:
    """One division code as the snapshot knows it.

    ``name`` is the latest name; ``former_names`` the earlier ones (a code is
    sometimes reused for a renamed or reorganised place). ``current`` is false
    for a retired (撤销) code, whose ``last_seen`` says the last year it was in
    force. ``statistical`` marks codes found only in the statistics bureau list
    (统计用区划代码, e.g. development zones such as 410371), not in GB/T 2260.
    ``parents`` runs from the province down to the direct parent.
    """

    code: str
    name: str
    level: Level
    parent_code: str | None
    current: bool
    first_seen: int | None
    last_seen: int
    statistical: bool
    former_names: tuple[str, ...]
    parents: tuple[Division, ...] = field(repr=False, compare=False)

    @property
    def status(self) -> str:
        """``"current"`` or ``"historical"``."""
        return "current" if self.current else "historical"

    @property
    def is_grouping(self) -> bool:
        """True for 市辖区 / 省直辖县级行政区划 style rows that only group other codes."""
        return self.name in _GROUPING_NAMES or self.name.endswith(_GROUPING_SUFFIXES)


@dataclass(frozen=True, slots=True)
class _Snapshot:
    by_code: Mapping[str, Division]
    children: Mapping[str, tuple[Division, ...]]
    info: Mapping[str, object]


def _read_text(name: str) -> str:
    return resources.files("shijian.core.identifiers").joinpath("data", name).read_text(encoding="utf-8")


@cache
def _snapshot() -> _Snapshot:
    """Load the snapshot once per process."""
    rows = list(csv.DictReader(io.StringIO(_read_text("divisions.csv"))))
    by_code: dict[str, Division] = {}
    # Parents before children: a code's parent is always a shorter prefix, so
    # provinces (xx0000) sort first when keyed by the number of trailing zeros.
    rows.sort(key=lambda r: (not r["code"].endswith("0000"), not r["code"].endswith("00"), r["code"]))
    for row in rows:
        parent_code = row["parent"] or None
        parent = by_code[parent_code] if parent_code else None
        by_code[row["code"]] = Division(
            code=row["code"],
            name=row["name"],
            level=Level(row["level"]),
            parent_code=parent_code,
            current=row["status"] == "current",
            first_seen=int(row["first_seen"]) if row["first_seen"] else None,
            last_seen=int(row["last_seen"]),
            statistical=row["kind"] == "statistical",
            former_names=tuple(row["former_names"].split("|")) if row["former_names"] else (),
            parents=(*parent.parents, parent) if parent else (),
        )
    children: dict[str, list[Division]] = {}
    for division in sorted(by_code.values(), key=lambda d: d.code):
        if division.parent_code:
            children.setdefault(division.parent_code, []).append(division)
    info = json.loads(_read_text("divisions.meta.json"))
    return _Snapshot(
        by_code=by_code,
        children={code: tuple(kids) for code, kids in children.items()},
        info=info,
    )


def division_lookup(code: str) -> Division | None:
    """The division with this 6-digit code (current or retired), or ``None`` if unknown."""
    return _snapshot().by_code.get(code)


def division_is_known(code: str, *, current_only: bool = False) -> bool:
    """Whether the code is in the snapshot (by default current or retired)."""
    division = _snapshot().by_code.get(code)
    return division is not None and (division.current or not current_only)


def division_children(code: str, *, include_historical: bool = False) -> tuple[Division, ...]:
    """Direct children of a code, ordered by code; current ones only unless asked.

    Children are structural: Beijing (110000) has 市辖区 (110100), whose
    children are the districts.
    """
    kids = _snapshot().children.get(code, ())
    return kids if include_historical else tuple(d for d in kids if d.current)


def division_name_path(code: str, sep: str = " ") -> str | None:
    """Names from the province down, e.g. ``"河南省 洛阳市 涧西区"`` for 410305.

    Grouping rows above the code (市辖区, 省直辖县级行政区划) are left out;
    ``None`` when the code is unknown.
    """
    division = _snapshot().by_code.get(code)
    if division is None:
        return None
    names = [p.name for p in division.parents if not p.is_grouping]
    names.append(division.name)
    return sep.join(names)


def division_snapshot_info() -> Mapping[str, object]:
    """The snapshot's metadata: ``version``, ``data_through_year``, ``sources``, ``counts``."""
    return _snapshot().info


def division_snapshot_version() -> str:
    """Short version label of the shipped snapshot, e.g. ``"2025-1fc819ee"``."""
    return str(_snapshot().info["version"])


def all_divisions() -> Mapping[str, Division]:
    """Every code in the snapshot (read-only mapping), for building indexes such as name prefixes."""
    return _snapshot().by_code
