"""Batches rendered as PostgreSQL COPY text, produced in this process or a reader process. No Django.

The fast path spends its time in two places: validating rows (Python) and
writing them (the PostgreSQL server). On a two-core machine the two overlap
only if they do not share one Python interpreter (and its lock), so for
large files a separate reader process (it holds no database connection)
reads, validates and renders batches while this process feeds the database.
What crosses the pipe is plain data: COPY text and the rows' errors.
"""

from __future__ import annotations

import datetime as dt
import decimal
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, BinaryIO

from shijian.registry.importer.batching import Batch, batches
from shijian.registry.importer.domain import EntityRow, FileProblem, ImportContext, RowError
from shijian.registry.importer.readers import FileInfo, read_rows

__all__ = [
    "STAGING_COLUMNS",
    "Rendered",
    "copy_line",
    "reader_main",
    "render",
    "rendered_batches",
    "send_frame",
]

#: Columns of the staging table, in the order ``render`` writes them.
STAGING_COLUMNS = (
    "row_no",
    "uscc",
    "uscc_flagged",
    "name",
    "name_search",
    "entity_type",
    "foreign_invested",
    "p_name",
    "p_id_type",
    "p_id_number",
    "p_phone",
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
    "authority_id",
    "supervisor_path",
    "parent_uscc",
    "status",
    "status_since",
    "suspended_until",
)

# COPY text format: tab between columns, \N for NULL, backslash escapes.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_EOF = object()


def _plain(text: str) -> bool:
    """Whether ``text`` needs no COPY escape."""
    # Four substring searches are far cheaper than a set test per character,
    # which builds a one-character string for each (most text is Chinese).
    return "\\" not in text and "\t" not in text and "\n" not in text and "\r" not in text


def _text(value: str) -> str:
    """A text field in COPY format."""
    return value if _plain(value) else value.translate(_ESCAPES)


def _field(value: object) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, int | decimal.Decimal | dt.date):
        return str(value)
    raise TypeError(f"cannot COPY a {type(value).__name__}")


def copy_line(values: tuple[object, ...]) -> str:
    """One row in COPY text format, with its line end."""
    return "\t".join(map(_field, values)) + "\n"


def _key_line(key: str, row: int) -> str:
    """``copy_line((key, row))``: a USCC and its row."""
    return f"{_text(key)}\t{row}\n"


def _staging_line(e: EntityRow) -> str:
    """``copy_line(_staging_values(e))``, written out for the field types of ``EntityRow``.

    The generic line costs a type test and a call per field, and rendering
    runs for every valid row of an import; tested equal to the generic one.
    """
    texts = (
        e.uscc,
        e.name,
        e.name_search,
        e.entity_type,
        e.person_name,
        e.person_id_type,
        e.person_id_number,
        e.person_phone,
        e.capital_currency,
        e.address,
        e.division_code,
        e.premises_address,
        e.business_scope,
        e.industry_code or "",
        e.supervisor_path,
        e.parent_uscc or "",
        e.status,
    )
    if not _plain("".join(texts)):  # rare: let the generic path escape each field
        return copy_line(_staging_values(e))
    null = "\\N"
    capital = null if e.registered_capital is None else str(e.registered_capital)
    # Term start and status date default to the establishment date: format it once.
    established = str(e.established_on)
    term_start = established if e.term_start == e.established_on else str(e.term_start)
    since = established if e.status_since == e.established_on else str(e.status_since)
    return (
        f"{e.row}\t{e.uscc}\t{'t' if e.uscc_flagged else 'f'}\t{e.name}\t{e.name_search}\t"
        f"{e.entity_type}\t{'t' if e.foreign_invested else 'f'}\t{e.person_name}\t{e.person_id_type}\t"
        f"{e.person_id_number}\t{e.person_phone}\t{capital}\t{e.capital_currency}\t"
        f"{established}\t{term_start}\t{null if e.term_end is None else e.term_end}\t"
        f"{e.address}\t{e.division_code}\t{e.premises_address}\t{e.business_scope}\t"
        f"{null if e.industry_code is None else e.industry_code}\t{e.authority_id}\t{e.supervisor_path}\t"
        f"{null if e.parent_uscc is None else e.parent_uscc}\t{e.status}\t{since}\t"
        f"{null if e.suspended_until is None else e.suspended_until}\n"
    )


def _staging_values(e: EntityRow) -> tuple[object, ...]:
    return (
        e.row,
        e.uscc,
        e.uscc_flagged,
        e.name,
        e.name_search,
        e.entity_type,
        e.foreign_invested,
        e.person_name,
        e.person_id_type,
        e.person_id_number,
        e.person_phone,
        e.registered_capital,
        e.capital_currency,
        e.established_on,
        e.term_start,
        e.term_end,
        e.address,
        e.division_code,
        e.premises_address,
        e.business_scope,
        e.industry_code,
        e.authority_id,
        e.supervisor_path,
        e.parent_uscc,
        e.status,
        e.status_since,
        e.suspended_until,
    )


