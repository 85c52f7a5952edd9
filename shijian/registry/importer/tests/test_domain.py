"""Row parsing and validation of the import, without a database."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shijian.core.identifiers import USCC_CHARSET, idcard_check, idcard_make, uscc_check, uscc_make
from shijian.registry.importer.batching import batches
from shijian.registry.importer.domain import (
    AuthorityRef,
    FileProblem,
    ImportContext,
    RowValidator,
    header_columns,
    parse_date,
)
from shijian.registry.importer.rendering import copy_line, render
from shijian.registry.importer.tests.conftest import HEADER, TODAY, valid_row

PILOT = "91350211M0000XUF46"  # an early pilot code: only position 18 fails (it should be R)
JIANXI = AuthorityRef(id=7, path="/410000/410300/410305/410305-AMR/")
CITY = AuthorityRef(id=3, path="/410000/410300/410300-AMR/")
CONTEXT = ImportContext(
    today=TODAY,
    authorities={"410305-AMR": JIANXI, "410300-AMR": CITY},
    industries=frozenset({"C", "34", "35"}),
)


def check(row: dict[str, Any], context: ImportContext = CONTEXT, header: list[str] | None = None) -> Any:
    columns = header or list(row)
    validator = RowValidator(context, header_columns(columns))
    return validator.validate(2, [row.get(c, "") for c in columns])


def fields(result: Any) -> list[str]:
    return [e.field for e in result.errors]


# -- header ------------------------------------------------------------------------------


def test_header_accepts_keys_and_chinese_labels_in_any_order() -> None:
    columns = header_columns(
        [
            "\ufeff名称",
            "USCC",
            "类型",
            "法定代表人",
            "证件号码",
            "成立日期",
            "住所",
            "行政区划代码",
            "经营范围",
        ]
    )
    assert columns == {
        "name": 0,
        "uscc": 1,
        "entity_type": 2,
        "responsible_name": 3,
        "responsible_id_number": 4,
        "established_on": 5,
        "address": 6,
        "division_code": 7,
        "business_scope": 8,
    }


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ([*HEADER, "establised_on"], "unknown_column"),
        ([c for c in HEADER if c != "division_code"], "missing_column"),
        ([*HEADER, "名称"], "duplicate_column"),
    ],
)
def test_header_problems_stop_the_file(header: list[str], code: str) -> None:
    with pytest.raises(FileProblem) as problem:
        header_columns(header)
    assert problem.value.code == code and problem.value.row == 1


# -- cells -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2020-05-06", dt.date(2020, 5, 6)),
        ("2020/5/6", dt.date(2020, 5, 6)),
        ("2020.05.06", dt.date(2020, 5, 6)),
        ("20200506", dt.date(2020, 5, 6)),
        ("2020年5月6日", dt.date(2020, 5, 6)),
        (dt.datetime(2020, 5, 6, 13, 30), dt.date(2020, 5, 6)),
        ("", None),
        (None, None),
    ],
)
def test_dates_in_the_usual_spellings(cell: object, expected: dt.date | None) -> None:
    assert parse_date(cell) == expected


@pytest.mark.parametrize("cell", ["2021-13-01", "2023-02-29", "06/05/2020", "yesterday", "2020-5"])
def test_malformed_dates_are_refused(cell: str) -> None:
    with pytest.raises(ValueError):
        parse_date(cell)


# -- rows --------------------------------------------------------------------------------


def test_a_valid_row_is_typed_and_normalised() -> None:
    row = valid_row(
        uscc=" " + uscc_make("410305", "MA000AB1").lower(),
        name="洛阳市涧西区　ＡＢＣ轴承有限责任公司",
        registered_capital="1,000.5",
        industry_code="34",
        registration_authority="410300-AMR",
        status="",
    )
    result = check({**row, "supervisor": "410305-AMR"})
    assert result.errors == ()
    entity = result.entity
    assert entity.uscc == uscc_make("410305", "MA000AB1") == result.key
    assert entity.name_search == "洛阳市涧西区ABC轴承有限公司"
    assert entity.registered_capital == decimal.Decimal("1000.5000")
    assert entity.established_on == entity.term_start == entity.status_since == dt.date(2020, 5, 6)
    assert entity.status == "active" and entity.term_end is None
    assert (entity.authority_id, entity.supervisor_path) == (CITY.id, JIANXI.path)
    assert entity.person_id_type == "resident_id" and entity.uscc_flagged is False


def test_every_problem_of_a_row_is_reported_with_its_field() -> None:
    row = valid_row(
        uscc="914103051234567890",
        established_on="2021-13-01",
        division_code="999999",
        responsible_id_number="11010519491231002Y",
        entity_type="合资公司",
        registered_capital="一百万",
    )
    result = check(row)
    assert result.entity is None
    assert fields(result) == [
        "uscc",
        "entity_type",
        "responsible_id_number",
        "established_on",
        "division_code",
        "registered_capital",
    ]
    by_field = {e.field: e for e in result.errors}
    assert "2021-13-01" in by_field["established_on"].reason_en
    assert by_field["division_code"].reason_zh == "未知的行政区划代码 999999"
    assert all(e.row == 2 and e.reason_zh and e.reason_en for e in result.errors)


def test_retired_division_is_refused() -> None:
    result = check(valid_row(division_code="410381"))  # 偃师市, retired in 2021
    assert fields(result) == ["division_code"]
    assert "retired" in result.errors[0].reason_en


def test_type_must_fit_the_uscc_category() -> None:
    assert fields(check(valid_row(entity_type="个体工商户"))) == ["entity_type"]
    individual = valid_row(uscc=uscc_make("410305", "MA7777AA", category="92"), entity_type="个体工商户")
    assert check(individual).entity.entity_type == "individual"


def test_pilot_code_needs_an_explicit_override() -> None:
    row = valid_row(uscc=PILOT, division_code="410305")
    refused = check(row)
    assert fields(refused) == ["uscc"]
    assert "--accept-flagged" in refused.errors[0].reason_zh and "position-18" in refused.errors[0].reason_en
    accepted = ImportContext(
        today=TODAY,
        authorities=CONTEXT.authorities,
        industries=CONTEXT.industries,
        accepted_flagged=frozenset({PILOT}),
    )
    assert check(row, accepted).entity.uscc_flagged is True
    by_column = check({**row, "accept_flagged": "是"})
    assert by_column.entity.uscc == PILOT and by_column.entity.uscc_flagged is True


def test_override_never_saves_a_code_with_other_faults() -> None:
    broken = PILOT[:16] + "5" + PILOT[17]  # the organisation-code check fails too
    result = check({**valid_row(uscc=broken), "accept_flagged": "yes"})
    assert fields(result) == ["uscc"] and "invalid USCC" in result.errors[0].reason_en


def test_branches_need_a_parent_and_only_branches_have_one() -> None:
    parent = uscc_make("410305", "MA111111")
    assert fields(check(valid_row(entity_type="branch"))) == ["parent_uscc"]
    assert fields(check(valid_row(parent_uscc=parent))) == ["parent_uscc"]
    assert check(valid_row(entity_type="分支机构", parent_uscc=parent)).entity.parent_uscc == parent


def test_authority_comes_from_the_row_or_the_default() -> None:
    row = valid_row(registration_authority="")
    assert fields(check(row)) == ["registration_authority"]
    with_default = ImportContext(
        today=TODAY,
        authorities=CONTEXT.authorities,
        industries=CONTEXT.industries,
        default_authority="410305-AMR",
    )
    assert check(row, with_default).entity.authority_id == JIANXI.id
    assert fields(check(valid_row(registration_authority="410302-AMR"))) == ["registration_authority"]


def test_spreadsheet_numbers_that_lost_digits_are_refused() -> None:
    number = idcard_make("410305", dt.date(1980, 1, 2), 12)
    row = valid_row(responsible_id_number=float(number), division_code=410305)
    result = check(row)
    assert fields(result) == ["responsible_id_number"]
    assert "15" in result.errors[0].reason_zh


def test_short_rows_long_rows_and_nul_characters() -> None:
    columns = list(valid_row())
    validator = RowValidator(CONTEXT, header_columns(columns))
    cells = list(valid_row().values())
    assert [e.field for e in validator.validate(5, cells[:-2]).errors] == ["row"]
    assert [e.field for e in validator.validate(5, [*cells, "extra"]).errors] == ["row"]
    assert [e.field for e in validator.validate(5, [*cells, ""]).errors] == []
    cells[1] = "洛阳\x00测试有限公司"
    assert [e.field for e in validator.validate(5, cells).errors] == ["row"]


def test_status_dates_and_suspension() -> None:
    assert fields(check(valid_row(status="歇业", suspended_until="2027-01-01"))) == []
    assert fields(check(valid_row(status="active", suspended_until="2027-01-01"))) == ["suspended_until"]
    assert fields(check({**valid_row(status="注销"), "status_since": "2019-01-01"})) == ["status_since"]
    assert fields(check(valid_row(established_on="2026-06-02"))) == ["established_on"]
    assert fields(check(valid_row(status="倒闭"))) == ["status"]


# -- batches -----------------------------------------------------------------------------


def rows_of(*rows: dict[str, Any]) -> list[tuple[int, list[object]]]:
    header = list(rows[0])
    return [(1, list(header)), *((i + 2, [r[c] for c in header]) for i, r in enumerate(rows))]


def test_a_repeated_uscc_in_a_batch_is_a_duplicate_of_the_first_row() -> None:
    first = valid_row()
    rows = rows_of(first, valid_row(), {**valid_row(), "uscc": first["uscc"].lower()})
    (batch,) = list(batches(iter(rows), context=CONTEXT, size=100))
    assert [r.entity is not None for r in batch.results] == [True, True, False]
    assert [(e.row, e.field) for e in batch.results[2].errors] == [(4, "uscc")]
    assert "duplicate of row 2" in batch.results[2].errors[0].reason_en
    assert batch.done == 3


def test_batches_cut_by_size_and_replay_rows_before_the_resume_point() -> None:
    rows = rows_of(*(valid_row() for _ in range(7)))
    produced = list(batches(iter(rows), context=CONTEXT, size=3, skip=4))
    assert [(b.replay, b.done, len(b.keys), len(b.results)) for b in produced] == [
        (True, 3, 3, 0),
        (True, 4, 1, 0),
        (False, 7, 0, 3),
    ]
    assert [row for _, row in produced[0].keys] == [2, 3, 4]


def test_blank_rows_are_skipped_but_counted() -> None:
    rows = [*rows_of(valid_row()), (3, ["", "", None]), (4, [])]
    (batch,) = list(batches(iter(rows), context=CONTEXT, size=10))
    assert (batch.done, batch.blank, len(batch.results)) == (3, 2, 1)


# -- COPY text ---------------------------------------------------------------------------


def test_copy_text_escapes_what_copy_would_misread() -> None:
    line = copy_line(
        ("a\tb", "c\\d", "e\nf\rg", None, True, False, 12, decimal.Decimal("1.5000"), dt.date(2020, 1, 2))
    )
    assert line == "a\\tb\tc\\\\d\te\\nf\\rg\t\\N\tt\tf\t12\t1.5000\t2020-01-02\n"


def test_rendered_batch_holds_first_keys_valid_rows_and_errors() -> None:
    first = valid_row()
    rows = rows_of(first, valid_row(established_on="bad"), {**first})
    (batch,) = list(batches(iter(rows), context=CONTEXT, size=10))
    rendered = render(batch)
    assert rendered.valid == 1
    assert rendered.staging.decode().count("\n") == 1
    keys = [line.split("\t") for line in rendered.keys.decode().splitlines()]
    assert [k[1] for k in keys] == ["2", "3"]
    assert [(e.row, e.field) for e in rendered.errors] == [(3, "established_on"), (4, "uscc")]


# -- the quick checks agree with the full ones --------------------------------------------

_BODY = st.text(alphabet=USCC_CHARSET, min_size=8, max_size=8)
_DIVISIONS = st.sampled_from(["410305", "410302", "110101", "350211", "410306", "999999", "100000"])


@given(
    _DIVISIONS,
    _BODY,
    st.sampled_from(["91", "92", "93", "51"]),
    st.integers(0, 17),
    st.sampled_from(USCC_CHARSET),
)
def test_quick_uscc_check_never_passes_what_the_full_check_refuses(
    division: str, body: str, category: str, position: int, replacement: str
) -> None:
    validator = RowValidator(CONTEXT, header_columns(HEADER))
    try:
        code = uscc_make(division, body, category=category)
    except ValueError:
        code = category + division + body + "00"
    mutated = code[:position] + replacement + code[position + 1 :]
    for candidate in (code, mutated, mutated.lower()):
        if validator._uscc_surely_valid(candidate):
            full = uscc_check(candidate)
            assert full.valid and full.normalised == candidate


@given(
    st.sampled_from(["410305", "410302", "410306", "999999", "810000"]),
    st.dates(min_value=dt.date(1890, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.integers(0, 999),
    st.integers(0, 17),
    st.sampled_from("0123456789Xx "),
)
def test_quick_id_check_never_passes_what_the_full_check_refuses(
    division: str, born: dt.date, sequence: int, position: int, replacement: str
) -> None:
    validator = RowValidator(CONTEXT, header_columns(HEADER))
    first17 = f"{division}{born:%Y%m%d}{sequence:03d}"
    try:
        number = idcard_make(division, born, sequence)
    except ValueError:
        number = first17 + "0"
    mutated = number[:position] + replacement + number[position + 1 :]
    for candidate in (number, mutated):
        if validator._id_surely_valid(candidate):
            full = idcard_check(candidate, today=TODAY)
            assert full.valid and full.normalised == candidate


def test_quick_checks_pass_ordinary_valid_codes() -> None:
    validator = RowValidator(CONTEXT, header_columns(HEADER))
    assert validator._uscc_surely_valid(uscc_make("410305", "MA000AB1"))
    assert validator._id_surely_valid(idcard_make("410305", dt.date(1980, 2, 29), 7))
    assert not validator._uscc_surely_valid(PILOT)
