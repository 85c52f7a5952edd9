"""The registry bulk import service (登记数据批量导入): ``registry_import``.

A run is identified by the file's SHA-256 (``ImportRun``). Rows are read and
validated in batches; each batch is committed whole, together with the
run's progress (``rows_done``), and its invalid rows go to the error report.
After a crash, running the same file again resumes after the last committed
batch; running a finished file again changes nothing. On PostgreSQL the
batches go through COPY and set-based SQL (``postgres.PostgresWriter``);
elsewhere through the ORM in smaller batches (``generic.GenericWriter``),
with the same results. One audit record per run, not per row.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from tqdm import tqdm

from shijian.accounts.models import OrgUnit
from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record
from shijian.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from shijian.core.identifiers import uscc_check
from shijian.core.scoping import scope
from shijian.registry.importer import deferral
from shijian.registry.importer.batching import batches
from shijian.registry.importer.domain import AuthorityRef, FileProblem, ImportContext, RowError
from shijian.registry.importer.generic import GenericWriter
from shijian.registry.importer.postgres import PostgresWriter
from shijian.registry.importer.readers import FileInfo, file_info, file_kind, read_rows
from shijian.registry.importer.rendering import rendered_batches
from shijian.registry.importer.report import ErrorReport, default_report_path
from shijian.registry.importer.store import WriteOutcome
from shijian.registry.models import ImportRun, Industry, MarketEntity
from shijian.registry.policies import REGISTRARS
from shijian.registry.search.indexes import search_indexes_supported

__all__ = ["ImportFailed", "ImportSummary", "registry_import"]

logger = logging.getLogger(__name__)

#: Rows per committed batch: COPY batches amortise statement overhead; ORM batches keep queries small.
FAST_BATCH = 20_000
GENERIC_BATCH = 1_000
#: Files above this size are validated in a separate reader process on the fast path.
READER_PROCESS_BYTES = 8 * 1024 * 1024
#: A fast-path import of at least this many rows, and of no fewer rows than the register
#: holds, drops the register's indexes and foreign keys and rebuilds them at its end (deferral.py).
DEFER_INDEXES_MIN_ROWS = 100_000


class ImportFailed(DomainError):
    """The file could not be imported to its end (cut off, damaged, wrong format); the run failed."""

    status_code = 422


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What one call of ``registry_import`` did (counts of this call; ``rows_*`` are the run's totals)."""

    run_id: int
    status: str
    file: str
    sha256: str
    method: str
    resumed_from: int
    already_finished: bool
    rows_done: int
    rows_ok: int
    rows_failed: int
    created: int
    updated: int
    unchanged: int
    error_report: str
    seconds: float
    search_indexes_deferred: bool = False

    @property
    def rows_per_second(self) -> float:
        """Data rows handled by this call per second."""
        handled = self.rows_done - self.resumed_from
        return handled / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        payload = asdict(self)
        payload["rows_per_second"] = round(self.rows_per_second, 1)
        return payload


def _require_importer(actor: Actor) -> None:
    if actor.is_system:
        return
    if not actor.has_any(REGISTRARS):
        raise PermissionDenied("registry.import")


def _context(
    *, actor: Actor, authority_code: str | None, accept_flagged: Iterable[str], today: dt.date
) -> ImportContext:
    """Org units the actor may name, known industry codes, accepted pilot codes."""
    authorities = {
        code: AuthorityRef(id=pk, path=path)
        for code, pk, path in scope(actor, OrgUnit.objects.filter(is_active=True)).values_list(
            "code", "id", "path"
        )
    }
    if authority_code and authority_code not in authorities:
        raise ValidationFailed(
            "authority",
            f"未知或不在您辖区内的登记机关代码 {authority_code}",
            f"unknown registration authority {authority_code}, or outside your jurisdiction",
        )
    accepted = frozenset(uscc_check(code).normalised for code in accept_flagged if code.strip())
    industries = frozenset(Industry.objects.values_list("code", flat=True))
    return ImportContext(
        today=today,
        authorities=authorities,
        industries=industries,
        default_authority=authority_code or None,
        accepted_flagged=accepted,
    )


