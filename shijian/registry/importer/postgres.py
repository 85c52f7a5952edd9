"""The PostgreSQL fast path (快速导入): COPY into TEMP staging tables, then set-based SQL.

Per batch: the USCCs of all its rows go to a key table and are matched
against every earlier row of the file (duplicates); the valid rows are
COPYed into a staging table; persons are inserted in one statement
(``ON CONFLICT (id_type, id_number) DO NOTHING``); entities are upserted in
one statement (``ON CONFLICT (uscc) DO UPDATE ... WHERE`` something
differs, so an unchanged row is not touched), whose data-modifying CTEs also
write the change records and the change-feed events of exactly the rows
that were inserted or changed. Parents go in a first pass and branches in a
second, so that a branch may name a parent from the same batch.

The staging tables are TEMP tables (per connection, never in a migration);
they are emptied at the start of every batch rather than ON COMMIT, because
the test suite runs the whole import inside one outer transaction.
"""

# The SQL here is composed from model table names and this module's constants,
# never from input; values always go in as parameters or through COPY.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.db import DatabaseError, connection, transaction

from shijian.accounts.models import OrgUnit
from shijian.registry.importer.domain import RowError, duplicate_of, parent_missing, person_conflict
from shijian.registry.importer.rendering import STAGING_COLUMNS, Rendered
from shijian.registry.importer.store import STATUS_SHOWN, TYPE_SHOWN, WriteOutcome
from shijian.registry.models import ChangeFeedEntry, EntityChange, Industry, MarketEntity, Person

STAGING = "shijian_import_staging"
SEEN = "shijian_import_seen"
KEYS = "shijian_import_keys"
TEMP_BUFFERS = "256MB"

_ENTITY = MarketEntity._meta.db_table
_PERSON = Person._meta.db_table
_CHANGE = EntityChange._meta.db_table
_FEED = ChangeFeedEntry._meta.db_table
_ORG = OrgUnit._meta.db_table
_INDUSTRY = Industry._meta.db_table

_CREATE = f"""
CREATE TEMP TABLE IF NOT EXISTS {STAGING} (
    row_no bigint NOT NULL,
    uscc varchar(18) NOT NULL,
    uscc_flagged boolean NOT NULL,
    name varchar(200) NOT NULL,
    name_search varchar(200) NOT NULL,
    entity_type varchar(20) NOT NULL,
    foreign_invested boolean NOT NULL,
    p_name varchar(100) NOT NULL,
    p_id_type varchar(20) NOT NULL,
    p_id_number varchar(40) NOT NULL,
    p_phone varchar(20) NOT NULL,
    registered_capital numeric(18, 4),
    capital_currency varchar(3) NOT NULL,
    established_on date NOT NULL,
    term_start date,
    term_end date,
    address varchar(300) NOT NULL,
    division_code varchar(6) NOT NULL,
    premises_address varchar(300) NOT NULL,
    business_scope text NOT NULL,
    industry_id varchar(5),
    authority_id bigint NOT NULL,
    supervisor_path varchar(255) NOT NULL,
    parent_uscc varchar(18),
    status varchar(20) NOT NULL,
    status_since date NOT NULL,
    suspended_until date
);
CREATE TEMP TABLE IF NOT EXISTS {SEEN} (uscc text NOT NULL, row_no bigint NOT NULL);
CREATE INDEX IF NOT EXISTS {SEEN}_uscc ON {SEEN} USING hash (uscc);
CREATE TEMP TABLE IF NOT EXISTS {KEYS} (uscc text NOT NULL, row_no bigint NOT NULL);
TRUNCATE {STAGING}, {SEEN}, {KEYS};
"""

# Entity columns written from the staging row (src), in insert order.
_TARGET = (
    "uscc",
    "uscc_flagged",
    "name",
    "name_search",
    "entity_type",
    "foreign_invested",
    "responsible_person_id",
    "registered_capital",
    "capital_currency",
    "established_on",
    "term_start",
    "term_end",
    "address",
    "division_code",
    "premises_address",
    "business_scope",
    "industry_id",
    "registration_authority_id",
    "supervisor_path",
    "parent_entity_id",
    "status",
    "status_since",
    "suspended_until",
)
_SOURCE = tuple(
    {
        "responsible_person_id": "src.person_id",
        "registration_authority_id": "src.authority_id",
        "parent_entity_id": "src.parent_id",
    }.get(column, f"src.{column}")
    for column in _TARGET
)
_COMPARED = _TARGET[1:]


