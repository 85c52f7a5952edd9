"""The reader's quick paths give exactly what the general ones give (no database)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shijian.registry.importer.domain import (
    AuthorityRef,
    EntityRow,
    ImportContext,
    RowValidator,
    cell_text,
    header_columns,
    is_blank,
    parse_date,
)
from shijian.registry.importer.rendering import _key_line, _staging_line, _staging_values, copy_line
from shijian.registry.importer.tests.conftest import TODAY, valid_row

CONTEXT = ImportContext(
    today=TODAY,
    authorities={"410305-AMR": AuthorityRef(id=7, path="/410000/410300/410305/410305-AMR/")},
    industries=frozenset({"34"}),
)

# Text with everything COPY escapes, next to Chinese, Latin and NULL-looking text.
_TEXT = st.lists(st.sampled_from(["洛", "阳", "a", "Z", "\\", "\\N", "\t", "\n", "\r", " ", "１"])).map(
    "".join
)
_PLAIN_TEXT = st.text(alphabet="洛阳aZ /-1１")
_DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@st.composite
def _entities(draw: st.DrawFn) -> EntityRow:
    # Half of the rows have nothing to escape: those take the quick path.
    text = draw(st.sampled_from([_PLAIN_TEXT, _TEXT]))
    established = draw(_DATES)
    # Term start and status date are often the establishment date (when the row leaves them empty).
    same_or_other = st.just(established) | _DATES
    return EntityRow(
        row=draw(st.integers(2, 10**7)),
        uscc=draw(text),
        uscc_flagged=draw(st.booleans()),
        name=draw(text),
        name_search=draw(text),
        entity_type=draw(text),
        foreign_invested=draw(st.booleans()),
        person_name=draw(text),
        person_id_type=draw(text),
        person_id_number=draw(text),
        person_phone=draw(text),
        registered_capital=draw(st.none() | st.decimals(min_value=0, max_value=10**14 - 1, places=4)),
        capital_currency=draw(text),
        established_on=established,
        term_start=draw(same_or_other),
        term_end=draw(st.none() | _DATES),
        address=draw(text),
        division_code=draw(text),
        premises_address=draw(text),
        business_scope=draw(text),
        industry_code=draw(st.none() | text),
        authority_id=draw(st.integers(1, 10**9)),
        supervisor_path=draw(text),
        parent_uscc=draw(st.none() | text),
        status=draw(text),
        status_since=draw(same_or_other),
        suspended_until=draw(st.none() | _DATES),
    )


def _copy_text(values: tuple[object, ...]) -> str:
    """A row in COPY text format, written out plainly from the format's definition."""

    def field(value: object) -> str:
        if value is None:
            return "\\N"
        if isinstance(value, bool):
            return "t" if value else "f"
        if isinstance(value, str):
            for special, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
                value = value.replace(special, escaped)
            return value
        return str(value)

    return "\t".join(map(field, values)) + "\n"


@given(_entities())
def test_staging_line_is_the_copy_text_of_the_row(entity: EntityRow) -> None:
    values = _staging_values(entity)
    assert _staging_line(entity) == copy_line(values) == _copy_text(values)


def test_staging_line_of_a_decimal_capital() -> None:
    row = RowValidator(CONTEXT, header_columns(list(valid_row()))).validate(2, list(valid_row().values()))
    assert row.entity is not None and row.entity.registered_capital == decimal.Decimal("100.0000")
    assert _staging_line(row.entity) == _copy_text(_staging_values(row.entity))


_PLAIN_ENTITY = EntityRow(
    row=2,
    uscc="91410305MA0000000X",
    uscc_flagged=False,
    name="洛阳",
    name_search="洛阳",
    entity_type="llc",
    foreign_invested=True,
    person_name="张伟",
    person_id_type="resident_id",
    person_id_number="410305198001020012",
    person_phone="13900000000",
    registered_capital=None,
    capital_currency="CNY",
    established_on=dt.date(2020, 5, 6),
    term_start=dt.date(2020, 5, 6),
    term_end=None,
    address="河南省洛阳市",
    division_code="410305",
    premises_address="",
    business_scope="轴承制造",
    industry_code="34",
    authority_id=7,
    supervisor_path="/410000/",
    parent_uscc=None,
    status="active",
    status_since=dt.date(2020, 5, 6),
    suspended_until=None,
)
_TEXT_FIELDS = [
    f.name for f in dataclasses.fields(EntityRow) if isinstance(getattr(_PLAIN_ENTITY, f.name), str)
]


