"""Benchmark: monthly credit-risk reclassification (信用风险分类), set-based SQL vs a per-entity ORM loop.

A throwaway test database is created and migrated, then filled with set-based
SQL: the entities and persons of ``bench/search.py``'s generator (one
province, about four entities per responsible person, repeating addresses),
industries for 60 % of them, about 0.3 credit facts per entity (penalties of
every severity, inspection results with ``problem_found``, failed samples,
complaints, abnormal-list listings and removals, serious-dishonesty
listings; 1 % of them revoked), 0.2 change records per entity (address,
responsible person, suspension) and annual reports for 2024/2025 for part of
the register (some late).

Timed, in the same process:

* the baseline: the per-entity ORM path (``services.entity_rescore``: the
  Python twin reads the entity's facts, changes, reports and related
  entities, scores it and writes features, class and history) on the first
  10,000 entities, extrapolated to N;
* the monthly run: ``services.classification_run(engine="sql")`` over all N
  entities (chunks of 50,000 ids, a few statements each).

Before printing, 300 random entities are checked: the class and score the
run stored equal the Python twin's (exit 1 otherwise). Prints
``BENCH name=classify entities=<n> seconds=<x> baseline=orm_loop baseline_seconds=<x> ratio=<x>``
(ratio = extrapolated baseline / run). Goal: <= 120 s and >= 20x for 1,000,000 entities.

Needs PostgreSQL: ``scripts/with-postgres.sh .venv/bin/python bench/classify.py [--entities N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402

from shijian.accounts import services as account_services  # noqa: E402
from shijian.core.actor import system_actor  # noqa: E402
from shijian.credit.risk import services, twin  # noqa: E402
from shijian.credit.risk.models import EntityRiskClass, ScoreModel  # noqa: E402
from shijian.registry.models import MarketEntity  # noqa: E402

AS_OF = dt.date(2026, 11, 20)
BASELINE_ENTITIES = 10_000


def _search_module() -> Any:
    """``bench/search.py`` (its set-based entity generator and index helpers), loaded by path."""
    spec = importlib.util.spec_from_file_location("bench_search", Path(__file__).with_name("search.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


INDUSTRIES = [
    ("A", None, "section"),
    ("C", None, "section"),
    ("F", None, "section"),
    ("H", None, "section"),
    ("01", "A", "division"),
    ("14", "C", "division"),
    ("17", "C", "division"),
    ("27", "C", "division"),
    ("52", "F", "division"),
    ("62", "H", "division"),
]


def add_facts(n: int) -> None:
    """Industries, credit facts, revocations, change records and annual reports, set-based."""
    with connection.cursor() as cur:
        cur.execute("SELECT setseed(0.5)")
        cur.executemany(
            "INSERT INTO registry_industry (code, name, level, parent_id) VALUES (%s, %s, %s, %s)",
            [(code, f"行业{code}", level, parent) for code, parent, level in INDUSTRIES],
        )
        cur.execute(
            """
            UPDATE registry_marketentity SET industry_id =
                (ARRAY['01','14','17','27','52','62','C','F'])[1 + (id * 7919) % 8]
            WHERE id % 10 < 6
            """
        )
        cur.execute(
            """
            INSERT INTO credit_creditfact (entity_id, person_id, kind, category, title, body, severity,
                source_department, document_number, legal_basis, decided_on, public, public_fact_id,
                supersedes_id, relation, reason, source_type, source_id, recorded_by, recorded_at)
            SELECT e, NULL, k.kind, k.category, k.kind, k.body, k.severity, '某市场监督管理局', '', '',
                   date '2021-06-01' + floor(random() * 1999)::int, false, NULL, NULL, '', '', '', '',
                   'bench', now()
            FROM (SELECT 1 + floor(random() * %(n)s)::int AS e, random() AS r, random() AS s
                  FROM generate_series(1, %(facts)s)) AS g,
            LATERAL (SELECT
                CASE WHEN r < .25 THEN 'penalty' WHEN r < .50 THEN 'inspection.result'
                     WHEN r < .60 THEN 'sampling.failed' WHEN r < .92 THEN 'complaint.received'
                     WHEN r < .97 THEN 'abnormal.listed' WHEN r < .985 THEN 'abnormal.removed'
                     ELSE 'serious.listed' END AS kind,
                CASE WHEN r < .25 THEN 'penalty' WHEN r < .50 THEN 'inspection'
                     WHEN r < .60 THEN 'sampling' WHEN r < .92 THEN 'complaint' ELSE 'list' END AS category,
                CASE WHEN r >= .25 AND r < .50 THEN jsonb_build_object('problem_found', s < .3)
                     ELSE '{}'::jsonb END AS body,
                CASE WHEN r < .60 AND NOT (r >= .25 AND r < .50) THEN
                          CASE WHEN s < .3 THEN 'minor' WHEN s < .85 THEN 'general' ELSE 'serious' END
                     WHEN r >= .985 THEN 'serious' WHEN r >= .92 AND r < .97 THEN 'general'
                     ELSE 'none' END AS severity) AS k
            """,
            {"n": n, "facts": int(n * 0.3)},
        )
        cur.execute(
            """
            INSERT INTO credit_creditfact (entity_id, person_id, kind, category, title, body, severity,
                source_department, document_number, legal_basis, decided_on, public, public_fact_id,
                supersedes_id, relation, reason, source_type, source_id, recorded_by, recorded_at)
            SELECT entity_id, NULL, kind, category, '撤销', '{}'::jsonb, severity, source_department, '', '',
                   decided_on, false, NULL, id, 'revokes', 'bench', '', '', 'bench', now()
            FROM credit_creditfact WHERE id % 100 = 0
            """
        )
        cur.execute(
            """
            INSERT INTO registry_entitychange
                (entity_id, item, before, after, changed_on, document_number, public, created_at)
            SELECT 1 + floor(random() * %(n)s)::int,
                   (ARRAY['住所 registered address', '法定代表人（负责人） responsible person',
                          '歇业备案 suspension', '经营范围 business scope'])[1 + floor(random() * 4)::int],
                   '旧', '新', date '2022-11-01' + floor(random() * 1480)::int, '', true, now()
            FROM generate_series(1, %(changes)s)
            """,
            {"n": n, "changes": int(n * 0.2)},
        )
        cur.execute(
            """
            INSERT INTO registry_reports_annualreport (entity_id, report_year, form, catalogue_version,
                payload, public_fields, filed_on, deadline, deadline_rule_version, late, revision,
                corrected_on, filed_by_id, fact_id, created_at, updated_at)
            SELECT e.id, y, 'full', 'bench', '{}'::jsonb, '[]'::jsonb,
                   make_date(y + 1, 1, 1) + floor(random() * 240)::int, make_date(y + 1, 6, 30), 1,
                   false, 1, NULL, NULL, NULL, now(), now()
            FROM registry_marketentity e, generate_series(2024, 2025) AS y
            WHERE e.id % 10 < CASE WHEN y = 2025 THEN 7 ELSE 5 END
                  AND extract(year FROM e.established_on) <= y
            """
        )
        cur.execute(
            "UPDATE registry_reports_annualreport SET late = filed_on > deadline"
            " WHERE catalogue_version = 'bench'"
        )


def check(sample: int, rng: random.Random) -> None:
    """The run's stored class and score equal the Python twin's for ``sample`` random entities."""
    model = ScoreModel.objects.get(name="national-2022", active=True)
    parsed = twin.parsed(model)
    due = twin.last_due_year(AS_OF)
    top = MarketEntity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for pk in rng.sample(range(1, top + 1), min(sample, top)):
        entity = MarketEntity.objects.get(pk=pk)
        stored = EntityRiskClass.objects.filter(entity=entity, model_name=model.name).first()
        if not twin.eligible(entity, AS_OF):
            if stored is not None:
                sys.stderr.write(f"bench classify: entity {pk} is closed but classified\n")
                sys.exit(1)
            continue
        scored = twin.entity_score(entity, parsed, as_of=AS_OF, due_year=due)
        got = None if stored is None else (stored.risk_class, stored.score, stored.bins)
        if got != (scored.risk_class, scored.score, list(scored.bins)):
            sys.stderr.write(f"bench classify: entity {pk}: run {got}, twin {scored}\n")
            sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--entities", type=int, default=1_000_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.stderr.write("bench classify: needs PostgreSQL; run it under scripts/with-postgres.sh\n")
        sys.exit(2)
    search = _search_module()
    n = args.entities
    log = sys.stderr.write
    creation = connection.creation
    old_name = connection.settings_dict["NAME"]
    began = time.perf_counter()
    creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        actor = system_actor("bench")
        unit = account_services.org_unit_create(
            actor=actor, code="410000", name="河南省", kind="province", division_code="410000"
        )
        definitions = search.drop_indexes(("registry_marketentity", "registry_person"))
        search.generate(n, authority_id=unit.pk)
        add_facts(n)
        search.build_indexes(definitions)
        with connection.cursor() as cur:
            for table in (
                "registry_marketentity",
                "registry_person",
                "credit_creditfact",
                "registry_entitychange",
                "registry_reports_annualreport",
            ):
                cur.execute(f"VACUUM ANALYZE {table}")
            cur.execute("SELECT count(*) FROM credit_creditfact")
            (facts,) = cur.fetchone()
        log(f"bench classify: {n} entities, {facts} facts loaded in {time.perf_counter() - began:.0f} s\n")

        # Baseline: the per-entity ORM path on the first entities, extrapolated.
        count = min(BASELINE_ENTITIES, n)
        entities = list(MarketEntity.objects.filter(pk__lte=count).order_by("pk"))
        start = time.perf_counter()
        for entity in entities:
            services.entity_rescore(entity=entity, as_of=AS_OF)
        baseline = (time.perf_counter() - start) * n / count
        log(f"bench classify: baseline {count} entities in {time.perf_counter() - start:.1f} s\n")

        model = ScoreModel.objects.get(name="national-2022", active=True)
        start = time.perf_counter()
        run = services.classification_run(actor=actor, model=model, as_of=AS_OF, engine="sql")
        seconds = time.perf_counter() - start
        log(
            f"bench classify: run {run.status}, {run.entities_classified} classified, "
            f"{run.classes_changed} changed in {seconds:.1f} s\n"
        )
        check(300, random.Random(20261120))
        with connection.cursor() as cur:
            cur.execute("SELECT risk_class, count(*) FROM credit_risk_entityriskclass GROUP BY 1 ORDER BY 1")
            log(f"bench classify: classes {cur.fetchall()}\n")
    finally:
        connection.close()
        creation.destroy_test_db(old_name, verbosity=0)
    print(
        f"BENCH name=classify entities={n} seconds={seconds:.1f} baseline=orm_loop "
        f"baseline_seconds={baseline:.1f} ratio={baseline / seconds:.1f}"
    )


if __name__ == "__main__":
    main()
