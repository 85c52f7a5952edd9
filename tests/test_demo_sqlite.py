"""`make demo` on a fresh machine: migrations and the whole demo data on the embedded SQLite database.

The suite runs on PostgreSQL; the demo runs on SQLite, where the PostgreSQL-only
fast paths (array parameters, string_agg, COPY-like inserts) fall back to plain
queries. This runs the real commands in a subprocess against a new SQLite file.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def _shijian(*args: str, var: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["SHIJIAN_VAR_DIR"] = str(var)
    command = [str(Path(sys.executable).with_name("shijian")), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=900, check=False)  # noqa: S603


@pytest.mark.parametrize("seed", ["2026", "7"], ids=["make-demo-seed", "another-seed"])
def test_the_demo_data_builds_on_sqlite(tmp_path: Path, seed: str) -> None:
    migrated = _shijian("migrate", "-v0", var=tmp_path)
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    # 2026 is the seed `make demo` uses; any other must build every step too.
    built = _shijian("demo-data", "--size", "small", "--seed", seed, "--json", var=tmp_path)
    assert built.returncode == 0, built.stderr[-3000:]
    # A step that gives up says so ("... demo incomplete"): none may.
    assert "incomplete" not in built.stderr, built.stderr[-3000:]
    database = sqlite3.connect(tmp_path / "shijian.sqlite3")
    try:

        def count(table: str, where: str = "1=1") -> int:
            return int(database.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0])

        assert count("registry_marketentity") >= 1000
        assert count("inspection_plan", "status = 'drawn'") == 1
        assert count("inspection_task") >= 7
        assert count("inspection_taskinspector") >= 2 * 7
        assert count("inspection_results_inspectionresult", "status = 'published'") == 2
        assert count("credit_repair_repairapplication") == 5
    finally:
        database.close()
    snapshots = list((tmp_path / "media" / "inspection").rglob("*.txt"))
    assert snapshots and all(p.read_bytes().endswith(b"\n") for p in snapshots if p.stat().st_size)
