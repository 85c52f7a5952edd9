"""Benchmark: a random-inspection draw (双随机抽取) over a 1,000,000-entity directory in four strata.

A throwaway test database is created and migrated, then filled (not timed):

* the entities of ``bench/search.py``'s generator, all made active and
  supervised by the county bureaus of one city (洛阳市: 14 county bureaus
  under the city bureau), and a credit-risk class for each under the default
  model (A 2 %, B 60 %, C 34 %, D 4 %), so the plan's directory has four
  non-empty strata;
* the inspector directory: 40 officers in the city bureau's detachment and
  24 in each county bureau (376), each with an enforcement certificate -
  one in 20 expired before the window, one in 25 on leave during it, one in
  31 marked unavailable - and 20,000 conflict declarations (回避登记) of
  random officers for random entities;
* an earlier plan of the same bureau over class A, drawn and assigned, so
  that recent assignments of the same entities must be avoided.

Timed, in the same process: the draw of a plan led by the city bureau with
the default ratios (A 3 %, B 5 %, C 20 %, D 60 %), 2 inspectors per task and
the default workload cap of 20 - ``plan_freeze`` (the directory per stratum,
the snapshot files and their SHA-256), two witness commitments and
``draw_perform`` (seed, hashing and selection in every stratum, one task per
selected entity, and inspector assignment for every task: eligibility from
certificates, availability, conflicts and recent assignments, the published
ranking and the cap). With 376 officers and a cap of 20 only about 3,500 of
the 122,600 tasks can get two inspectors; the rest are recorded as needing
manual resolution, which is what the rule does with this plan
(``--workload-cap`` changes the cap: the ranking costs one SHA-256 per
task and eligible officer below the cap, so a cap that lets every task be
staffed costs about 122,600 x 350 hashes).

Then, not part of the figure:

* the baseline: the same draw done the unverifiable way - Django
  ``order_by('?')[:k]`` per stratum, for the same k, over the same
  directory (the lead's jurisdiction, active entities, the stratum's
  class), and the same task rows written with ``bulk_create``, in one
  transaction; it neither snapshots the directory, nor hashes, nor assigns
  inspectors (so it does less than the draw). The log line also gives the
  selection alone;
* ``shijian inspection verify-draw`` on the stored record and the snapshot
  files written to a folder (a separate process, start-up included).

Prints ``BENCH name=draw entities=<n> seconds=<x> verify_seconds=<x>
baseline=order_by_random baseline_seconds=<x> ratio=<x>`` where ``seconds``
is the timed draw, ``verify_seconds`` the verify-draw run and ``ratio =
baseline_seconds / seconds`` (above 1: the draw is faster than the
baseline). Goal: ``seconds`` <= 10 and ratio > 1; ``verify_seconds`` <= 10.

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
from django.db import connection, transaction  # noqa: E402

from shijian.accounts import services as account_services  # noqa: E402
from shijian.accounts.models import OrgUnit  # noqa: E402
from shijian.core.actor import system_actor  # noqa: E402
from shijian.core.identifiers.divisions import Level, all_divisions  # noqa: E402
from shijian.core.roles import Role  # noqa: E402
from shijian.credit.risk.models import EntityRiskClass  # noqa: E402
from shijian.credit.risk.selectors import DEFAULT_MODEL  # noqa: E402
from shijian.inspection import services  # noqa: E402
from shijian.inspection.directory import lead_jurisdiction  # noqa: E402
from shijian.inspection.domain.draw import commitment  # noqa: E402
from shijian.inspection.models import Draw, InspectorProfile, Plan, PlanStatus, Stratum, Task  # noqa: E402
from shijian.registry.models import MarketEntity  # noqa: E402

TODAY = dt.date(2026, 11, 20)
SECRETS = ["bench witness one: 1f0e", "bench witness two: 77aa"]
PREFECTURE = "410300"  # 洛阳市: the city bureau leads, its county bureaus assist nobody (one bureau leads)
OFFICERS_CITY = 40  # officers of the city bureau's enforcement detachment (执法支队)
OFFICERS_COUNTY = 24  # officers of each county bureau's enforcement brigade (执法大队)
CONFLICTS = 20_000  # conflict declarations (回避登记) on random entities


def _search_module() -> Any:
    spec = importlib.util.spec_from_file_location("bench_search", Path(__file__).with_name("search.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_units(actor: Any) -> tuple[OrgUnit, list[OrgUnit]]:
    """河南省 > 洛阳市 with the city bureau and one bureau per current county; (city bureau, sections)."""
    province = account_services.org_unit_create(
        actor=actor, code="410000", name="河南省", kind="province", division_code="410000"
    )
    city = account_services.org_unit_create(
        actor=actor,
        code=PREFECTURE,
        name="洛阳市",
        kind="prefecture",
        parent=province,
        division_code=PREFECTURE,
    )
    city_bureau = account_services.org_unit_create(
        actor=actor, code=f"{PREFECTURE}-AMR", name="洛阳市市场监督管理局", kind="bureau", parent=city
    )
    sections = [
        account_services.org_unit_create(
            actor=actor,
            code=f"{PREFECTURE}-AMR-ZD",
            name="综合行政执法支队",
            kind="section",
            parent=city_bureau,
        )
    ]
    divisions = all_divisions()
    for code in sorted(divisions):
        d = divisions[code]
        if not (code.startswith(PREFECTURE[:4]) and d.current and d.level is Level.COUNTY):
            continue
        if d.statistical or d.is_grouping:  # a development zone, or 市辖区 (no bureau of its own)
            continue
        county = account_services.org_unit_create(
            actor=actor, code=code, name=d.name, kind="county", parent=city, division_code=code
        )
        bureau = account_services.org_unit_create(
            actor=actor, code=f"{code}-AMR", name=f"{d.name}市场监督管理局", kind="bureau", parent=county
        )
        sections.append(
            account_services.org_unit_create(
                actor=actor, code=f"{code}-AMR-DD", name="综合行政执法大队", kind="section", parent=bureau
            )
        )
    return city_bureau, sections


def place_entities(sections: list[OrgUnit]) -> None:
    """Every entity active and supervised by one of the city's county bureaus (by id), before indexing."""
    paths = [s.parent.path for s in sections[1:] if s.parent is not None]  # the county bureaus
    divisions = [s.parent.code.removesuffix("-AMR") for s in sections[1:] if s.parent is not None]
    with connection.cursor() as cur:
        cur.execute(
            """
            UPDATE registry_marketentity
            SET status = 'active', status_since = established_on,
                supervisor_path = (%(paths)s::text[])[1 + id %% cardinality(%(paths)s::text[])],
                division_code = (%(divisions)s::text[])[1 + id %% cardinality(%(divisions)s::text[])]
            """,
            {"paths": paths, "divisions": divisions},
        )


