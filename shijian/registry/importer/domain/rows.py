"""Row validation of the registry import (逐行校验): typed rows or row errors. No Django.

The service passes in everything a rule needs (today, the org units the
actor may use, the known industry codes, the accepted pilot codes) in an
``ImportContext`` and gets back, per row, either a typed ``EntityRow`` or
that row's ``RowError``s, each naming the field and the reason in Chinese
and English. Every problem of a row is reported, not just the first, so that
a clerk can fix a row in one go.
"""

from __future__ import annotations

import datetime as dt
import decimal
import operator
from collections.abc import Callable, Mapping, Sequence

from shijian.core.identifiers import (
    division_lookup,
    idcard_check,
    idcard_check_character,
    name_normalise,
    org_code_check_character,
    uscc_check,
    uscc_check_character,
)
from shijian.registry.domain import EntityStatus, EntityType, uscc_category_matches
from shijian.registry.importer.domain.columns import (
    COLUMNS,
    ENTITY_TYPES,
    FALSE_WORDS,
    ID_TYPES,
    MAX_LENGTH,
    STATUSES,
    TRUE_WORDS,
    cell_text,
    parse_date,
    parse_date_text,
)
from shijian.registry.importer.domain.results import (
    AuthorityRef,
    EntityRow,
    ImportContext,
    RowError,
    RowResult,
)

__all__ = ["RowValidator"]

# Registered capital is numeric(18, 4): at most 14 digits before the point.
_CAPITAL_LIMIT = decimal.Decimal(10) ** 14
_CAPITAL_QUANTUM = decimal.Decimal("0.0001")
# A spreadsheet keeps 15 significant digits of a number: an 18-digit code typed
# into a cell without a text format has already lost its last digits.
_EXACT_DIGITS = 15
_YES_NO = TRUE_WORDS | FALSE_WORDS
# Enum values read for every row (an enum's ``.value`` is a Python-level property).
_BRANCH = EntityType.BRANCH.value
_ACTIVE = EntityStatus.ACTIVE.value
_SUSPENDED = EntityStatus.SUSPENDED.value
# Every column of the format as empty text: the start of each row's ``_Row.texts``.
_NO_TEXT = dict.fromkeys((column.key for column in COLUMNS), "")
# idcard_check refuses birth dates before this (GB 11643 numbers are for living people).
_EARLIEST_BIRTH = dt.date(1900, 1, 1)


def _picker(indices: tuple[int, ...]) -> Callable[[Sequence[object]], Sequence[object]]:
    """A function taking the cells at ``indices`` from a row (long enough), as a tuple."""
    if len(indices) == 1:  # itemgetter of one index returns the cell itself, not a tuple
        (index,) = indices
        return lambda cells: (cells[index],)
    # One C-level call per row instead of a lookup per column.
    return operator.itemgetter(*indices)


def _holds_nul(cells: Sequence[object]) -> bool:
    """Whether a text cell of the row holds a NUL character."""
    try:
        # CSV rows are all text: one search through the joined row.
        return "\x00" in "".join(cells)  # type: ignore[arg-type]
    except TypeError:  # spreadsheet rows mix text with numbers, dates and None
        return any(isinstance(c, str) and "\x00" in c for c in cells)


class _Row:
    """The cells of one row being checked, and the errors found so far.

    ``values`` holds the cells by column key as given (text stripped);
    ``texts`` every column of the format as stripped text, ``""`` when empty
    or missing (a dict rather than a method: it is read for most cells of
    every row).
    """

    __slots__ = ("errors", "row", "texts", "values")

    def __init__(self, row: int, values: Mapping[str, object], texts: dict[str, str]) -> None:
        self.row = row
        self.values = values
        self.texts = texts
        self.errors: list[RowError] = []

    def fail(self, field: str, zh: str, en: str) -> None:
        self.errors.append(RowError(self.row, field, zh, en))

    def failed(self, field: str) -> bool:
        # Most rows have no error at all: no need to scan them.
        return bool(self.errors) and any(e.field == field for e in self.errors)

    def identifier(self, key: str) -> str:
        """An identifier cell as text; a spreadsheet number too long to be exact is an error."""
        raw = self.values.get(key)
        if type(raw) is str:  # text cells (all of a CSV) are stripped already
            return raw
        if isinstance(raw, int | float) and not isinstance(raw, bool) and len(str(int(raw))) > _EXACT_DIGITS:
            self.fail(
                key,
                "该单元格以数字格式保存，超过15位的数字已丢失精度；请将该列设为文本格式后重新导出",
                "the cell is stored as a number and digits past the 15th are lost; "
                "format the column as text and export again",
            )
            return ""
        return cell_text(raw)

    def limited(self, key: str, label_zh: str) -> str:
        value = self.texts[key]
        limit = MAX_LENGTH[key]
        if len(value) > limit:
            self.fail(
                key, f"{label_zh}过长（{len(value)}字，最多{limit}字）", f"too long ({len(value)} > {limit})"
            )
        return value

    def date(self, key: str, label_zh: str) -> dt.date | None:
        raw = self.values.get(key)
        if raw is None or raw == "":  # most date columns are optional and empty
            return None
        try:
            return parse_date_text(raw) if type(raw) is str else parse_date(raw)
        except ValueError:
            shown = cell_text(raw)[:40]
            self.fail(
                key,
                f"{label_zh}“{shown}”不是有效日期，应为YYYY-MM-DD",
                f"'{shown}' is not a valid date; expected YYYY-MM-DD",
            )
            return None

    def yes_no(self, key: str, label_zh: str) -> bool:
        value = self.texts[key].lower()
        if value not in _YES_NO:
            self.fail(key, f"{label_zh}应为“是”或“否”", f"{key} must be yes or no")
        return value in TRUE_WORDS


