"""Helpers for the import tests: valid rows, CSV and XLSX files."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from shijian.core.identifiers import idcard_make, uscc_make

_serial = itertools.count(1)
HEADER = [
    "uscc",
    "name",
    "entity_type",
    "responsible_name",
    "responsible_id_number",
    "established_on",
    "address",
    "division_code",
    "business_scope",
    "registration_authority",
    "registered_capital",
    "industry_code",
    "parent_uscc",
    "status",
]
TODAY = dt.date(2026, 6, 1)


def valid_row(**overrides: Any) -> dict[str, Any]:
    """A valid LLC row in 涧西区 with fresh USCC and ID number (override any column)."""
    n = next(_serial)
    row: dict[str, Any] = {
        "uscc": uscc_make("410305", f"MC{n:06d}"),  # shijian.testing.registry uses MA
        "name": f"洛阳测试{n}轴承有限公司",
        "entity_type": "llc",
        "responsible_name": "张伟",
        "responsible_id_number": idcard_make("410305", dt.date(1970, 1, 1) + dt.timedelta(days=n), n % 1000),
        "established_on": "2020-05-06",
        "address": "河南省洛阳市涧西区建设路1号",
        "division_code": "410305",
        "business_scope": "轴承制造；轴承销售",
        "registration_authority": "410305-AMR",
        "registered_capital": "100",
        "industry_code": "",
        "parent_uscc": "",
        "status": "",
    }
    row.update(overrides)
    return row


def write_csv(path: Path, rows: Iterable[Mapping[str, Any]], header: list[str] | None = None) -> Path:
    """Write rows (dicts) under ``header`` (default ``HEADER``), UTF-8, one line end per record."""
    columns = header or HEADER
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def csv_file(tmp_path: Path) -> Callable[..., Path]:
    """``csv_file(rows, name="registry.csv")`` writes a CSV in the test's folder."""

    def make(
        rows: Iterable[Mapping[str, Any]], name: str = "registry.csv", header: list[str] | None = None
    ) -> Path:
        return write_csv(tmp_path / name, rows, header)

    return make


def report_lines(path: Path | str) -> list[tuple[int, str]]:
    """(row, field) of each error-report line."""
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["row", "field", "reason_zh", "reason_en"]
        return [(int(line["row"]), line["field"]) for line in reader]
