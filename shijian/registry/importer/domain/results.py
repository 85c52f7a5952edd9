"""Typed results of row validation: rows, row errors, the import context (no Django)."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RowError:
    """Why one row was not imported: the row (spreadsheet numbering, header = 1), field and reason."""

    row: int
    field: str
    reason_zh: str
    reason_en: str


@dataclass(frozen=True, slots=True)
class AuthorityRef:
    """An org unit the importing actor may name as registration authority or supervisor."""

    id: int
    path: str


@dataclass(frozen=True, slots=True)
class ImportContext:
    """Everything row validation needs from outside.

    ``authorities`` maps org-unit codes to the units the actor may use;
    ``default_authority`` is the code used when a row names none;
    ``accepted_flagged`` holds the early pilot USCCs an officer accepted
    (``--accept-flagged``); ``industries`` the known GB/T 4754 codes.
    """

    today: dt.date
    authorities: Mapping[str, AuthorityRef]
    industries: frozenset[str]
    default_authority: str | None = None
    accepted_flagged: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class EntityRow:
    """A valid row, typed and normalised: one market entity (市场主体) and its responsible person."""

    row: int
    uscc: str
    uscc_flagged: bool
    name: str
    name_search: str
    entity_type: str
    foreign_invested: bool
    person_name: str
    person_id_type: str
    person_id_number: str
    person_phone: str
    registered_capital: decimal.Decimal | None
    capital_currency: str
    established_on: dt.date
    term_start: dt.date
    term_end: dt.date | None
    address: str
    division_code: str
    premises_address: str
    business_scope: str
    industry_code: str | None
    authority_id: int
    supervisor_path: str
    parent_uscc: str | None
    status: str
    status_since: dt.date
    suspended_until: dt.date | None


@dataclass(frozen=True, slots=True)
class RowResult:
    """One row's outcome: ``entity`` when valid, else ``errors``; ``key`` is its USCC, for duplicates."""

    row: int
    key: str
    entity: EntityRow | None = None
    errors: tuple[RowError, ...] = ()


def duplicate_of(row: int, first: int) -> RowError:
    """The error of a row whose USCC an earlier row of the same file has (the earlier row wins)."""
    return RowError(
        row,
        "uscc",
        f"统一社会信用代码与第{first}行重复（同一文件中后出现的行不导入）",
        f"duplicate of row {first} (of two rows with one USCC, the later one is not imported)",
    )


def person_conflict(row: int, first_row: int | None) -> RowError:
    """The error of a row whose ID number is on record (or in an earlier row) under another name."""
    where_zh = f"第{first_row}行" if first_row is not None else "登记系统中"
    where_en = f"row {first_row}" if first_row is not None else "the register"
    return RowError(
        row,
        "responsible_id_number",
        f"该证件号码在{where_zh}对应另一姓名，请核对",
        f"this ID number belongs to another name in {where_en}; please check",
    )


def parent_missing(row: int, parent_uscc: str) -> RowError:
    """The error of a branch whose parent is neither registered nor an earlier row of the file."""
    return RowError(
        row,
        "parent_uscc",
        f"隶属企业 {parent_uscc} 未登记，也不在本文件中分支机构之前的行里",
        f"parent {parent_uscc} is not registered and is not in a row before the branch",
    )


def rejected(result: RowResult, error: RowError) -> RowResult:
    """``result`` with one more error (and so without an entity)."""
    return RowResult(row=result.row, key=result.key, entity=None, errors=(*result.errors, error))