def add_classes() -> None:
    """A class under the default model for every entity (by id): A 2 %, B 60 %, C 34 %, D 4 %."""
    with connection.cursor() as cur:
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


def add_officers(actor: Any, sections: list[OrgUnit]) -> int:
    """The inspector directory: officers with certificates; some expired, unavailable or on leave."""
    count = 0
    for index, section in enumerate(sections):
        for n in range(OFFICERS_CITY if index == 0 else OFFICERS_COUNTY):
            count += 1
            user = account_services.user_create(
                actor=actor,
                username=f"officer{count:04d}",
                password=None,
                display_name=f"检查员{count:04d}",
                org_unit=section,
                roles=[Role.OFFICER],
            )
            expires = TODAY - dt.timedelta(days=10) if count % 20 == 0 else dt.date(2030, 12, 31)
            account_services.certificate_issue(
                actor=actor,
                user=user,
                number=f"ZF{count:06d}",
                issued_on=dt.date(2022, 1, 1),
                expires_on=expires,
            )
            if count % 25 == 0:  # on leave during the window
                InspectorProfile.objects.create(
                    user=user, unavailable_from=TODAY, unavailable_until=TODAY + dt.timedelta(days=30)
                )
            elif count % 31 == 0:
                InspectorProfile.objects.create(user=user, available=False)
            elif n % 3 == 0:
                InspectorProfile.objects.create(user=user, specialties=["食品"])
    return count


