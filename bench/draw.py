"""Benchmark: a random-inspection draw (双随机抽取) over a 1,000,000-entity directory in four strata.

A throwaway test database is created and migrated, then filled with
set-based SQL: the entities of ``bench/search.py``'s generator (all made
active) and a credit-risk class for each under the default model (A 2 %,
B 60 %, C 34 %, D 4 %), so the plan's directory has four non-empty strata.

Timed, in the same process:

* the draw: ``plan_freeze`` (the directory per stratum from the registry and
  the classes, the snapshot files and their SHA-256), two witness
  commitments and ``draw_perform`` (seed, hashing and selection in every
  stratum, the record verified, one task per selected entity);
* the baseline: Django ``order_by('?')[:k]`` per stratum for the same k
  (an unverifiable draw, as the one open-source implementation does);
* ``shijian inspection verify-draw`` on the stored record and the snapshot
  files written to a folder (a separate process, start-up included).

Prints ``BENCH name=draw entities=<n> seconds=<x> verify_seconds=<x>
baseline=order_by_random baseline_seconds=<x> ratio=<x>`` (ratio = baseline
/ draw). Goal: draw <= 10 s and faster than the baseline; verify <= 10 s.
Inspector assignment is not part of the figure yet (it is not built).

Needs PostgreSQL: ``scripts/with-postgres.sh .venv/bin/python bench/draw.py [--entities N]``;
``BENCH_PROFILE=1`` prints a profile of the timed part.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.db import connection  # noqa: E402

from shijian.accounts import services as account_services  # noqa: E402
from shijian.core.actor import system_actor  # noqa: E402
from shijian.credit.risk.models import EntityRiskClass  # noqa: E402
from shijian.credit.risk.selectors import DEFAULT_MODEL  # noqa: E402
from shijian.inspection import services  # noqa: E402
from shijian.inspection.domain.draw import commitment  # noqa: E402
from shijian.inspection.models import Draw  # noqa: E402
from shijian.registry.models import MarketEntity  # noqa: E402

TODAY = dt.date(2026, 11, 20)
SECRETS = ["bench witness one: 1f0e", "bench witness two: 77aa"]


def _search_module() -> Any:
    spec = importlib.util.spec_from_file_location("bench_search", Path(__file__).with_name("search.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def add_classes() -> None:
    """Every entity active and classified under the default model (deterministic by id)."""
    with connection.cursor() as cur:
        cur.execute("UPDATE registry_marketentity SET status = 'active', status_since = established_on")
        cur.execute("SELECT id FROM credit_risk_scoremodel WHERE name = %s", [DEFAULT_MODEL])
        (model_id,) = cur.fetchone()
        cur.execute(
            """
            INSERT INTO credit_risk_entityriskclass
                (entity_id, model_name, score_model_id, risk_class, score, bins, override, as_of,
                 run_id, updated_at)
            SELECT id, %s, %s,
                CASE WHEN (id * 7919) %% 100 < 2 THEN 'A' WHEN (id * 7919) %% 100 < 62 THEN 'B'
                     WHEN (id * 7919) %% 100 < 96 THEN 'C' ELSE 'D' END,
                0, '[]'::jsonb, '', %s, NULL, now()
            FROM registry_marketentity
            """,
            [DEFAULT_MODEL, model_id, TODAY],
        )
        for table in ("registry_marketentity", "credit_risk_entityriskclass"):
            cur.execute(f"VACUUM ANALYZE {table}")


def baseline(plan_id: int) -> float:
    """``order_by('?')[:k]`` per stratum, for the k the draw used."""
    record = Draw.objects.get(plan_id=plan_id).record
    ks = {s["id"]: s["k"] for s in record["strata"]}
    start = time.perf_counter()
    for stratum, k in ks.items():
        if k == 0:
            continue
        members = EntityRiskClass.objects.filter(model_name=DEFAULT_MODEL, risk_class=stratum)
        chosen = list(
            MarketEntity.objects.filter(pk__in=members.values("entity_id"))
            .order_by("?")
            .values_list("uscc", flat=True)[:k]
        )
        assert len(chosen) == k
    return time.perf_counter() - start


def verify(plan_id: int, folder: Path) -> float:
    """Write the record and snapshots out and time the offline ``verify-draw`` command."""
    draw = Draw.objects.get(plan_id=plan_id)
    record_path = folder / "draw.json"
    record_path.write_text(json.dumps(draw.record, ensure_ascii=False), encoding="utf-8")
    snapshots = folder / "snapshots"
    snapshots.mkdir()
    for stratum in draw.record["strata"]:
        with default_storage.open(services.snapshot_path(draw.plan, stratum["id"])) as source:
            (snapshots / f"{stratum['id']}.txt").write_bytes(source.read())
    start = time.perf_counter()
    result = subprocess.run(  # noqa: S603 - our own console entry point
        [
            sys.executable,
            "-m",
            "shijian.cli",
            "inspection",
            "verify-draw",
            str(record_path),
            "--snapshots",
            str(snapshots),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit(1)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--entities", type=int, default=1_000_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.stderr.write("bench draw: needs PostgreSQL; run it under scripts/with-postgres.sh\n")
        sys.exit(2)
    search = _search_module()
    n = args.entities
    log = sys.stderr.write
    creation = connection.creation
    old_name = connection.settings_dict["NAME"]
    began = time.perf_counter()
    creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    with tempfile.TemporaryDirectory() as tmp:
        settings.MEDIA_ROOT = str(Path(tmp) / "media")
        try:
            actor = system_actor("bench")
            province = account_services.org_unit_create(
                actor=actor, code="410000", name="河南省", kind="province", division_code="410000"
            )
            definitions = search.drop_indexes(("registry_marketentity", "registry_person"))
            search.generate(n, authority_id=province.pk)
            search.build_indexes(definitions)
            add_classes()
            log(f"bench draw: {n} entities classified in {time.perf_counter() - began:.0f} s\n")
            services.item_create(
                actor=actor,
                code="BENCH-001",
                name="企业公示信息情况检查",
                department="信用监督管理科",
                legal_basis="《企业信息公示暂行条例》",
                kind="key",
                checklist=["年度报告公示情况"],
            )
            plan = services.plan_create(
                actor=actor,
                number="BENCH-2026-001",
                title="全省企业公示信息双随机抽查",
                kind="annual",
                year=TODAY.year,
                lead=province,
                item_codes=["BENCH-001"],
                window_start=TODAY,
                window_end=TODAY + dt.timedelta(days=90),
            )
            start = time.perf_counter()
            profiler = None
            if os.environ.get("BENCH_PROFILE"):
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            plan = services.plan_freeze(actor=actor, plan=plan, today=TODAY)
            for index, secret in enumerate(SECRETS, start=1):
                services.witness_commit(
                    actor=actor, plan=plan, witness_name=f"见证人{index}", commitment_hex=commitment(secret)
                )
            services.draw_perform(actor=actor, plan=plan, secrets=SECRETS)
            seconds = time.perf_counter() - start
            if profiler is not None:
                import pstats

                profiler.disable()
                pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
            record = Draw.objects.get(plan=plan).record
            strata = {s["id"]: (s["size"], s["k"]) for s in record["strata"]}
            log(f"bench draw: draw in {seconds:.2f} s, strata (size, k) {strata}\n")
            base = baseline(plan.pk)
            log(f"bench draw: baseline order_by('?') in {base:.2f} s\n")
            verify_seconds = verify(plan.pk, Path(tmp))
            log(f"bench draw: verify-draw in {verify_seconds:.2f} s\n")
        finally:
            connection.close()
            creation.destroy_test_db(old_name, verbosity=0)
    print(
        f"BENCH name=draw entities={n} seconds={seconds:.2f} verify_seconds={verify_seconds:.2f} "
        f"baseline=order_by_random baseline_seconds={base:.2f} ratio={base / seconds:.2f}"
    )


if __name__ == "__main__":
    main()
