"""Bulk-load mode (批量装载): indexes and foreign keys of the register dropped for the load, rebuilt after.

Keeping every index of ``registry_marketentity`` up to date row by row, and
checking its foreign keys row by row at each commit, costs more than
building the indexes once and validating the keys with one set-based scan
at the end (the PostgreSQL manual's advice for bulk loads). So an initial
load (see ``services.DEFER_INDEXES_MIN_ROWS``) drops:

* every index of ``registry_marketentity`` and ``registry_person`` that backs
  no constraint (the unique keys the upserts rely on stay), including the
  search gram indexes, and
* the foreign keys of ``registry_marketentity``,

records their definitions, as PostgreSQL reports them, in the run's
``ImportRun.deferred`` (so that nothing is lost if the process dies), and at
the end rebuilds the indexes two at a time on two connections (one core
each) and re-adds the keys ``NOT VALID`` followed by ``VALIDATE CONSTRAINT``.
The import itself checks every reference it writes (persons it inserted,
authorities and industries from its context, parents it resolved); the
validation proves it. Searches keep working meanwhile, without their
indexes. ``restore_pending`` repairs the state left by a killed process; it
runs at the start of every import and from ``shijian registry search-indexes``.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction

from shijian.registry.ddl import ddl_run, ddl_run_split
from shijian.registry.models import ImportRun, MarketEntity, Person

__all__ = ["defer", "deferrable", "restore", "restore_pending"]

_TABLES = (MarketEntity._meta.db_table, Person._meta.db_table)
_FK_TABLE = MarketEntity._meta.db_table

_SECONDARY_INDEXES = """
SELECT 'index', i.indrelid::regclass::text, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid),
       pg_relation_size(i.indexrelid)
FROM pg_index i
LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid
WHERE i.indrelid::regclass::text = ANY(%s) AND c.oid IS NULL
"""
_FOREIGN_KEYS = """
SELECT 'fk', conrelid::regclass::text, conname, pg_get_constraintdef(oid), 0
FROM pg_constraint WHERE conrelid::regclass::text = %s AND contype = 'f'
"""


def deferrable() -> list[dict[str, str]]:
    """The indexes and foreign keys a bulk load may drop (kind, table, name, definition)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(_SECONDARY_INDEXES, [list(_TABLES)])
        rows = cursor.fetchall()
        cursor.execute(_FOREIGN_KEYS, [_FK_TABLE])
        rows += cursor.fetchall()
    # Largest indexes first, so that the two builders finish close together.
    rows.sort(key=lambda r: (r[0] != "index", "USING gin" not in r[3], r[2]))
    return [{"kind": k, "table": t, "name": n, "definition": d} for k, t, n, d, _size in rows]


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def defer(run: ImportRun) -> list[dict[str, str]]:
    """Record and drop the deferrable objects (one transaction); returns what was dropped."""
    objects = deferrable()
    if not objects:
        return []
    statements = [
        f"DROP INDEX IF EXISTS {_quoted(o['name'])}"
        if o["kind"] == "index"
        else f"ALTER TABLE {_quoted(o['table'])} DROP CONSTRAINT IF EXISTS {_quoted(o['name'])}"
        for o in objects
    ]
    with transaction.atomic():
        ImportRun.objects.filter(pk=run.pk).update(deferred=objects)
        ddl_run(*statements)
    return objects


def _exists(item: dict[str, str]) -> bool:
    with connection.cursor() as cursor:
        if item["kind"] == "index":
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [item["name"]])
        else:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_constraint"
                " WHERE conname = %s AND conrelid::regclass::text = %s)",
                [item["name"], item["table"]],
            )
        (found,) = cursor.fetchone()
    return bool(found)


def _rebuild(item: dict[str, str]) -> None:
    """Create one dropped object again, exactly as it was defined."""
    if _exists(item):
        return
    if item["kind"] == "index":
        ddl_run(item["definition"])
        return
    table, name = _quoted(item["table"]), _quoted(item["name"])
    # NOT VALID adds the key at once; VALIDATE then checks every row in one scan.
    ddl_run(
        f"ALTER TABLE {table} ADD CONSTRAINT {name} {item['definition']} NOT VALID",
        f"ALTER TABLE {table} VALIDATE CONSTRAINT {name}",
    )


def restore(run: ImportRun, *, parallel: bool | None = None) -> list[str]:
    """Rebuild what ``defer`` dropped for ``run`` and clear the record; returns the names rebuilt.

    ``parallel`` uses a second connection (it needs committed data, so by
    default only outside a transaction: a test runs inside one).
    """
    run.refresh_from_db(fields=["deferred"])
    objects: list[dict[str, Any]] = list(run.deferred)
    if not objects:
        return []
    if parallel is None:
        parallel = not connection.in_atomic_block
    indexes = [o for o in objects if o["kind"] == "index"]
    ddl_run_split(indexes, _rebuild, parallel=parallel)
    for item in objects:
        if item["kind"] != "index":
            _rebuild(item)
    ImportRun.objects.filter(pk=run.pk).update(deferred=[])
    return [o["name"] for o in objects]


def restore_pending() -> list[str]:
    """Rebuild what any earlier run left dropped (a process killed during a bulk load)."""
    rebuilt: list[str] = []
    for run in ImportRun.objects.exclude(deferred=[]).order_by("pk"):
        rebuilt += restore(run)
    return rebuilt