def add_conflicts() -> None:
    """``CONFLICTS`` conflict declarations of random officers for random entities (some expired)."""
    with connection.cursor() as cur:
        cur.execute("SELECT setseed(0.5)")
        cur.execute(
            """
            INSERT INTO inspection_conflictdeclaration
                (officer_id, entity_id, kind, note, valid_from, valid_until, recorded_by, recorded_at)
            SELECT o.ids[1 + floor(random() * cardinality(o.ids))::int],
                   1 + floor(random() * (SELECT max(id) FROM registry_marketentity))::int,
                   'relative', '', date '2025-01-01',
                   CASE WHEN random() < 0.1 THEN date '2026-01-01' END, 'bench', now()
            FROM generate_series(1, %s),
                 (SELECT array_agg(user_id) AS ids FROM accounts_enforcementcertificate) o
            """,
            [CONFLICTS],
        )


def prior_plan(actor: Any, lead: OrgUnit) -> None:
    """An earlier plan of the same bureau over class A, drawn and assigned: recent assignments to avoid."""
    plan = services.plan_create(
        actor=actor,
        number="BENCH-2026-000",
        title="A类主体专项抽查",
        kind="special",
        year=TODAY.year,
        lead=lead,
        item_codes=["BENCH-001"],
        directory_filters={"risk_classes": ["A"]},
        window_start=TODAY - dt.timedelta(days=120),
        window_end=TODAY - dt.timedelta(days=30),
    )
    plan = services.plan_freeze(actor=actor, plan=plan, today=TODAY - dt.timedelta(days=130))
    secrets = ["earlier one", "earlier two"]
    for index, secret in enumerate(secrets, start=1):
        services.witness_commit(
            actor=actor, plan=plan, witness_name=f"见证人{index}", commitment_hex=commitment(secret)
        )
    services.draw_perform(actor=actor, plan=plan, secrets=secrets)


def baseline(plan_id: int) -> tuple[float, float]:
    """The same draw done the unverifiable way: ``order_by('?')[:k]`` per stratum, then the tasks.

    Over the same directory for the k the draw used, in one transaction: the
    selection per stratum, then the same task rows (one per selected entity,
    its stratum and place) written with ``bulk_create`` for a draft copy of
    the plan, and the commit. No snapshot, no hashing, no inspector
    assignment: the baseline does less than the draw. Returns (whole
    baseline, selection alone) in seconds; the plan copy is created before
    the clock starts.
    """
    plan = Plan.objects.select_related("lead").get(pk=plan_id)
    record = Draw.objects.get(plan=plan).record
    # The published ids are opaque: the baseline selects by the class each stratum holds.
    class_of = dict(Stratum.objects.filter(plan=plan).values_list("stratum_id", "risk_class"))
    ks = {class_of[s["id"]]: s["k"] for s in record["strata"]}
    directory = MarketEntity.objects.filter(
        supervisor_path__startswith=lead_jurisdiction(plan.lead), status="active"
    )
    copy = Plan.objects.get(pk=plan_id)
    copy.pk = None
    copy.number, copy.status = "BENCH-BASELINE", PlanStatus.DRAFT
    copy.save()
    start = time.perf_counter()
    with transaction.atomic():
        chosen: list[tuple[str, int]] = []
        for stratum, k in ks.items():
            if k == 0:
                continue
            members = EntityRiskClass.objects.filter(model_name=DEFAULT_MODEL, risk_class=stratum)
            ids = list(
                directory.filter(pk__in=members.values("entity_id"))
                .order_by("?")
                .values_list("pk", flat=True)[:k]
            )
            assert len(ids) == k
            chosen.extend((stratum, pk) for pk in ids)
        selected = time.perf_counter() - start
        Task.objects.bulk_create(
            [
                Task(plan=copy, entity_id=pk, stratum_id=stratum, order=order)
                for order, (stratum, pk) in enumerate(chosen, start=1)
            ],
            batch_size=5000,
        )
    return time.perf_counter() - start, selected


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


