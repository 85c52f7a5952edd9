"""Benchmark: registry bulk import (登记数据批量导入) of a 1,000,000-row CSV on PostgreSQL.

Run against a throwaway cluster: ``scripts/with-postgres.sh .venv/bin/python bench/import.py``.

1. A CSV of N rows (default 1,000,000; ``BENCH_IMPORT_ROWS``) is generated in
   a temporary folder by a plain-Python generator (valid USCCs and ID
   numbers computed with the check-character functions, about 0.2% of rows
   deliberately invalid so the error path is exercised).
2. The file is imported with ``registry_import`` (the PostgreSQL COPY path,
   exactly what ``shijian registry import`` runs), timed from the call to
   its return: hashing, reading, validation, writing, change records and
   change-feed events included.
3. Baseline, same process, same rows: the first M rows (default 100,000;
   ``BENCH_BASELINE_ROWS``) of the same file read with ``csv`` and written with
   Django ``bulk_create`` in batches of 1,000 (persons, then entities) into
   emptied tables - no validation, no change records, no feed, so the
   baseline does less work than the import. Its rows/s is M / its time.

Prints exactly one line:
``BENCH name=import rows=<n> rows_per_s=<x> baseline=bulk_create baseline_rows_per_s=<x> ratio=<x>``
(ratio = import rows/s / baseline rows/s). The goal is rows_per_s >= 15,000.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

# The generator needs no Django: the check-character functions are pure.
from shijian.core.identifiers import (
    USCC_CHARSET,
    idcard_check_character,
    org_code_check_character,
    uscc_check_character,
)

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "1000000"))
BASELINE_ROWS = min(int(os.environ.get("BENCH_BASELINE_ROWS", "100000")), ROWS)
SEED = 20261123
HEADER = [
    "uscc",
    "name",
    "entity_type",
    "responsible_name",
    "responsible_id_number",
    "responsible_phone",
    "established_on",
    "address",
    "division_code",
    "business_scope",
    "registration_authority",
    "registered_capital",
    "industry_code",
    "status",
]
DIVISIONS = ("410305", "410302")
AUTHORITY = {"410305": "410305-AMR", "410302": "410302-AMR"}
BIRTH_DIVISIONS = ("410305", "410302", "410303", "410311", "410323", "410327")
TRADES = (
    ("轴承", "34", "轴承制造；轴承销售"),
    ("矿山机械", "35", "矿山机械制造；机械设备销售"),
    ("商贸", "51", "日用百货销售；五金产品批发"),
    ("餐饮", "62", "餐饮服务；食品销售"),
    ("物流", "54", "普通货物道路运输；仓储服务"),
    ("牡丹文化", "72", "文化艺术交流活动；工艺美术品销售"),
)
WORDS = "恒达瑞丰华泰鑫源宏远金诚盛通佳美天顺德隆新兴明辉富民永安嘉和"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超霞平刚华"
STREETS = ("建设路", "中州西路", "天津路", "南昌路", "西大街", "东大街", "中州东路")
_M6 = len(USCC_CHARSET) ** 6


def _org_body(index: int) -> str:
    """A unique 8-character organisation-code body per index ("MA" + 6 base-31 characters)."""
    n = (index * 7_919_141) % _M6  # multiplier coprime with 31**6: a permutation
    chars = []
    for _ in range(6):
        n, digit = divmod(n, len(USCC_CHARSET))
        chars.append(USCC_CHARSET[digit])
    return "MA" + "".join(chars)


def _id_number(index: int) -> str:
    """A unique valid ID number per index: division, birth date and sequence derived from the index."""
    division = BIRTH_DIVISIONS[index % len(BIRTH_DIVISIONS)]
    rest = index // len(BIRTH_DIVISIONS)
    # 37 is coprime with 18,000: distinct thousands of rows get distinct birth dates.
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=(rest // 1000) * 37 % 18000)
    sequence = rest % 1000
    first17 = f"{division}{birth:%Y%m%d}{sequence:03d}"
    return first17 + idcard_check_character(first17)


def generate(path: Path, rows: int) -> None:
    """Write the benchmark CSV (deterministic for SEED)."""
    rng = random.Random(SEED)
    start = dt.date(1995, 1, 1).toordinal()
    span = dt.date(2026, 6, 30).toordinal() - start
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for index in range(1, rows + 1):
            division = DIVISIONS[index % 2]
            individual = rng.random() < 0.65
            category = "92" if individual else "91"
            body = _org_body(index)
            first17 = category + division + body + org_code_check_character(body)
            uscc = first17 + uscc_check_character(first17)
            trade, industry, scope = TRADES[index % len(TRADES)]
            word = rng.choice(WORDS) + rng.choice(WORDS)
            person = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            if individual:
                name, kind, capital = (
                    f"{'涧西区' if division == '410305' else '老城区'}{word}{trade}店",
                    "个体工商户",
                    "",
                )
            else:
                name, kind, capital = (
                    f"洛阳{word}{trade}有限公司",
                    "llc",
                    str(rng.choice((10, 50, 100, 500, 1000))),
                )
            established = dt.date.fromordinal(start + rng.randrange(span)).isoformat()
            status = "active" if rng.random() < 0.9 else rng.choice(("suspended", "revoked", "deregistered"))
            if index % 500 == 0:  # about 0.2% bad rows: malformed date or a broken check character
                if index % 1000 == 0:
                    established = "2021-13-01"
                else:
                    uscc = uscc[:17] + ("0" if uscc[17] != "0" else "1")
            writer.writerow(
                [
                    uscc,
                    name,
                    kind,
                    person,
                    _id_number(index),
                    f"139{index:08d}",
                    established,
                    f"河南省洛阳市{rng.choice(STREETS)}{rng.randint(1, 300)}号",
                    division,
                    scope,
                    AUTHORITY[division],
                    capital,
                    industry,
                    status,
                ]
            )


def empty_registry() -> None:
    """Empty the tables the import and the baseline write."""
    from django.db import connection

    from shijian.registry.models import ChangeFeedEntry, EntityChange, ImportRun, MarketEntity, Person

    tables = ", ".join(
        m._meta.db_table for m in (ChangeFeedEntry, EntityChange, MarketEntity, Person, ImportRun)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


def baseline(path: Path, rows: int) -> float:
    """Seconds to write the first ``rows`` rows with bulk_create in batches of 1,000."""
    from django.utils import timezone

    from shijian.accounts.models import OrgUnit
    from shijian.registry.models import MarketEntity, Person

    units = dict(OrgUnit.objects.filter(code__in=AUTHORITY.values()).values_list("code", "id"))
    paths = dict(OrgUnit.objects.filter(code__in=AUTHORITY.values()).values_list("code", "path"))
    types = {"个体工商户": "individual", "llc": "llc"}
    began = time.perf_counter()
    now = timezone.now()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        chunk: list[list[str]] = []
        for count, row in enumerate(reader, start=1):
            chunk.append(row)
            if len(chunk) == 1000 or count == rows:
                persons = Person.objects.bulk_create(
                    [Person(name=r[3], id_number=r[4], phone=r[5], created_at=now) for r in chunk],
                    batch_size=1000,
                )
                entities = []
                for r, person in zip(chunk, persons, strict=True):
                    try:
                        established = dt.date.fromisoformat(r[6])
                    except ValueError:
                        established = dt.date(2021, 1, 1)
                    entities.append(
                        MarketEntity(
                            uscc=r[0],
                            name=r[1],
                            name_search=r[1],
                            entity_type=types[r[2]],
                            responsible_person=person,
                            registered_capital=r[11] or None,
                            established_on=established,
                            term_start=established,
                            address=r[7],
                            division_code=r[8],
                            business_scope=r[9],
                            industry_id=r[12],
                            registration_authority_id=units[r[10]],
                            supervisor_path=paths[r[10]],
                            status=r[13],
                            status_since=established,
                        )
                    )
                MarketEntity.objects.bulk_create(entities, batch_size=1000)
                chunk = []
            if count == rows:
                break
    return time.perf_counter() - began


def main() -> None:
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from shijian.accounts.models import OrgUnit
    from shijian.core.actor import system_actor
    from shijian.registry.importer.services import registry_import
    from shijian.registry.industries import industries_load
    from shijian.testing.world import build_world

    if connection.vendor != "postgresql":
        sys.exit("bench import: needs PostgreSQL (run it under scripts/with-postgres.sh)")
    call_command("migrate", verbosity=0)
    if not OrgUnit.objects.filter(code="410305-AMR").exists():
        build_world()
    industries_load()
    with tempfile.TemporaryDirectory(prefix="shijian-bench-") as folder:
        source = Path(folder) / "registry.csv"
        generate(source, ROWS)
        empty_registry()
        # The file exists before an import starts: write it out now rather than during the timing.
        os.sync()
        summary = registry_import(actor=system_actor("bench"), path=source, progress=False)
        if summary.rows_done != ROWS or summary.rows_ok + summary.rows_failed != ROWS:
            sys.exit(f"bench import: unexpected counts {summary.as_dict()}")
        seconds = summary.seconds
        empty_registry()
        baseline_seconds = baseline(source, BASELINE_ROWS)
        empty_registry()
    rows_per_s = ROWS / seconds
    baseline_rows_per_s = BASELINE_ROWS / baseline_seconds
    print(
        f"BENCH name=import rows={ROWS} rows_per_s={rows_per_s:.0f} baseline=bulk_create "
        f"baseline_rows_per_s={baseline_rows_per_s:.0f} ratio={rows_per_s / baseline_rows_per_s:.2f}"
    )


if __name__ == "__main__":
    main()