@pytest.mark.parametrize("special", ["\\", "\\N", "\t", "\n", "\r"])
@pytest.mark.parametrize("field", _TEXT_FIELDS)
def test_staging_line_escapes_each_text_field(field: str, special: str) -> None:
    entity = dataclasses.replace(_PLAIN_ENTITY, **{field: f"a{special}b"})
    values = _staging_values(entity)
    assert _staging_line(entity) == copy_line(values) == _copy_text(values)


@given(_TEXT, st.integers(2, 10**7))
def test_key_line_is_the_copy_text_of_key_and_row(key: str, row: int) -> None:
    assert _key_line(key, row) == copy_line((key, row)) == _copy_text((key, row))


# -- dates -------------------------------------------------------------------------------

_SEPARATED = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_CHINESE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def _date_by_patterns(text: str) -> dt.date | None:
    """``parse_date`` of text as it was before its ``fromisoformat`` shortcut."""
    text = text.strip()
    if not text:
        return None
    match = _SEPARATED.match(text) or _CHINESE.match(text) or _COMPACT.match(text)
    if match is None:
        raise ValueError(text)
    year, month, day = (int(part) for part in match.groups())
    return dt.date(year, month, day)


def _outcome(parse: Callable[[str], dt.date | None], text: str) -> object:
    try:
        return parse(text)
    except ValueError:
        return ValueError


_DATE_CHARS = st.sampled_from(list("0123456789-/.年月日W+ T٣２"))


@given(
    st.text(alphabet=_DATE_CHARS, max_size=12)
    | _DATES.map(dt.date.isoformat)
    # YYYY-MM-DD shapes, where the shortcut applies, with anything in the places of the digits
    | st.tuples(*(st.text(alphabet=_DATE_CHARS, min_size=n, max_size=n) for n in (4, 2, 2))).map("-".join)
)
def test_date_shortcut_agrees_with_the_patterns(text: str) -> None:
    assert _outcome(parse_date, text) == _outcome(_date_by_patterns, text)


# -- rows ---------------------------------------------------------------------------------

_CELLS = st.sampled_from(["", " ", "x", " 是 ", "\x00", "a\tb"]) | st.none() | st.integers(0, 3)


@given(st.lists(_CELLS, max_size=6))
def test_blank_rows_are_found_in_text_and_spreadsheet_rows(cells: list[object]) -> None:
    assert is_blank(cells) == all(cell_text(cell) == "" for cell in cells)
    texts = ["" if cell is None else str(cell) for cell in cells]
    assert is_blank(texts) == all(cell_text(cell) == "" for cell in texts)


@given(
    st.dictionaries(
        st.sampled_from(
            ["name", "registered_capital", "term_end", "status", "foreign_invested", "supervisor"]
        ),
        st.sampled_from(["", "  ", " 2030-01-01 ", "100", "是", "410305-AMR", "有限公司\x00", "x" * 201]),
    ),
    st.integers(-3, 2),
)
def test_a_text_row_and_the_same_spreadsheet_row_give_the_same_result(
    changes: dict[str, str], length_change: int
) -> None:
    """A CSV row (text, "" for empty) and a spreadsheet row (None for empty) are checked alike."""
    row = valid_row(**{"term_end": "", "foreign_invested": "", "supervisor": "", **changes})
    columns = list(row)
    validator = RowValidator(CONTEXT, header_columns(columns))
    cells = [row[c] for c in columns]
    cells = cells[: len(cells) + length_change] if length_change < 0 else cells + [""] * length_change
    spreadsheet = tuple(None if cell == "" else cell for cell in cells)
    assert validator.validate(7, cells) == validator.validate(7, spreadsheet)