@contextmanager
def _exclusive(sha256: str) -> Iterator[None]:
    """One import of a given file at a time (a session advisory lock on PostgreSQL)."""
    if connection.vendor != "postgresql":
        yield
        return
    key = int(sha256[:15], 16)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        (locked,) = cursor.fetchone()
    if not locked:
        raise Conflict("import_running", "该文件正在导入中", "this file is being imported right now")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def _run_facts(run: ImportRun) -> dict[str, Any]:
    return {
        "file_name": run.file_name,
        "file_sha256": run.file_sha256,
        "status": run.status,
        "rows_done": run.rows_done,
        "rows_ok": run.rows_ok,
        "rows_failed": run.rows_failed,
        "error_report": run.error_report,
    }


def _close_run(
    run: ImportRun, *, actor: Actor, status: str, extra: dict[str, Any], reason: str, org_unit_path: str
) -> ImportRun:
    """Mark the run finished or failed and write the run's one audit record."""
    with transaction.atomic():
        ImportRun.objects.filter(pk=run.pk).update(status=status, finished_at=timezone.now())
        run.refresh_from_db()
        audit_record(
            actor=actor,
            action=f"registry.import.{status}",
            obj=run,
            after={**_run_facts(run), **extra},
            reason=reason,
            org_unit_path=org_unit_path,
        )
    return run


def _progress(total: int | None, initial: int, *, enabled: bool) -> tqdm[Any]:
    return tqdm(
        total=total,
        initial=initial,
        unit=" rows",
        unit_scale=True,
        desc="导入 import",
        file=sys.stderr,
        disable=not enabled,
        dynamic_ncols=True,
    )


