"""The import format (导入文件格式): columns, header matching and cell parsing. No Django.

The column list is documented in docs/registry-import.md; keep the two in step.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from shijian.core.identifiers import uscc_check
from shijian.registry.domain import ENTITY_TYPE_LABELS, STATUS_LABELS, EntityStatus, EntityType

__all__ = [
    "COLUMNS",
    "ENTITY_TYPES",
    "FALSE_WORDS",
    "ID_TYPES",
    "MAX_LENGTH",
    "STATUSES",
    "TRUE_WORDS",
    "Column",
    "FileProblem",
    "cell_text",
    "header_columns",
    "is_blank",
    "parse_date",
    "parse_date_text",
    "uscc_key",
]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the import format: its key, labels, whether it is required, accepted header aliases."""

    key: str
    label_zh: str
    label_en: str
    required: bool = False
    aliases: tuple[str, ...] = ()


#: The import format, in the order of the documentation (docs/registry-import.md).
COLUMNS: tuple[Column, ...] = (
    Column("uscc", "统一社会信用代码", "USCC", True),
    Column("name", "名称", "name", True, ("企业名称", "主体名称")),
    Column("entity_type", "类型", "entity type", True, ("主体类型", "市场主体类型")),
    Column("responsible_name", "法定代表人", "responsible person", True, ("负责人", "经营者")),
    Column("responsible_id_number", "证件号码", "ID number", True, ("身份证号码",)),
    Column("responsible_id_type", "证件类型", "ID type"),
    Column("responsible_phone", "联系电话", "phone"),
    Column("established_on", "成立日期", "established on", True),
    Column("address", "住所", "registered address", True),
    Column("division_code", "行政区划代码", "division code", True),
    Column("business_scope", "经营范围", "business scope", True),
    Column("registration_authority", "登记机关", "registration authority"),
    Column("supervisor", "监管单位", "supervising unit"),
    Column("registered_capital", "注册资本", "registered capital (10k)", False, ("注册资本（万元）",)),
    Column("capital_currency", "币种", "currency"),
    Column("term_start", "营业期限自", "term from"),
    Column("term_end", "营业期限至", "term until"),
    Column("premises_address", "经营场所", "premises"),
    Column("industry_code", "行业代码", "industry code"),
    Column("foreign_invested", "外商投资", "foreign-invested"),
    Column("parent_uscc", "隶属企业统一社会信用代码", "parent USCC"),
    Column("status", "登记状态", "status"),
    Column("status_since", "状态日期", "status since"),
    Column("suspended_until", "歇业期限至", "suspended until"),
    Column("accept_flagged", "确认保留试点代码", "accept flagged USCC"),
)

_BY_HEADER: dict[str, str] = {
    name.strip().lower(): column.key
    for column in COLUMNS
    for name in (column.key, column.label_zh, *column.aliases)
}

#: Database column sizes (registry.models); a longer value is a row error, never cut.
MAX_LENGTH: dict[str, int] = {
    "name": 200,
    "address": 300,
    "premises_address": 300,
    "responsible_name": 100,
    "responsible_id_number": 40,
    "responsible_phone": 20,
}

#: Accepted spellings of yes / no (是 / 否).
TRUE_WORDS = frozenset({"1", "true", "yes", "y", "是", "t"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "n", "否", "f"})

#: Accepted ID types (证件类型) -> stored value.
ID_TYPES: dict[str, str] = {
    "resident_id": "resident_id",
    "居民身份证": "resident_id",
    "身份证": "resident_id",
    "passport": "passport",
    "护照": "passport",
    "hk_macao_taiwan": "hk_macao_taiwan",
    "港澳台居民证件": "hk_macao_taiwan",
    "other": "other",
    "其他": "other",
}


def _folded(labels: Mapping[str, str]) -> dict[str, str]:
    return {key.lower(): value for key, value in labels.items()}