@dataclass(slots=True)
class Rendered:
    """A batch ready for COPY: ``keys`` (uscc, row) and ``staging`` (valid rows) as COPY text.

    ``keys`` holds each USCC's first row in the batch, valid or not, so that
    later rows repeating it are found as duplicates; ``errors`` are the rows
    that failed validation or repeat a row of this batch.
    """

    done: int
    size: int
    replay: bool
    valid: int
    keys: bytes
    staging: bytes
    errors: list[RowError] = field(default_factory=list)


def render(batch: Batch) -> Rendered:
    """COPY text of a batch (pure)."""
    if batch.replay:
        seen: set[str] = set()
        lines = []
        for key, row in batch.keys:
            if key not in seen:
                seen.add(key)
                lines.append(_key_line(key, row))
        return Rendered(batch.done, batch.size, True, 0, "".join(lines).encode(), b"")
    first: set[str] = set()
    key_lines: list[str] = []
    staging: list[str] = []
    errors: list[RowError] = []
    for result in batch.results:
        if result.key and result.key not in first:
            first.add(result.key)
            key_lines.append(_key_line(result.key, result.row))
        if result.entity is not None:
            staging.append(_staging_line(result.entity))
        else:
            errors.extend(result.errors)
    return Rendered(
        done=batch.done,
        size=batch.size,
        replay=False,
        valid=len(staging),
        keys="".join(key_lines).encode(),
        staging="".join(staging).encode(),
        errors=errors,
    )


def _produce(
    source: Path, kind: str, info: FileInfo, encoding: str, context: ImportContext, size: int, skip: int
) -> Iterator[Rendered]:
    rows = read_rows(source, kind=kind, info=info, encoding=encoding)
    for batch in batches(rows, context=context, size=size, skip=skip):
        rendered = render(batch)
        # Let the batch's rows go now, not only once the next batch is validated:
        # fewer live objects for the garbage collector to walk meanwhile.
        del batch
        yield rendered


def _frame(stream: IO[bytes]) -> object:
    """One length-prefixed pickle frame from the reader, or ``_EOF`` at the end of the stream."""
    head = stream.read(8)
    if len(head) < 8:
        return _EOF
    size = int.from_bytes(head, "big")
    body = stream.read(size)
    if len(body) < size:
        return _EOF
    # Frames come from the reader process this function started, never from outside.
    return pickle.loads(body)  # noqa: S301


def send_frame(stream: BinaryIO, item: object) -> None:
    """Write one length-prefixed pickle frame (the reader process's side)."""
    body = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(body).to_bytes(8, "big"))
    stream.write(body)
    stream.flush()


def reader_main(stdin: BinaryIO, stdout: BinaryIO) -> None:
    """Body of the reader process: read the job, send rendered batches, then ``None`` or the problem."""
    job = pickle.loads(stdin.read())  # noqa: S301 - written by the parent process, see rendered_batches
    try:
        for item in _produce(**job):
            send_frame(stdout, item)
        send_frame(stdout, None)
    except FileProblem as problem:
        send_frame(stdout, ("problem", problem.code, problem.message_zh, problem.message_en, problem.row))
    except Exception as exc:  # reported to the parent, which raises it there
        send_frame(stdout, ("error", f"{type(exc).__name__}: {exc}"))


def rendered_batches(
    source: Path,
    *,
    kind: str,
    info: FileInfo,
    encoding: str,
    context: ImportContext,
    size: int,
    skip: int,
    process: bool,
) -> Iterator[Rendered]:
    """Rendered batches of the file, from a reader process when ``process`` (large files).

    The reader is a fresh interpreter (``python -m
    shijian.registry.importer.reader``) rather than a multiprocessing child,
    so that it never re-runs the caller's main script. The pipe between the
    two is the bound on memory: the reader blocks once it is one batch ahead.
    """
    job = {
        "source": source,
        "kind": kind,
        "info": info,
        "encoding": encoding,
        "context": context,
        "size": size,
        "skip": skip,
    }
    if not process:
        yield from _produce(**job)  # type: ignore[arg-type]
        return
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    # Our own module, run by the same interpreter.
    reader = subprocess.Popen(
        [sys.executable, "-m", "shijian.registry.importer.reader"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert reader.stdin is not None and reader.stdout is not None
    try:
        reader.stdin.write(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
        reader.stdin.close()
        while True:
            item = _frame(reader.stdout)
            if item is None:
                return
            if isinstance(item, Rendered):
                yield item
                continue
            if item is _EOF:
                reader.wait(timeout=10)
                stderr = reader.stderr.read().decode(errors="replace")[-2000:] if reader.stderr else ""
                raise RuntimeError(
                    f"the import reader process ended early (exit {reader.returncode}): {stderr}"
                )
            assert isinstance(item, tuple)
            if item[0] == "problem":
                _, code, zh, en, row = item
                raise FileProblem(code, zh, en, row=row)
            raise RuntimeError(f"the import reader process failed: {item[1]}")
    finally:
        if reader.poll() is None:
            reader.kill()
        reader.wait(timeout=10)
        for stream in (reader.stdout, reader.stderr):
            if stream is not None:
                stream.close()
