"""The gram indexes of entity search (检索字元索引): what they are, and dropping and rebuilding them.

Migration ``registry/0002_search_indexes`` creates them; this module is for
bulk loads. A GIN index over the characters and bigrams of every name and
address is the most expensive thing to keep up to date row by row (about 38
µs of each imported row on the benchmark machine, against about 25 µs to
build it afresh afterwards, and the two can then be built side by side on
two connections). So a bulk import that is at least as large as the register
drops them first and rebuilds them at its end (see
``docs/registry-import.md``); searches keep working meanwhile, only without
the index (slower scans). ``shijian registry search-indexes`` shows and
repairs their state, e.g. after an import process was killed outright.

The definitions below must stay those of the migration (a test compares the
index definitions PostgreSQL reports after the migration with these).
"""

from __future__ import annotations

from django.db import connection, transaction

from shijian.registry.ddl import ddl_run, ddl_run_split

__all__ = [
    "GRAM_INDEXES",
    "gram_indexes_create",
    "gram_indexes_drop",
    "gram_indexes_missing",
    "search_indexes_supported",
]

#: name -> CREATE statement (the same as in migration 0002).
GRAM_INDEXES: dict[str, str] = {
    "registry_entity_name_grams_idx": (
        "CREATE INDEX IF NOT EXISTS registry_entity_name_grams_idx "
        "ON registry_marketentity USING gin (shijian_grams(name_search))"
    ),
    "registry_entity_address_grams_idx": (
        "CREATE INDEX IF NOT EXISTS registry_entity_address_grams_idx "
        "ON registry_marketentity USING gin (shijian_grams(address))"
    ),
}


def search_indexes_supported() -> bool:
    """True on PostgreSQL, where the gram indexes exist (SQLite scans instead)."""
    return connection.vendor == "postgresql"


def gram_indexes_missing() -> list[str]:
    """Names of gram indexes that do not exist (always empty where they are not supported)."""
    if not search_indexes_supported():
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ANY(%s)",
            [list(GRAM_INDEXES)],
        )
        present = {name for (name,) in cursor.fetchall()}
    return [name for name in GRAM_INDEXES if name not in present]


def gram_indexes_drop() -> list[str]:
    """Drop the gram indexes that exist; returns their names."""
    if not search_indexes_supported():
        return []
    missing = set(gram_indexes_missing())
    dropped = [name for name in GRAM_INDEXES if name not in missing]
    with transaction.atomic(), connection.cursor() as cursor:
        for name in dropped:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    return dropped


def gram_indexes_create(*, parallel: bool | None = None) -> list[str]:
    """Create the missing gram indexes (two at a time outside a transaction); returns their names."""
    missing = gram_indexes_missing()
    ddl_run_split([GRAM_INDEXES[name] for name in missing], ddl_run, parallel=parallel)
    return missing