def _case(column: str, labels: dict[str, str]) -> str:
    """SQL showing a coded column by its Chinese label (labels are our own constants, not input)."""
    whens = " ".join(f"WHEN '{value}' THEN '{label}'" for value, label in labels.items())
    return f"(CASE {column} {whens} ELSE {column} END)"


def _yes_no(column: str) -> str:
    return f"(CASE WHEN {column} THEN '是' ELSE '否' END)"


# The staging (src) name of an entity column where the two differ.
_SRC_NAME = {
    "responsible_person_id": "person_id",
    "registration_authority_id": "authority_id",
    "parent_entity_id": "parent_id",
}


def _old(column: str) -> str:
    return f"(t.before).{column}"


def _new(column: str) -> str:
    return f"t.{_SRC_NAME.get(column, column)}"


def _name_of(table: str, column: str, key: str) -> tuple[str, str]:
    return (
        f"(SELECT {column} FROM {table} WHERE id = {_old(key)})",
        f"(SELECT {column} FROM {table} WHERE id = {_new(key)})",
    )


def _shown(column: str, cast: str = "") -> tuple[str, str]:
    return f"{_old(column)}{cast}", f"{_new(column)}{cast}"


# (item label, (before, after) as shown, column compared) per CHANGE_ITEMS entry, over the
# row as it was (``t.before``) and the staging row that replaced it (``t``).
_DIFF: tuple[tuple[str, tuple[str, str], str | None], ...] = (
    ("名称 name", _shown("name"), None),
    (
        "类型 type",
        (_case(_old("entity_type"), TYPE_SHOWN), _case(_new("entity_type"), TYPE_SHOWN)),
        "entity_type",
    ),
    (
        "法定代表人（负责人） responsible person",
        _name_of(_PERSON, "name", "responsible_person_id"),
        "responsible_person_id",
    ),
    ("住所 registered address", _shown("address"), None),
    ("行政区划 division", _shown("division_code"), None),
    ("经营场所 premises", _shown("premises_address"), None),
    ("经营范围 business scope", _shown("business_scope"), None),
    ("注册资本 registered capital", _shown("registered_capital", "::text"), None),
    ("币种 currency", _shown("capital_currency"), None),
    ("成立日期 established on", _shown("established_on", "::text"), None),
    ("营业期限自 term from", _shown("term_start", "::text"), None),
    ("营业期限至 term until", _shown("term_end", "::text"), None),
    ("行业 industry", _shown("industry_id"), None),
    (
        "外商投资 foreign-invested",
        (_yes_no(_old("foreign_invested")), _yes_no(_new("foreign_invested"))),
        None,
    ),
    (
        "登记机关 registration authority",
        _name_of(_ORG, "name", "registration_authority_id"),
        "registration_authority_id",
    ),
    ("隶属企业 parent entity", _name_of(_ENTITY, "uscc", "parent_entity_id"), "parent_entity_id"),
    (
        "登记状态 status",
        (_case(_old("status"), STATUS_SHOWN), _case(_new("status"), STATUS_SHOWN)),
        "status",
    ),
    ("状态日期 status since", _shown("status_since", "::text"), None),
    ("歇业期限至 suspended until", _shown("suspended_until", "::text"), None),
)


def _diff_values() -> str:
    rows = []
    for order, (label, (before, after), compared) in enumerate(_DIFF, start=1):
        if compared is None:
            changed = f"{before} IS DISTINCT FROM {after}"
        else:
            changed = f"{_old(compared)} IS DISTINCT FROM {_new(compared)}"
        # Lookups of names run only for the rows where the value changed.
        rows.append(
            f"({order}, '{label}', CASE WHEN {changed} THEN {before} END, "
            f"CASE WHEN {changed} THEN {after} END, {changed})"
        )
    return ",\n            ".join(rows)