class RowValidator:
    """Validates rows one at a time against a context (逐行校验)."""

    def __init__(self, context: ImportContext, columns: Mapping[str, int]) -> None:
        self.context = context
        self.columns = dict(columns)
        self._keys = tuple(self.columns)
        self._indices = tuple(self.columns.values())
        self._pick = _picker(self._indices)
        self.width = max(columns.values()) + 1
        self._divisions: dict[str, tuple[str, str] | None] = {}
        self._uscc_divisions: dict[str, bool] = {}
        self._id_divisions: dict[str, bool] = {}
        self._category_fits: dict[tuple[str, str], bool] = {}

    def validate(self, row: int, cells: Sequence[object]) -> RowResult:
        """Check one data row (``row`` is its spreadsheet row number) and type its values.

        Duplicates across rows are the caller's business: they need the rows
        before, which may already be in the database.
        """
        r = _Row(row, *self._cells(cells))
        self._shape(r, cells)
        uscc, flagged = self._uscc(r)
        name = r.limited("name", "名称")
        if not name:
            r.fail("name", "名称不能为空", "the name is required")
        entity_type = self._entity_type(r, uscc)
        person = self._person(r)
        established, term_start, term_end = self._term(r)
        address, premises, division_code = self._place(r)
        scope = r.texts["business_scope"]
        if not scope:
            r.fail("business_scope", "经营范围不能为空", "the business scope is required")
        authority, supervisor = self._authorities(r)
        capital, currency = self._capital(r)
        industry = r.texts["industry_code"].upper() or None
        if industry is not None and industry not in self.context.industries:
            r.fail(
                "industry_code",
                f"未知的行业代码 {industry[:10]}（GB/T 4754-2017）",
                f"unknown industry code {industry[:10]} (GB/T 4754-2017)",
            )
        foreign = r.yes_no("foreign_invested", "外商投资")
        parent_uscc = self._parent(r, uscc, entity_type)
        status, status_since, suspended_until = self._status(r, established)

        if r.errors:
            return RowResult(row=row, key=uscc, errors=tuple(r.errors))
        assert established is not None and entity_type is not None and status is not None
        assert authority is not None and supervisor is not None and person is not None
        person_name, id_type, id_number, phone = person
        return RowResult(
            row=row,
            key=uscc,
            entity=EntityRow(
                row=row,
                uscc=uscc,
                uscc_flagged=flagged,
                name=name,
                name_search=name_normalise(name)[:200],
                entity_type=entity_type,
                foreign_invested=foreign,
                person_name=person_name,
                person_id_type=id_type,
                person_id_number=id_number,
                person_phone=phone,
                registered_capital=capital,
                capital_currency=currency,
                established_on=established,
                term_start=term_start or established,
                term_end=term_end,
                address=address,
                division_code=division_code,
                premises_address=premises,
                business_scope=scope,
                industry_code=industry,
                authority_id=authority.id,
                supervisor_path=supervisor.path,
                parent_uscc=parent_uscc,
                status=status,
                status_since=status_since or established,
                suspended_until=suspended_until,
            ),
        )

    # -- the parts of a row ----------------------------------------------------------

    def _cells(self, cells: Sequence[object]) -> tuple[Mapping[str, object], dict[str, str]]:
        """The row's cells by column key, as given (text stripped) and as text (see ``_Row``).

        A column the row is too short for is missing (None).
        """
        if len(cells) >= self.width:
            picked: Sequence[object] = self._pick(cells)
        else:
            count = len(cells)
            picked = [cells[index] if index < count else None for index in self._indices]
        texts = _NO_TEXT.copy()
        try:
            # CSV cells are all text: strip them in one pass without a type test per
            # cell, and then the cells are their own text.
            texts.update(zip(self._keys, map(str.strip, picked), strict=True))  # type: ignore[arg-type]
            return texts, texts
        except TypeError:  # spreadsheet cells mix text with numbers, dates and None
            values = {
                key: (cell.strip() if isinstance(cell, str) else cell)
                for key, cell in zip(self._keys, picked, strict=True)
            }
            return values, {**_NO_TEXT, **{key: cell_text(cell) for key, cell in values.items()}}

    def _shape(self, r: _Row, cells: Sequence[object]) -> None:
        if len(cells) < self.width:
            r.fail(
                "row",
                f"本行只有{len(cells)}列，少于表头的{self.width}列",
                f"the row has {len(cells)} cells, fewer than the header's {self.width}",
            )
        elif len(cells) > self.width and any(cell_text(c) for c in cells[self.width :]):
            r.fail("row", "本行的列数多于表头", "the row has more cells than the header")
        if _holds_nul(cells):
            r.fail(
                "row",
                "本行含有空字符（NUL），文件可能已损坏",
                "the row holds a NUL character (damaged file?)",
            )

    def _uscc(self, r: _Row) -> tuple[str, bool]:
        """统一社会信用代码: valid, or an accepted early pilot code kept flagged."""
        raw = r.identifier("uscc")
        accept_column = r.yes_no("accept_flagged", "确认保留试点代码")
        if not raw:
            if not r.failed("uscc"):
                r.fail("uscc", "统一社会信用代码不能为空", "the USCC is required")
            return "", False
        if self._uscc_surely_valid(raw):
            return raw, False
        result = uscc_check(raw)
        if result.valid:
            return result.normalised, False
        if result.only_check_character_failed:
            if accept_column or result.normalised in self.context.accepted_flagged:
                return result.normalised, True
            problem = result.errors[0]
            r.fail(
                "uscc",
                f"统一社会信用代码仅第18位校验码不符（{problem.message_zh}），疑为早期试点代码；"
                "须经确认（--accept-flagged 或 accept_flagged 列）方可导入",
                f"the USCC fails only the position-18 check ({problem.message_en}), like an early pilot "
                "code; it is imported only with an explicit override (--accept-flagged or the "
                "accept_flagged column)",
            )
        else:
            r.fail(
                "uscc",
                "统一社会信用代码无效：" + "；".join(p.message_zh for p in result.errors),
                "invalid USCC: " + "; ".join(p.message_en for p in result.errors),
            )
        return result.normalised, False

    def _uscc_surely_valid(self, code: str) -> bool:
        """A quick test that passes only codes ``uscc_check`` finds valid and leaves unchanged.

        Clean market-supervision codes (9 + category 1-3) with a known
        division and both check characters right; anything else takes the
        full check. The import calls this for millions of rows, and the
        full check builds its whole report (tested equal in test_domain).
        """
        if len(code) != 18 or code[0] != "9" or code[1] not in "123":
            return False
        try:
            # Refuses characters outside the charset in 1-17; position 18 then
            # equals the check character only if it is in the charset too.
            if uscc_check_character(code[:17]) != code[17]:
                return False
        except ValueError:
            return False
        if org_code_check_character(code[8:16]) != code[16]:
            return False
        division = code[2:8]
        known = self._uscc_divisions.get(division)
        if known is None:
            known = self._uscc_divisions[division] = division_lookup(division) is not None
        return known

    def _id_surely_valid(self, number: str) -> bool:
        """A quick test passing only ID numbers that ``idcard_check`` finds valid and leaves unchanged."""
        if len(number) != 18:
            return False
        try:
            # Refuses anything but ASCII digits in 1-17 (so position 18 is a digit or X
            # if it equals the check character) ...
            if idcard_check_character(number[:17]) != number[17]:
                return False
            # ... and so fromisoformat reads positions 7-14 as YYYYMMDD.
            born = dt.date.fromisoformat(number[6:14])
        except ValueError:
            return False
        if not _EARLIEST_BIRTH <= born <= self.context.today:
            return False
        division = number[:6]
        known = self._id_divisions.get(division)
        if known is None:
            known = self._id_divisions[division] = division_lookup(division) is not None
        return known

    def _entity_type(self, r: _Row, uscc: str) -> str | None:
        """类型, and whether it fits the USCC's category (position 2)."""
        text = r.texts["entity_type"]
        entity_type = ENTITY_TYPES.get(text.lower())
        if entity_type is None:
            r.fail("entity_type", f"无法识别的主体类型“{text[:40]}”", f"unknown entity type '{text[:40]}'")
        elif len(uscc) == 18 and not self._category_fits_type(uscc, entity_type):
            r.fail(
                "entity_type",
                "主体类型与统一社会信用代码第2位（机构类别）不符",
                "the type does not match the USCC's category (position 2)",
            )
        return entity_type

    def _category_fits_type(self, uscc: str, entity_type: str) -> bool:
        """``uscc_category_matches``, cached: it depends only on positions 1-2 and the type."""
        key = (uscc[:2], entity_type)
        fits = self._category_fits.get(key)
        if fits is None:
            fits = self._category_fits[key] = uscc_category_matches(uscc, EntityType(entity_type))
        return fits

    def _person(self, r: _Row) -> tuple[str, str, str, str] | None:
        """法定代表人/经营者/负责人: name, ID type, ID number (checked for resident IDs), phone."""
        name = r.limited("responsible_name", "法定代表人姓名")
        if not name:
            r.fail(
                "responsible_name",
                "法定代表人（负责人）姓名不能为空",
                "the responsible person's name is required",
            )
        type_text = r.texts["responsible_id_type"]
        id_type = ID_TYPES.get(type_text.lower() or "resident_id")
        if id_type is None:
            r.fail(
                "responsible_id_type",
                f"无法识别的证件类型“{type_text[:40]}”",
                f"unknown ID type '{type_text[:40]}'",
            )
        number = r.identifier("responsible_id_number").upper()
        if not number:
            if not r.failed("responsible_id_number"):
                r.fail("responsible_id_number", "证件号码不能为空", "the ID number is required")
        elif id_type == "resident_id" and self._id_surely_valid(number):
            pass
        elif id_type == "resident_id":
            result = idcard_check(number, today=self.context.today)
            if result.valid:
                number = result.normalised
            else:
                r.fail(
                    "responsible_id_number",
                    "身份证号码无效：" + "；".join(p.message_zh for p in result.errors),
                    "invalid ID number: " + "; ".join(p.message_en for p in result.errors),
                )
        elif len(number) > MAX_LENGTH["responsible_id_number"]:
            r.fail("responsible_id_number", "证件号码过长", "the ID number is too long")
        phone = r.limited("responsible_phone", "联系电话")
        if id_type is None:
            return None
        return name, id_type, number, phone

    def _term(self, r: _Row) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
        """成立日期 and 营业期限."""
        established = r.date("established_on", "成立日期")
        if established is None and not r.failed("established_on"):
            r.fail("established_on", "成立日期不能为空", "the establishment date is required")
        if established is not None and established > self.context.today:
            r.fail("established_on", "成立日期不能晚于今天", "the establishment date is in the future")
        term_start = r.date("term_start", "营业期限起始日")
        term_end = r.date("term_end", "营业期限截止日")
        starts = term_start or established
        if term_end is not None and starts is not None and term_end < starts:
            r.fail("term_end", "营业期限止日早于起日", "the business term ends before it starts")
        return established, term_start, term_end

    def _place(self, r: _Row) -> tuple[str, str, str]:
        """住所, 经营场所 and the division (行政区划代码, current codes only)."""
        address = r.limited("address", "住所")
        if not address:
            r.fail("address", "住所不能为空", "the registered address is required")
        premises = r.limited("premises_address", "经营场所")
        code = r.identifier("division_code")
        if not code:
            if not r.failed("division_code"):
                r.fail("division_code", "行政区划代码不能为空", "the division code is required")
        else:
            problem = self._division_problem(code)
            if problem is not None:
                r.fail("division_code", *problem)
        return address, premises, code

    def _division_problem(self, code: str) -> tuple[str, str] | None:
        """(zh, en) reason when a division code is unknown or retired; cached per code."""
        if code in self._divisions:
            return self._divisions[code]
        division = division_lookup(code)
        problem: tuple[str, str] | None = None
        if division is None:
            problem = (f"未知的行政区划代码 {code[:20]}", f"unknown division code {code[:20]}")
        elif not division.current:
            problem = (
                f"行政区划代码 {code}（{division.name}）已撤销",
                f"division code {code} ({division.name}) is retired",
            )
        self._divisions[code] = problem
        return problem

    def _authorities(self, r: _Row) -> tuple[AuthorityRef | None, AuthorityRef | None]:
        """登记机关 (row or default) and 监管单位 (row, else the registration authority)."""
        code = r.texts["registration_authority"] or (self.context.default_authority or "")
        authority = self.context.authorities.get(code)
        if not code:
            r.fail(
                "registration_authority",
                "未填写登记机关，也没有指定默认登记机关（--authority）",
                "no registration authority in the row and no default (--authority)",
            )
        elif authority is None:
            r.fail(
                "registration_authority",
                f"未知或不在您辖区内的登记机关代码 {code[:40]}",
                f"unknown registration authority {code[:40]}, or outside your jurisdiction",
            )
        supervisor_code = r.texts["supervisor"]
        if not supervisor_code:
            return authority, authority
        supervisor = self.context.authorities.get(supervisor_code)
        if supervisor is None:
            r.fail(
                "supervisor",
                f"未知或不在您辖区内的监管单位代码 {supervisor_code[:40]}",
                f"unknown supervising unit {supervisor_code[:40]}, or outside your jurisdiction",
            )
        return authority, supervisor

    def _capital(self, r: _Row) -> tuple[decimal.Decimal | None, str]:
        """注册资本 (万元, up to 4 decimals) and 币种."""
        capital: decimal.Decimal | None = None
        text = r.texts["registered_capital"].replace(",", "").replace("，", "")
        if text:
            try:
                capital = decimal.Decimal(text)
            except decimal.InvalidOperation:
                r.fail(
                    "registered_capital",
                    f"注册资本“{text[:40]}”不是数字（单位：万元）",
                    f"registered capital '{text[:40]}' is not a number (unit: 10k)",
                )
            else:
                if not capital.is_finite() or capital < 0:
                    r.fail(
                        "registered_capital", "注册资本不能为负数", "registered capital cannot be negative"
                    )
                    capital = None
                elif capital >= _CAPITAL_LIMIT:
                    r.fail("registered_capital", "注册资本超出可登记范围", "registered capital is too large")
                    capital = None
                else:
                    capital = capital.quantize(_CAPITAL_QUANTUM)
        currency = r.texts["capital_currency"].upper() or "CNY"
        if len(currency) != 3 or not currency.isascii() or not currency.isalpha():
            r.fail(
                "capital_currency",
                "币种应为3位字母代码（如CNY）",
                "the currency must be a 3-letter code (CNY)",
            )
        return capital, currency

    def _parent(self, r: _Row, uscc: str, entity_type: str | None) -> str | None:
        """隶属企业 of a branch (分支机构); whether it exists is checked against the register later."""
        text = r.identifier("parent_uscc")
        parent = uscc_check(text).normalised if text else None
        if entity_type == _BRANCH and parent is None:
            if not r.failed("parent_uscc"):
                r.fail(
                    "parent_uscc",
                    "分支机构须填写隶属企业统一社会信用代码",
                    "a branch needs its parent's USCC",
                )
        elif parent is not None and entity_type is not None and entity_type != _BRANCH:
            r.fail("parent_uscc", "只有分支机构可以填写隶属企业", "only a branch has a parent entity")
        elif parent is not None and parent == uscc:
            r.fail("parent_uscc", "隶属企业不能是本主体", "an entity cannot be its own parent")
        elif parent is not None and len(parent) != 18:
            r.fail(
                "parent_uscc", "隶属企业统一社会信用代码应为18位", "the parent's USCC must have 18 characters"
            )
        return parent

    def _status(
        self, r: _Row, established: dt.date | None
    ) -> tuple[str | None, dt.date | None, dt.date | None]:
        """登记状态, its date (default: the establishment date) and a suspension's end."""
        text = r.texts["status"]
        status = STATUSES.get(text.lower() or _ACTIVE)
        if status is None:
            r.fail("status", f"无法识别的登记状态“{text[:40]}”", f"unknown status '{text[:40]}'")
        since = r.date("status_since", "状态日期")
        if since is not None and established is not None and since < established:
            r.fail("status_since", "状态日期早于成立日期", "the status date is before the establishment date")
        if since is not None and since > self.context.today:
            r.fail("status_since", "状态日期不能晚于今天", "the status date is in the future")
        until = r.date("suspended_until", "歇业期限")
        if until is not None and status is not None and status != _SUSPENDED:
            r.fail(
                "suspended_until",
                "只有歇业状态可以填写歇业期限",
                "only a suspended entity has a suspension end",
            )
        return status, since, until
