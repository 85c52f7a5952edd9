"""Streaming readers of import files (导入文件读取): CSV and XLSX, one row at a time.

Both yield ``(row_number, cells)`` with the header as row 1, and turn every
way a file can be broken (cut short, not a zip, wrong encoding) into a
``FileProblem`` naming the row where it broke, so that nothing from the
broken part is ever imported.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from shijian.registry.importer.domain import FileProblem

__all__ = ["FileInfo", "file_info", "file_kind", "read_rows"]

_CHUNK = 1 << 20
_SNIFF = 1 << 16
_CSV_SUFFIXES = frozenset({".csv", ".txt"})
_XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
_UTF8 = frozenset({"utf-8", "utf-8-sig", "utf8"})


@dataclass(frozen=True, slots=True)
class FileInfo:
    """What one pass over the bytes tells: the SHA-256 (the run's identity), size, line count, last byte."""

    sha256: str
    size: int
    lines: int
    ends_with_newline: bool


def file_info(path: Path) -> FileInfo:
    """Hash the file and count its line ends in one streaming pass (bounded memory)."""
    digest = hashlib.sha256()
    size = lines = 0
    last = b""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return FileInfo(digest.hexdigest(), size, lines, last == b"\n")


def file_kind(path: Path) -> str:
    """``"csv"`` or ``"xlsx"`` from the file name; ``FileProblem`` for anything else."""
    suffix = path.suffix.lower()
    if suffix in _CSV_SUFFIXES:
        return "csv"
    if suffix in _XLSX_SUFFIXES:
        return "xlsx"
    raise FileProblem(
        "file_type",
        f"不支持的文件类型“{suffix or '无扩展名'}”：请使用 .csv 或 .xlsx",
        f"unsupported file type '{suffix or 'no extension'}': use .csv or .xlsx",
    )


def read_rows(
    path: Path, *, kind: str, info: FileInfo, encoding: str
) -> Iterator[tuple[int, Sequence[object]]]:
    """Rows of the file, header first, numbered from 1 like a spreadsheet."""
    if kind == "xlsx":
        return _xlsx_rows(path)
    return _csv_rows(path, info=info, encoding=encoding)


def _csv_rows(path: Path, *, info: FileInfo, encoding: str) -> Iterator[tuple[int, Sequence[object]]]:
    if info.size == 0:
        raise FileProblem("empty_file", "文件为空", "the file is empty", row=1)
    if not info.ends_with_newline:
        # A complete export ends its last record with a line end; without one the
        # file was most probably cut off in transfer, and its last row may be cut too.
        raise FileProblem(
            "truncated",
            "文件不完整：最后一行没有换行符，疑在传输中被截断；如文件确实完整，请在末尾加一个换行后重新导入",
            "the file is incomplete: its last line has no line end, so it was probably cut off; "
            "if it is complete, add a line end and import again",
            row=max(info.lines, 1) + 1,
        )
    _check_encoding(path, encoding)
    row = 0
    try:
        with path.open(encoding=encoding, newline="") as handle:
            for row, cells in enumerate(csv.reader(handle, strict=True), start=1):
                yield row, cells
    except csv.Error as exc:
        raise FileProblem(
            "malformed_csv",
            f"CSV格式错误（第{row + 1}行附近）：{exc}；文件可能被截断或引号未闭合",
            f"malformed CSV near row {row + 1}: {exc}; the file may be cut off or have an unclosed quote",
            row=row + 1,
        ) from exc
    except UnicodeDecodeError as exc:
        raise FileProblem(
            "encoding",
            f"第{row + 1}行附近的内容不是{encoding}编码；如为GBK文件请使用 --encoding gb18030",
            f"the text near row {row + 1} is not {encoding}; for a GBK file use --encoding gb18030",
            row=row + 1,
        ) from exc


def _check_encoding(path: Path, encoding: str) -> None:
    """Fail fast with advice when a file that should be UTF-8 is not (GBK exports from Excel are common)."""
    if encoding.lower().replace("_", "-") not in _UTF8:
        return
    with path.open("rb") as handle:
        head = handle.read(_SNIFF)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError as exc:
        raise FileProblem(
            "encoding",
            "文件不是UTF-8编码（Excel另存的CSV常为GBK）：请另存为“CSV UTF-8”，或使用 --encoding gb18030",
            "the file is not UTF-8 (CSV saved by Excel is often GBK): save it as 'CSV UTF-8' "
            "or use --encoding gb18030",
            row=1,
        ) from exc


def _xlsx_rows(path: Path) -> Iterator[tuple[int, Sequence[object]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, InvalidFileException, KeyError, XML errors …
        raise FileProblem(
            "bad_xlsx",
            f"无法打开XLSX文件（文件可能不完整或不是Excel文件）：{type(exc).__name__}",
            f"cannot open the XLSX file (it may be cut off or not an Excel file): {type(exc).__name__}",
            row=1,
        ) from exc
    row = 0
    try:
        sheet = workbook.worksheets[0]
        for row, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield row, cells
    except FileProblem:
        raise
    except Exception as exc:  # a damaged sheet part fails while streaming (CRC, zlib, XML)
        raise FileProblem(
            "bad_xlsx",
            f"XLSX文件在第{row + 1}行附近损坏：{type(exc).__name__}",
            f"the XLSX file is damaged near row {row + 1}: {type(exc).__name__}",
            row=row + 1,
        ) from exc
    finally:
        workbook.close()
