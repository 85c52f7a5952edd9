"""Rows into validated batches (分批校验). No Django.

The batch is the unit of commit: the writer stores a batch's valid rows in
one transaction together with the run's progress, so after a crash the run
resumes exactly after its last committed batch. Duplicate USCCs inside a
batch are found here; those against earlier batches, and ID numbers given
with two names, are the writer's business (it knows the register).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from shijian.registry.importer.domain import (
    FileProblem,
    ImportContext,
    RowResult,
    RowValidator,
    duplicate_of,
    header_columns,
    is_blank,
    rejected,
    uscc_key,
)

__all__ = ["Batch", "batches"]


@dataclass(slots=True)
class Batch:
    """Consecutive data rows of the file.

    ``done`` is the number of data rows (header excluded) up to and including
    this batch: the run's ``rows_done`` once it is committed. A ``replay``
    batch holds rows before the resume point: only their USCCs (``keys``) are
    of use, to find duplicates of them later in the file.
    """

    done: int
    results: list[RowResult] = field(default_factory=list)
    blank: int = 0
    replay: bool = False
    keys: list[tuple[str, int]] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Data rows in the batch (blank ones included)."""
        return len(self.results) + self.blank + len(self.keys)


def _mark_in_batch(results: list[RowResult]) -> list[RowResult]:
    """Reject later rows repeating an earlier row's USCC (the first row wins)."""
    first_row: dict[str, int] = {}
    marked: list[RowResult] = []
    for result in results:
        if result.key:
            first = first_row.setdefault(result.key, result.row)
            if first != result.row:
                result = rejected(result, duplicate_of(result.row, first))
        marked.append(result)
    return marked


def batches(
    rows: Iterator[tuple[int, Sequence[object]]],
    *,
    context: ImportContext,
    size: int,
    skip: int = 0,
) -> Iterator[Batch]:
    """Validated batches of ``size`` data rows; the first ``skip`` data rows come as replay batches."""
    try:
        _, header = next(rows)
    except StopIteration:
        raise FileProblem(
            "empty_file", "文件为空（没有表头）", "the file is empty (no header)", row=1
        ) from None
    columns = header_columns(header)
    uscc_index = columns["uscc"]
    validator = RowValidator(context, columns)
    batch = Batch(done=0, replay=skip > 0)
    last = 0
    for row, cells in rows:
        index = last = row - 1
        if index <= skip:
            key = uscc_key(cells[uscc_index]) if uscc_index < len(cells) else ""
            if key:
                batch.keys.append((key, row))
            batch.done = index
            if index == skip or len(batch.keys) >= size:
                yield batch
                batch = Batch(done=index, replay=index < skip)
            continue
        if is_blank(cells):
            batch.blank += 1
        else:
            batch.results.append(validator.validate(row, cells))
        batch.done = index
        if batch.size >= size:
            batch.results = _mark_in_batch(batch.results)
            yield batch
            batch = Batch(done=index)
    if batch.size:
        batch.results = _mark_in_batch(batch.results)
        yield batch
    if last < skip:
        raise FileProblem(
            "shorter_than_before",
            f"文件只有{last}行数据，少于上次已导入的{skip}行：不是同一文件",
            f"the file has {last} data rows, fewer than the {skip} imported before: not the same file",
        )