def registry_import(
    *,
    actor: Actor,
    path: str | Path,
    authority_code: str | None = None,
    errors_path: str | Path | None = None,
    accept_flagged: Iterable[str] = (),
    today: dt.date | None = None,
    batch_size: int | None = None,
    fast: bool | None = None,
    encoding: str = "utf-8-sig",
    progress: bool = False,
    reader_process: bool | None = None,
    defer_indexes: bool | None = None,
) -> ImportSummary:
    """Import a registry file (CSV or XLSX) into the register: validated, batched, resumable.

    ``authority_code`` is the default registration authority (登记机关) for
    rows without one; ``accept_flagged`` lists early pilot USCCs that fail
    only the position-18 check and are kept flagged (``uscc_flagged``).
    ``fast`` forces the PostgreSQL COPY path on (it is the default there) or
    off; ``reader_process`` forces validation into a separate process on the
    fast path on or off (default: on for files over ``READER_PROCESS_BYTES``).
    ``defer_indexes`` drops the register's secondary indexes (also the search
    gram indexes) and foreign keys for the run and rebuilds
    them at its end, whether it succeeds or fails (default: on the fast path
    for a CSV of at least ``DEFER_INDEXES_MIN_ROWS`` rows still to import and
    no fewer than the register holds; an initial load, not a daily update).

    Raises ``ImportFailed`` when the file breaks off or is damaged: the
    batches before the break stay committed, nothing of the broken part is
    imported, the run is marked failed and the report names the row.
    """
    started = time.perf_counter()
    _require_importer(actor)
    source = Path(path)
    if not source.is_file():
        raise ValidationFailed("path", f"找不到文件 {source}", f"no such file: {source}")
    try:
        kind = file_kind(source)
    except FileProblem as problem:
        raise ValidationFailed("path", problem.message_zh, problem.message_en) from None
    postgres = connection.vendor == "postgresql"
    use_fast = postgres if fast is None else fast
    if use_fast and not postgres:
        raise ValidationFailed(
            "fast", "快速导入（COPY）需要PostgreSQL", "the COPY fast path needs PostgreSQL"
        )
    if defer_indexes and not use_fast:
        raise ValidationFailed(
            "defer_indexes",
            "只有PostgreSQL快速导入才能暂缓检索索引",
            "deferring the search indexes needs the PostgreSQL fast path",
        )
    today = today or timezone.localdate()
    context = _context(actor=actor, authority_code=authority_code, accept_flagged=accept_flagged, today=today)
    org_unit_path = context.authorities[authority_code].path if authority_code else ""
    info = file_info(source)
    report_path = Path(errors_path) if errors_path else default_report_path(source)

    with _exclusive(info.sha256):
        run = ImportRun.objects.filter(file_sha256=info.sha256).order_by("-pk").first()
        if run is not None and run.status == "finished":
            return _summary(run, method="none", resumed_from=run.rows_done, already=True, started=started)
        resumed_from = run.rows_done if run is not None else 0
        if run is None:
            run = ImportRun.objects.create(
                file_name=source.name[:300],
                file_sha256=info.sha256,
                actor=actor.audit_label[:200],
                error_report=str(report_path)[:300],
            )
        else:
            ImportRun.objects.filter(pk=run.pk).update(
                status="running", finished_at=None, error_report=str(report_path)[:300]
            )
        size = batch_size or (FAST_BATCH if use_fast else GENERIC_BATCH)
        report = ErrorReport(report_path, keep_through_row=resumed_from + 1 if resumed_from else None)
        estimate = max(info.lines - 1, 0) if kind == "csv" else None
        bar = _progress(estimate, resumed_from, enabled=progress)
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        method = PostgresWriter.name if use_fast else GenericWriter.name
        to_come = None if estimate is None else max(estimate - resumed_from, 0)
        deferred = _defer_indexes(defer_indexes, fast=use_fast, rows_to_come=to_come)
        _bulk_mode(run, deferred=deferred)
        steps = _steps(
            source,
            kind=kind,
            info=info,
            encoding=encoding,
            context=context,
            size=size,
            skip=resumed_from,
            fast=use_fast,
            reader_process=reader_process,
            today=today,
        )
        try:
            for step in steps:
                _commit(step, run=run, report=report, counts=counts)
                bar.update(step.size)
        except FileProblem as problem:
            row = problem.row or 0
            report.write([RowError(row, "file", problem.message_zh, problem.message_en)])
            report.close()
            _close_run(
                run,
                actor=actor,
                status="failed",
                extra={**counts, "failed_at_row": row, "problem": problem.code},
                reason=problem.message_en,
                org_unit_path=org_unit_path,
            )
            raise ImportFailed(
                problem.code,
                f"导入失败（第{row}行）：{problem.message_zh}",
                f"import failed (row {row}): {problem.message_en}",
                field="file",
                details={"run_id": run.pk, "row": row, "error_report": str(report_path)},
            ) from problem
        except BaseException as exc:
            report.close()
            try:
                _close_run(
                    run,
                    actor=actor,
                    status="failed",
                    extra={**counts, "problem": type(exc).__name__},
                    reason=str(exc)[:500],
                    org_unit_path=org_unit_path,
                )
            except Exception:  # e.g. the connection is gone: the first error is the one to see
                logger.exception("could not mark import run %s failed", run.pk)
            raise
        finally:
            steps.close()
            report.close()
            bar.close()
            if deferred:
                # Also after a failure: the register must not stay without its indexes and keys.
                deferral.restore(run)
        run = _close_run(
            run,
            actor=actor,
            status="finished",
            extra={**counts, "resumed_from": resumed_from, "method": method, "indexes_deferred": deferred},
            reason="",
            org_unit_path=org_unit_path,
        )
    return _summary(
        run,
        method=method,
        resumed_from=resumed_from,
        started=started,
        created=counts["created"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
        deferred=deferred,
    )


def _bulk_mode(run: ImportRun, *, deferred: bool) -> None:
    """Enter bulk-load mode for ``run`` (or leave what an earlier, killed run left behind)."""
    for other in ImportRun.objects.exclude(pk=run.pk).exclude(deferred=[]):
        deferral.restore(other)
    run.refresh_from_db(fields=["deferred"])
    if deferred and not run.deferred:
        deferral.defer(run)
    elif not deferred and run.deferred:
        deferral.restore(run)  # resumed without bulk-load mode: back to normal first


def _defer_indexes(choice: bool | None, *, fast: bool, rows_to_come: int | None) -> bool:
    """Whether this run drops the gram indexes and rebuilds them at its end."""
    if not fast or not search_indexes_supported():
        return False
    if choice is not None:
        return choice
    if rows_to_come is None or rows_to_come < DEFER_INDEXES_MIN_ROWS:
        return False
    # Rebuilding pays off when the file is at least as large as the register; counting
    # stops there, so this costs at most a scan of ``rows_to_come`` rows.
    registered = MarketEntity.objects.all()[:rows_to_come].count()
    return registered < rows_to_come


@dataclass(frozen=True, slots=True)
class _Step:
    """One batch to commit: the data rows up to its end (``done``), its size, and how to write it."""

    done: int
    size: int
    write: Callable[..., WriteOutcome]


def _steps(
    source: Path,
    *,
    kind: str,
    info: FileInfo,
    encoding: str,
    context: ImportContext,
    size: int,
    skip: int,
    fast: bool,
    reader_process: bool | None,
    today: dt.date,
) -> Generator[_Step, None, None]:
    """The batches of the file as steps; rows before ``skip`` are only remembered (duplicates)."""
    if fast:
        # A first load into an empty register inserts without looking for the rows as they were.
        fresh = skip == 0 and not MarketEntity.objects.exists()
        fast_writer = PostgresWriter(fresh=fresh)
        fast_writer.start()
        # A reader process pays off once its start-up (about a second) is small against the work.
        process = reader_process if reader_process is not None else info.size > READER_PROCESS_BYTES
        try:
            for rendered in rendered_batches(
                source,
                kind=kind,
                info=info,
                encoding=encoding,
                context=context,
                size=size,
                skip=skip,
                process=process,
            ):
                if rendered.replay:
                    fast_writer.remember(rendered.keys)
                else:
                    yield _Step(
                        rendered.done, rendered.size, partial(fast_writer.write, rendered, today=today)
                    )
        finally:
            fast_writer.finish()
        return
    generic_writer = GenericWriter()
    rows = read_rows(source, kind=kind, info=info, encoding=encoding)
    for batch in batches(rows, context=context, size=size, skip=skip):
        if batch.replay:
            generic_writer.remember(batch.keys)
        else:
            yield _Step(batch.done, batch.size, partial(generic_writer.write, batch, today=today))


def _commit(step: _Step, *, run: ImportRun, report: ErrorReport, counts: dict[str, int]) -> None:
    """Write one batch and the run's progress in one transaction (all of it, or none)."""
    with transaction.atomic():
        outcome = step.write(now=timezone.now())
        stored = outcome.created + outcome.updated + outcome.unchanged
        failed = len({error.row for error in outcome.errors})
        report.write(outcome.errors)
        report.flush()
        ImportRun.objects.filter(pk=run.pk).update(
            rows_done=step.done, rows_ok=F("rows_ok") + stored, rows_failed=F("rows_failed") + failed
        )
    counts["created"] += outcome.created
    counts["updated"] += outcome.updated
    counts["unchanged"] += outcome.unchanged


def _summary(
    run: ImportRun,
    *,
    method: str,
    resumed_from: int,
    started: float,
    already: bool = False,
    created: int = 0,
    updated: int = 0,
    unchanged: int = 0,
    deferred: bool = False,
) -> ImportSummary:
    return ImportSummary(
        run_id=run.pk,
        status=run.status,
        file=run.file_name,
        sha256=run.file_sha256,
        method=method,
        resumed_from=resumed_from,
        already_finished=already,
        rows_done=run.rows_done,
        rows_ok=run.rows_ok,
        rows_failed=run.rows_failed,
        created=created,
        updated=updated,
        unchanged=unchanged,
        error_report=run.error_report,
        seconds=time.perf_counter() - started,
        search_indexes_deferred=deferred,
    )