# The upsert of one pass (roots, then branches). Every lookup of a permanent table
# is a scalar subquery, so it is always an index probe: a join would let the
# planner hash the whole (growing) table once per batch. ``before`` is the row as
# it was (NULL for a new entity); ``touched`` the staging rows whose entity was
# inserted or changed (an unchanged row is not returned by the upsert). The joins
# left are between this batch's CTEs, so hash joins of batch size.
_SOURCE_ROWS = f"""
    SELECT s.*,
        (SELECT p.id FROM {_PERSON} p WHERE p.id_type = s.p_id_type AND p.id_number = s.p_id_number)
            AS person_id,
        __PARENT__ AS parent_id,
        (SELECT e FROM {_ENTITY} e WHERE e.uscc = s.uscc) AS before
    FROM {STAGING} s
    WHERE s.parent_uscc IS __NULLNESS__
"""
_UPSERT = f"""
WITH src AS MATERIALIZED (__SOURCE__),
up AS (
    INSERT INTO {_ENTITY} AS e ({", ".join(_TARGET)}, created_at, updated_at)
    SELECT {", ".join(_SOURCE)}, %(now)s, %(now)s FROM src
    ON CONFLICT (uscc) DO UPDATE SET
        {", ".join(f"{c} = EXCLUDED.{c}" for c in _COMPARED)}, updated_at = EXCLUDED.updated_at
    WHERE ({", ".join(f"e.{c}" for c in _COMPARED)})
        IS DISTINCT FROM ({", ".join(f"EXCLUDED.{c}" for c in _COMPARED)})
    RETURNING e.id, e.uscc
),
touched AS MATERIALIZED (
    SELECT src.*, up.id FROM up JOIN src ON src.uscc = up.uscc
),
diff AS MATERIALIZED (
    SELECT t.id, v.ord, v.item, coalesce(v.before, '') AS before, coalesce(v.after, '') AS after
    FROM touched t
    CROSS JOIN LATERAL (VALUES
            {_diff_values()}
    ) AS v(ord, item, before, after, changed)
    WHERE (t.before).id IS NOT NULL AND v.changed
),
items AS MATERIALIZED (
    SELECT d.id, jsonb_agg(jsonb_build_object('item', d.item, 'before', d.before, 'after', d.after)
        ORDER BY d.ord) AS items
    FROM diff d GROUP BY d.id
),
changes AS (
    INSERT INTO {_CHANGE} (entity_id, item, before, after, changed_on, document_number, public, created_at)
    SELECT d.id, d.item, d.before, d.after, %(today)s, '', true, %(now)s FROM diff d ORDER BY d.id, d.ord
),
feed AS (
    INSERT INTO {_FEED} (uscc, event, payload, occurred_at)
    SELECT t.uscc,
        CASE WHEN i.id IS NULL THEN 'registered' ELSE 'changed' END,
        CASE WHEN i.id IS NULL THEN __REGISTERED__
        ELSE jsonb_build_object('items', i.items, 'changed_on', %(today)s::date, 'source', 'import')
        END,
        %(now)s
    FROM touched t
    LEFT JOIN items i ON i.id = t.id
    WHERE (t.before).id IS NULL OR i.id IS NOT NULL
    ORDER BY t.row_no
)
SELECT count(*) FILTER (WHERE (before).id IS NULL), count(*) FILTER (WHERE (before).id IS NOT NULL)
FROM touched
"""

# The change-feed payload of a newly registered entity (``t``: its staging row).
_REGISTERED = """jsonb_build_object(
            'uscc', t.uscc, 'name', t.name, 'entity_type', t.entity_type, 'status', t.status,
            'established_on', t.established_on, 'division_code', t.division_code,
            'address', t.address, 'responsible_person', t.p_name)"""
_UPSERT = _UPSERT.replace("__REGISTERED__", _REGISTERED)