#: Entity types by stored value, Chinese label or common short form -> stored value.
ENTITY_TYPES: dict[str, str] = _folded(
    {
        **{t.value: t.value for t in EntityType},
        **{zh: t.value for t, (zh, _en) in ENTITY_TYPE_LABELS.items()},
        "有限公司": EntityType.LLC.value,
        "个体": EntityType.INDIVIDUAL_BUSINESS.value,
        "分公司": EntityType.BRANCH.value,
        "合作社": EntityType.COOPERATIVE.value,
        "个人独资": EntityType.SOLE_PROPRIETORSHIP.value,
    }
)
#: Statuses by stored value, Chinese label or the usual short words -> stored value.
STATUSES: dict[str, str] = _folded(
    {
        **{s.value: s.value for s in EntityStatus},
        **{zh: s.value for s, (zh, _en) in STATUS_LABELS.items()},
        "存续": EntityStatus.ACTIVE.value,
        "在营": EntityStatus.ACTIVE.value,
        "开业": EntityStatus.ACTIVE.value,
        "在册": EntityStatus.ACTIVE.value,
    }
)

_DATE_SEPARATED = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DATE_CHINESE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


class FileProblem(Exception):
    """The file as a whole cannot be imported (missing columns, cut off, wrong encoding …).

    ``row`` is where it broke, when known (the header is row 1).
    """

    def __init__(self, code: str, message_zh: str, message_en: str, *, row: int | None = None) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        self.row = row


def cell_text(cell: object) -> str:
    """A cell as stripped text (spreadsheet cells may be numbers, dates or empty)."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip()


def is_blank(cells: Sequence[object]) -> bool:
    """True for a row with no content at all (a blank CSV line, an empty but formatted sheet row)."""
    try:
        # CSV rows are all text: strip them without a type test per cell (and stop at the first).
        return not any(map(str.strip, cells))  # type: ignore[arg-type]
    except TypeError:  # spreadsheet rows mix text with numbers, dates and None
        return all(cell_text(cell) == "" for cell in cells)


def uscc_key(cell: object) -> str:
    """A USCC cell as compared for duplicates: spaces, full-width characters and case folded."""
    text = cell_text(cell)
    return uscc_check(text).normalised if text else ""


def parse_date(cell: object) -> dt.date | None:
    """A date from a cell: spreadsheet date, ``YYYY-MM-DD`` (``/``, ``.``), ``YYYYMMDD``, ``YYYY年M月D日``.

    ``None`` for an empty cell; ``ValueError`` for anything else, including
    dates that do not exist (2023-02-29).
    """
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    return parse_date_text(cell_text(cell))


def parse_date_text(text: str) -> dt.date | None:
    """``parse_date`` of a cell already read as stripped text."""
    if not text:
        return None
    if len(text) == 10 and text[4] == "-" == text[7]:
        # The usual YYYY-MM-DD, parsed in C. fromisoformat takes only ASCII digits
        # here, which the pattern below also takes; anything else goes on to it.
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    match = _DATE_SEPARATED.match(text) or _DATE_CHINESE.match(text) or _DATE_COMPACT.match(text)
    if match is None:
        raise ValueError(text)
    year, month, day = map(int, match.groups())
    return dt.date(year, month, day)


def header_columns(header: Sequence[object]) -> dict[str, int]:
    """Map the header row to column key -> cell index (English keys or Chinese labels, any case).

    Raises ``FileProblem`` for a missing required column, an unknown column
    (a misspelt optional column would otherwise drop its data silently) or a
    column given twice.
    """
    positions: dict[str, int] = {}
    unknown: list[str] = []
    for index, cell in enumerate(header):
        text = cell_text(cell).lstrip("\ufeff").strip()
        if not text:
            continue
        key = _BY_HEADER.get(text.lower())
        if key is None:
            unknown.append(text)
            continue
        if key in positions:
            raise FileProblem(
                "duplicate_column",
                f"表头第{index + 1}列“{text}”与前面的列重复",
                f"header column {index + 1} '{text}' repeats an earlier column",
                row=1,
            )
        positions[key] = index
    if unknown:
        raise FileProblem(
            "unknown_column",
            f"表头有无法识别的列：{'、'.join(unknown)}（列名见 docs/registry-import.md）",
            f"unknown header columns: {', '.join(unknown)} (see docs/registry-import.md)",
            row=1,
        )
    missing = [c for c in COLUMNS if c.required and c.key not in positions]
    if missing:
        raise FileProblem(
            "missing_column",
            "缺少必填列：" + "、".join(f"{c.key}（{c.label_zh}）" for c in missing),
            "missing required columns: " + ", ".join(c.key for c in missing),
            row=1,
        )
    return positions
