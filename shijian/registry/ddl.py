"""Running index and constraint DDL for bulk work (索引重建): one place for the transaction rules.

Used by the search-index repair (``search/indexes.py``) and the import's
bulk-load mode (``importer/deferral.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.db import connection, transaction

__all__ = ["BUILD_MEMORY", "ddl_run", "ddl_run_split"]

T = TypeVar("T")

#: Memory per build: a GIN build sorts its entries in memory (the default 64 MB spills).
BUILD_MEMORY = "256MB"


def ddl_run(*statements: str) -> None:
    """Run statements in one transaction (a savepoint inside the caller's) with room for index builds."""
    inside = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
        if inside:
            # Rows written earlier in the caller's transaction still have their deferred
            # foreign-key checks pending, and PostgreSQL alters or indexes no such table:
            # run the checks now, then defer them again as Django declares them.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in statements:
            cursor.execute(statement)
        if inside:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _in_own_connection(work: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        try:
            work()
        finally:
            connection.close()  # this thread's connection, not the caller's

    return run


def ddl_run_split(items: Sequence[T], work: Callable[[T], None], *, parallel: bool | None = None) -> None:
    """``work`` on every item, on two connections at once when ``parallel`` (one core each).

    A second connection needs committed data, so by default it is used only
    outside a transaction (a test runs inside one). Items go alternately to
    the two connections: put the largest first.
    """
    if parallel is None:
        parallel = not connection.in_atomic_block
    if not parallel or len(items) < 2:
        for item in items:
            work(item)
        return

    def others() -> None:
        for item in items[1::2]:
            work(item)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ddl") as pool:
        other = pool.submit(_in_own_connection(others))
        for item in items[0::2]:
            work(item)
        other.result()