# A first load into an empty register: every row is new (duplicates of earlier
# batches are refused before), so a plain insert does - no probe for the row as
# it was, no comparison, no change records. A row registered meanwhile by someone
# else is skipped here (DO NOTHING) and left to the upsert, which the writer then
# runs for the pass: it returns ``(inserted, staged)``.
_FRESH = f"""
WITH __PERSONS__
src AS MATERIALIZED (__SOURCE__),
ins AS (
    INSERT INTO {_ENTITY} ({", ".join(_TARGET)}, created_at, updated_at)
    SELECT {", ".join(_SOURCE)}, %(now)s, %(now)s FROM src
    ON CONFLICT (uscc) DO NOTHING
    RETURNING uscc
),
feed AS (
    INSERT INTO {_FEED} (uscc, event, payload, occurred_at)
    SELECT t.uscc, 'registered', {_REGISTERED}, %(now)s
    FROM ins JOIN src t ON t.uscc = ins.uscc
    ORDER BY t.row_no
)
SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM src)
"""
_FRESH_SOURCE = f"""
    SELECT s.*,
        __PERSON__ AS person_id,
        __PARENT__ AS parent_id
    FROM {STAGING} s __JOIN__
    WHERE s.parent_uscc IS __NULLNESS__
"""
_PERSON_ID = f"(SELECT p.id FROM {_PERSON} p WHERE p.id_type = s.p_id_type AND p.id_number = s.p_id_number)"
_PARENT_ID = f"(SELECT pe.id FROM {_ENTITY} pe WHERE pe.uscc = s.parent_uscc)"
# The roots' statement also inserts the batch's new persons and takes their ids from
# the insert (a CTE does not see the rows a sibling inserts): only persons already on
# record are probed for. The branches' statement, run after it, finds them all.
_NEW_PERSONS = f"""newp AS (
    INSERT INTO {_PERSON} (name, id_type, id_number, phone, created_at)
    SELECT p_name, p_id_type, p_id_number, p_phone, %(now)s FROM {STAGING}
    ON CONFLICT (id_type, id_number) DO NOTHING
    RETURNING id, id_type, id_number
),"""
FRESH_ROOTS = _FRESH.replace("__PERSONS__", _NEW_PERSONS).replace(
    "__SOURCE__",
    _FRESH_SOURCE.replace("__PERSON__", f"coalesce(np.id, {_PERSON_ID})")
    .replace("__JOIN__", "LEFT JOIN newp np ON np.id_type = s.p_id_type AND np.id_number = s.p_id_number")
    .replace("__PARENT__", "NULL::bigint")
    .replace("__NULLNESS__", "NULL"),
)
FRESH_BRANCHES = _FRESH.replace("__PERSONS__", "").replace(
    "__SOURCE__",
    _FRESH_SOURCE.replace("__PERSON__", _PERSON_ID)
    .replace("__JOIN__", "")
    .replace("__PARENT__", _PARENT_ID)
    .replace("__NULLNESS__", "NOT NULL"),
)

UPSERT_ROOTS = _UPSERT.replace(
    "__SOURCE__", _SOURCE_ROWS.replace("__PARENT__", "NULL::bigint").replace("__NULLNESS__", "NULL")
)
UPSERT_BRANCHES = _UPSERT.replace(
    "__SOURCE__",
    _SOURCE_ROWS.replace("__PARENT__", _PARENT_ID).replace("__NULLNESS__", "NOT NULL"),
)

_PERSONS = f"""
INSERT INTO {_PERSON} (name, id_type, id_number, phone, created_at)
SELECT p_name, p_id_type, p_id_number, p_phone, %(now)s FROM {STAGING}
ON CONFLICT (id_type, id_number) DO NOTHING
"""

# ID numbers on record under another name (scalar subqueries: index probes, see above).
_NAME_CONFLICTS = f"""
WITH x AS MATERIALIZED (
    SELECT s.row_no, s.p_name,
        (SELECT p.name FROM {_PERSON} p
            WHERE p.id_type = s.p_id_type AND p.id_number = s.p_id_number) AS known
    FROM {STAGING} s
)
SELECT row_no, known FROM x WHERE known IS NOT NULL AND known <> p_name
"""

# One ID number given with two names within the batch (the first row's name stands).
_NAME_CONFLICTS_IN_BATCH = f"""
WITH firsts AS MATERIALIZED (
    SELECT DISTINCT ON (p_id_type, p_id_number) p_id_type, p_id_number, p_name, row_no
    FROM {STAGING} ORDER BY p_id_type, p_id_number, row_no
)
SELECT s.row_no, f.row_no FROM {STAGING} s
JOIN firsts f ON f.p_id_type = s.p_id_type AND f.p_id_number = s.p_id_number
WHERE s.p_name <> f.p_name
"""

# Branches whose parent is neither registered nor a non-branch row of the batch.
_MISSING_PARENTS = f"""
SELECT s.row_no, s.parent_uscc FROM {STAGING} s
WHERE s.parent_uscc IS NOT NULL
    AND (SELECT e.id FROM {_ENTITY} e WHERE e.uscc = s.parent_uscc) IS NULL
    AND s.parent_uscc NOT IN (SELECT r.uscc FROM {STAGING} r WHERE r.parent_uscc IS NULL)
"""

# Rows of this batch whose USCC an earlier batch of the file has; the others are
# remembered. (A hash index: equality probes only, cheaper to grow than a B-tree.)
_EARLIER = f"""
WITH x AS MATERIALIZED (
    SELECT k.uscc, k.row_no, (SELECT s.row_no FROM {SEEN} s WHERE s.uscc = k.uscc LIMIT 1) AS first
    FROM {KEYS} k
),
remembered AS (
    INSERT INTO {SEEN} (uscc, row_no) SELECT uscc, row_no FROM x WHERE first IS NULL
)
SELECT row_no, first FROM x WHERE first IS NOT NULL
"""


