"""The error report (错误报告): a CSV of row, field, reason_zh, reason_en.

UTF-8 with a byte-order mark, so that Excel opens the Chinese text
correctly. On a resumed run the report is cut back to the rows already
committed: errors of a batch that was written to the report but rolled back
by a crash are not listed twice.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from shijian.registry.importer.domain import RowError

HEADER = ("row", "field", "reason_zh", "reason_en")
_ENCODING = "utf-8-sig"


def default_report_path(source: Path) -> Path:
    """``registry.csv`` -> ``registry.errors.csv`` next to it."""
    return source.with_name(f"{source.stem}.errors.csv")


class ErrorReport:
    """An open error report, appended to batch by batch."""

    def __init__(self, path: Path, *, keep_through_row: int | None = None) -> None:
        """Open ``path``; keep earlier lines up to row ``keep_through_row`` (resume), else start afresh."""
        self.path = path
        kept: list[list[str]] = []
        if keep_through_row is not None and path.exists():
            with path.open(encoding=_ENCODING, newline="") as handle:
                reader = csv.reader(handle)
                next(reader, None)
                kept = [
                    line for line in reader if line and line[0].isdigit() and int(line[0]) <= keep_through_row
                ]
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handle: TextIO = path.open("w", encoding=_ENCODING, newline="")
        self._writer = csv.writer(self._handle)
        self._writer.writerow(HEADER)
        self._writer.writerows(kept)
        self.count = len(kept)
        self.flush()

    def write(self, errors: Iterable[RowError]) -> None:
        """Append errors, in row order."""
        for error in sorted(errors, key=lambda e: e.row):
            self._writer.writerow((error.row, error.field, error.reason_zh, error.reason_en))
            self.count += 1

    def flush(self) -> None:
        """Make what was written durable before the batch commits."""
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        """Flush and close."""
        if not self._handle.closed:
            self.flush()
            self._handle.close()