def setup(n: int) -> tuple[Any, OrgUnit, int]:
    """The register, classes, org units, officers, conflicts and an earlier drawn plan (not timed)."""
    search = _search_module()
    actor = system_actor("bench")
    lead, sections = build_units(actor)
    definitions = search.drop_indexes(("registry_marketentity", "registry_person"))
    search.generate(n, authority_id=lead.pk)
    place_entities(sections)
    search.build_indexes(definitions)
    add_classes()
    officers = add_officers(actor, sections)
    add_conflicts()
    with connection.cursor() as cur:
        for table in (
            "registry_marketentity",
            "credit_risk_entityriskclass",
            "inspection_conflictdeclaration",
        ):
            cur.execute(f"VACUUM ANALYZE {table}")
    services.item_create(
        actor=actor,
        code="BENCH-001",
        name="企业公示信息情况检查",
        department="信用监督管理科",
        legal_basis="《企业信息公示暂行条例》",
        kind="key",
        checklist=["年度报告公示情况"],
    )
    prior_plan(actor, lead)
    return actor, lead, officers


def timed_draw(actor: Any, lead: OrgUnit, workload_cap: int) -> tuple[Plan, float]:
    """Create the plan (not timed), then time freeze, two commitments and the draw with assignment."""
    plan = services.plan_create(
        actor=actor,
        number="BENCH-2026-001",
        title="全市企业公示信息双随机抽查",
        kind="annual",
        year=TODAY.year,
        lead=lead,
        item_codes=["BENCH-001"],
        window_start=TODAY,
        window_end=TODAY + dt.timedelta(days=90),
        workload_cap=workload_cap,
    )
    profiler = None
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        profiler = cProfile.Profile()
    start = time.perf_counter()
    if profiler is not None:
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
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    return plan, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--workload-cap", type=int, default=20, help="the plan's workload cap (default 20)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.stderr.write("bench draw: needs PostgreSQL; run it under scripts/with-postgres.sh\n")
        sys.exit(2)
    n = args.entities
    log = sys.stderr.write
    creation = connection.creation
    old_name = connection.settings_dict["NAME"]
    began = time.perf_counter()
    creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    with tempfile.TemporaryDirectory() as tmp:
        settings.MEDIA_ROOT = str(Path(tmp) / "media")
        try:
            actor, lead, officers = setup(n)
            log(
                f"bench draw: {n} entities, {officers} officers, ready in "
                f"{time.perf_counter() - began:.0f} s\n"
            )
            plan, seconds = timed_draw(actor, lead, args.workload_cap)
            record = Draw.objects.get(plan=plan).record
            strata = {s["id"]: (s["size"], s["k"]) for s in record["strata"]}
            tasks, unassigned = len(record["assignment"]["tasks"]), len(record["assignment"]["unassigned"])
            log(
                f"bench draw: draw in {seconds:.2f} s, strata (size, k) {strata}; "
                f"{tasks - unassigned} of {tasks} tasks got inspectors (cap {args.workload_cap})\n"
            )
            base, selection_only = baseline(plan.pk)
            log(
                f"bench draw: baseline order_by('?') and the tasks in {base:.2f} s "
                f"(the selection alone {selection_only:.2f} s)\n"
            )
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
