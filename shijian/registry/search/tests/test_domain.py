"""Pure rules of search and matching: normalisation, grams, tiers, cursors, scores (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shijian.core.errors import ValidationFailed
from shijian.registry.search.domain import (
    MAX_QUERY_LENGTH,
    Cursor,
    MatchRecord,
    MatchTier,
    cursor_decode,
    cursor_encode,
    division_prefix,
    match_query,
    match_score,
    prefix_upper_bound,
    rank_matches,
    search_grams,
    search_query,
    similarity,
    tier_for,
    value_grams,
)

CODE = "91410305MA00000017"


def test_query_is_normalised_like_stored_names() -> None:
    # Traditional characters, a full-width space and brackets, the old legal-form wording.
    q = search_query(" 洛陽　恆達（集團）有限責任公司 ")
    assert q.text == "洛阳恒达(集团)有限公司"
    assert q.uscc is None
    assert search_query("ＡＢＣ貿易").text == "ABC贸易"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (CODE, CODE),
        (CODE.lower(), CODE),
        ("".join(chr(ord(ch) + 0xFEE0) for ch in CODE), CODE),  # full width
        ("914103-05MA0000 0017", CODE),
        ("91410305MA0000001", None),  # 17 characters
        ("91410305MA0000001O", None),  # O is not in the USCC alphabet
        ("恒达机械", None),
    ],
)
def test_uscc_shaped_queries_are_recognised(raw: str, code: str | None) -> None:
    assert search_query(raw).uscc == code


def test_too_long_query_is_refused() -> None:
    search_query("字" * MAX_QUERY_LENGTH)
    with pytest.raises(ValidationFailed) as caught:
        search_query("字" * (MAX_QUERY_LENGTH + 1))
    assert caught.value.field == "q"


def test_search_grams() -> None:
    assert search_grams("恒") == ("恒",)
    assert search_grams("恒达") == ("恒达",)
    assert search_grams("洛阳洛阳") == ("洛阳", "阳洛")  # distinct and sorted
    assert value_grams("洛阳市") == frozenset({"洛", "阳", "市", "洛阳", "阳市"})


@given(st.text(min_size=1, max_size=30), st.data())
def test_grams_of_a_substring_are_in_the_grams_of_the_value(value: str, data: st.DataObject) -> None:
    # The property the index relies on: a row containing the query has every key the query asks for.
    start = data.draw(st.integers(0, len(value) - 1))
    end = data.draw(st.integers(start + 1, len(value)))
    assert set(search_grams(value[start:end])) <= value_grams(value)


def test_prefix_upper_bound() -> None:
    assert prefix_upper_bound("恒达") == "恒" + chr(ord("达") + 1)
    assert prefix_upper_bound("ab") == "ac"
    assert prefix_upper_bound("a\U0010ffff") == "b"
    assert prefix_upper_bound("\U0010ffff") is None
    bound = prefix_upper_bound("恒达")
    assert bound is not None and "恒达" <= "恒达机械有限公司" < bound and not ("恒达" <= bound < bound)


def test_tiers_rank_code_name_prefix_substring() -> None:
    q = search_query("恒达机械")
    assert tier_for("恒达机械", q) is MatchTier.EXACT_NAME
    assert tier_for("恒达机械有限公司", q) is MatchTier.PREFIX
    assert tier_for("洛阳恒达机械有限公司", q) is MatchTier.SUBSTRING
    assert tier_for("洛阳恒达有限公司", q) is MatchTier.OTHER
    coded = search_query(CODE)
    assert tier_for("随便什么名称", coded, uscc=CODE) is MatchTier.CODE
    assert sorted(MatchTier) == [
        MatchTier.CODE,
        MatchTier.EXACT_NAME,
        MatchTier.PREFIX,
        MatchTier.SUBSTRING,
        MatchTier.OTHER,
    ]


def test_cursor_round_trip_and_tampering() -> None:
    cursor = Cursor(tier=MatchTier.PREFIX, id=42, name="恒达机械有限公司")
    text = cursor_encode(cursor)
    assert text.isascii() and "=" not in text
    assert cursor_decode(text) == cursor
    assert cursor_decode(cursor_encode(Cursor(tier=MatchTier.SUBSTRING, id=7))) == Cursor(
        MatchTier.SUBSTRING, 7
    )
    for bad in ("", "not-a-cursor", "WzksMSxudWxsXQ", cursor_encode(cursor)[:-3], "W1wiYVwiXQ"):
        with pytest.raises(ValidationFailed):
            cursor_decode(bad)


def test_division_prefix() -> None:
    assert division_prefix("410000") == "41"
    assert division_prefix("410300") == "4103"
    assert division_prefix("410305") == "410305"
    for bad in ("4103", "41030x", ""):
        with pytest.raises(ValidationFailed):
            division_prefix(bad)


def test_similarity() -> None:
    assert similarity("恒达机械", "恒达机械") == 1.0
    assert similarity("恒达机械", "") == 0.0
    assert similarity("恒达机械", "宏伟商贸") == 0.0
    # 恒达 and 机械 shared out of 3 + 5 bigrams.
    assert similarity("恒达机械", "恒达精密机械") == pytest.approx(2 * 2 / (3 + 5))


@given(st.text(max_size=20), st.text(max_size=20))
def test_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    assert similarity(a, b) == pytest.approx(similarity(b, a))
    assert 0.0 <= similarity(a, b) <= 1.0


def record(
    name: str, *, uscc: str = CODE, address: str = "河南省洛阳市涧西区中州西路1号", division: str = "410305"
) -> MatchRecord:
    from shijian.core.identifiers import name_normalise

    return MatchRecord(uscc=uscc, name_search=name_normalise(name), address=address, division_code=division)


def test_equal_code_decides_and_comes_first() -> None:
    q = match_query(uscc=CODE.lower(), name="完全不同的名称有限公司")
    result = match_score(q, record("洛阳恒达机械有限公司"))
    assert result.score == 1.0
    assert [r.code for r in result.reasons] == ["code_equal", "name_similar", "division_same"]


def test_name_variants_match_after_normalisation() -> None:
    q = match_query(name="洛陽恆達機械有限責任公司")
    exact = match_score(q, record("洛阳恒达机械有限公司"))
    assert exact.score == 1.0  # name only: the name part carries the whole weight
    assert [r.code for r in exact.reasons] == ["name_equal"]
    other_place = match_score(q, record("河南恒达机械有限公司"))
    assert [r.code for r in other_place.reasons] == ["name_core_equal"]
    assert other_place.score == pytest.approx(0.9)
    similar = match_score(q, record("洛阳市恒达精密机械有限公司"))
    assert similar.reasons[0].code == "name_similar"
    assert 0.3 < similar.score < other_place.score


def test_reasons_in_order_code_name_address_division() -> None:
    q = match_query(
        name="洛阳恒达机械有限公司",
        address="河南省洛阳市涧西区中州西路1号",
        uscc="91410305MA00000025",
        division_code="410305",
    )
    result = match_score(q, record("洛阳恒达机械有限公司"))
    assert [r.code for r in result.reasons] == [
        "code_differs",
        "name_equal",
        "address_equal",
        "division_same",
    ]
    # Everything agrees but the code: the conflict factor applies.
    assert result.score == pytest.approx(0.6)
    assert sum(r.contribution for r in result.reasons) == pytest.approx(1.0)


def test_division_and_address_weigh_in() -> None:
    q = match_query(name="恒达机械有限公司", address="中州西路1号", division_code="410305")
    near = match_score(q, record("洛阳恒达机械有限公司", division="410305"))
    same_city = match_score(q, record("洛阳恒达机械有限公司", division="410302"))
    far = match_score(q, record("洛阳恒达机械有限公司", division="110101", address="北京市东城区长安街1号"))
    assert near.score > same_city.score > far.score
    assert [r.code for r in same_city.reasons][-1] == "division_same_prefecture"
    assert [r.code for r in far.reasons][-1] == "division_differs"


def test_division_comes_from_the_code_when_not_given() -> None:
    assert match_query(uscc=CODE).division_code == "410305"
    assert match_query(uscc=CODE, division_code="410302").division_code == "410302"


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"name": "  "}, {"uscc": "12345"}, {"name": "恒达", "division_code": "4103"}, {"name": "字" * 201}],
)
def test_bad_match_requests_are_refused(kwargs: dict[str, str]) -> None:
    with pytest.raises(ValidationFailed):
        match_query(**kwargs)


def test_rank_matches_orders_by_score_then_id() -> None:
    q = match_query(name="洛阳恒达机械有限公司")
    good, weak = match_score(q, record("洛阳恒达机械有限公司")), match_score(q, record("恒达商贸有限公司"))
    assert [pk for pk, _ in rank_matches([(3, weak), (2, good), (1, good)])] == [1, 2, 3]