class PostgresWriter:
    """Writes batches with COPY and set-based upserts (PostgreSQL only)."""

    name = "postgresql-copy"

    def __init__(self, *, fresh: bool = False) -> None:
        """``fresh``: the register was empty when the run started (a first load: plain inserts)."""
        self.fresh = fresh

    def start(self) -> None:
        """Create (or empty) the TEMP tables of this connection."""
        with connection.cursor() as cursor:
            # The table of USCCs seen grows with the file; the default 8 MB of local
            # buffers would have it spill. Only possible before a session's first temp table.
            try:
                with transaction.atomic():
                    cursor.execute(f"SET temp_buffers = '{TEMP_BUFFERS}'")
            except DatabaseError:
                pass
            cursor.execute(_CREATE)

    def finish(self) -> None:
        """Drop the TEMP tables (they would go with the connection anyway)."""
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}, {SEEN}, {KEYS}")

    def remember(self, keys: bytes) -> None:
        """Record USCCs of rows before the resume point (COPY text of uscc, row; first occurrence wins)."""
        with connection.cursor() as cursor:
            self._copy(cursor, KEYS, ("uscc", "row_no"), keys)
            cursor.execute(_EARLIER)

    @staticmethod
    def _copy(cursor: Any, table: str, columns: Sequence[str], data: bytes) -> None:
        cursor.execute(f"TRUNCATE {table}")
        if data:
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                copy.write(data)

    def _refuse(self, cursor: Any, query: str, make: Callable[[int, Any], RowError]) -> dict[int, RowError]:
        """Rows a query over the staging table finds, as errors; they are deleted from staging."""
        cursor.execute(query)
        refused = {row: make(row, other) for row, other in cursor.fetchall()}
        if refused:
            cursor.execute(f"DELETE FROM {STAGING} WHERE row_no = ANY(%s)", [list(refused)])
        return refused

    def write(self, batch: Rendered, *, today: dt.date, now: dt.datetime) -> WriteOutcome:
        """Store one rendered batch (inside the caller's transaction)."""
        with connection.cursor() as cursor:
            # The planner's estimates for the CTE chain are huge, which triggers JIT
            # compilation that costs more than the statement; a batch's sorts fit in memory.
            cursor.execute("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'")
            # USCCs of earlier batches (those repeated within the batch are already errors).
            self._copy(cursor, KEYS, ("uscc", "row_no"), batch.keys)
            cursor.execute(_EARLIER)
            duplicates = {row: duplicate_of(row, first) for row, first in cursor.fetchall()}

            self._copy(cursor, STAGING, STAGING_COLUMNS, batch.staging)
            errors = list(batch.errors)
            outcome = WriteOutcome(errors=errors)
            if not batch.valid:
                errors.extend(duplicates.values())
                return outcome
            removed = 0
            if duplicates:
                cursor.execute(f"DELETE FROM {STAGING} WHERE row_no = ANY(%s)", [list(duplicates)])
                removed += cursor.rowcount
            # ID numbers on record under another name; branches without their parent.
            conflicts = self._refuse(cursor, _NAME_CONFLICTS, lambda row, _: person_conflict(row, None))
            conflicts.update(self._refuse(cursor, _NAME_CONFLICTS_IN_BATCH, person_conflict))
            orphans = self._refuse(cursor, _MISSING_PARENTS, parent_missing)
            removed += len(conflicts) + len(orphans)
            errors.extend([*duplicates.values(), *conflicts.values(), *orphans.values()])
            stored = batch.valid - removed
            if stored <= 0:
                return outcome
            params = {"now": now, "today": today}
            if not self.fresh:  # the fresh roots' statement inserts the persons itself
                cursor.execute(_PERSONS, params)
            for fresh, upsert in ((FRESH_ROOTS, UPSERT_ROOTS), (FRESH_BRANCHES, UPSERT_BRANCHES)):
                if self.fresh:
                    cursor.execute(fresh, params)
                    inserted, staged = cursor.fetchone()
                    outcome.created += inserted
                    if inserted == staged:
                        continue
                cursor.execute(upsert, params)
                created, updated = cursor.fetchone()
                outcome.created += created
                outcome.updated += updated
            outcome.unchanged = stored - outcome.created - outcome.updated
        return outcome
