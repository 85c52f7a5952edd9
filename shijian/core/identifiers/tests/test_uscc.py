"""统一社会信用代码 checks (GB 32100-2015). Expected check characters are worked out by hand here."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shijian.core.identifiers import (
    USCC_CHARSET,
    org_code_check_character,
    uscc_check,
    uscc_check_character,
    uscc_make,
)

# Values of the USCC charset written out by hand (no I O S V Z), independent of the module.
HAND_VALUES = dict(zip("0123456789ABCDEFGHJKLMNPQRTUWXY", range(31), strict=True))


def test_charset_is_the_statutory_one() -> None:
    assert USCC_CHARSET == "0123456789ABCDEFGHJKLMNPQRTUWXY"
    assert HAND_VALUES["Q"] == 24 and HAND_VALUES["R"] == 25 and HAND_VALUES["Y"] == 30


def test_statutory_example_914403001922038216_by_hand() -> None:
    # values 9 1 4 4 0 3 0 0 1 9 2 2 0 3 8 2 1 times weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
    s = 9 + 3 + 36 + 108 + 0 + 78 + 0 + 0 + 20 + 261 + 50 + 26 + 0 + 72 + 80 + 60 + 28
    assert s == 831  # as statutory-rules.md says
    assert (31 - s % 31) % 31 == 6
    assert uscc_check_character("91440300192203821") == "6"
    # GB 11714 over 19220382: 1*3 + 9*7 + 2*9 + 2*10 + 0*5 + 3*8 + 8*4 + 2*2 = 164; 11 - 164 % 11 = 1
    assert 11 - (3 + 63 + 18 + 20 + 0 + 24 + 32 + 4) % 11 == 1
    assert org_code_check_character("19220382") == "1"
    result = uscc_check("914403001922038216")
    assert result.valid
    assert result.errors == () and result.warnings == ()
    assert result.normalised == "914403001922038216"
    assert result.division_code == "440300"
    assert not result.only_check_character_failed


def test_statutory_example_91110108551385082q_by_hand() -> None:
    s = 9 + 3 + 9 + 27 + 0 + 26 + 0 + 136 + 100 + 145 + 25 + 39 + 64 + 120 + 0 + 240 + 56
    assert s == 999
    assert (31 - s % 31) % 31 == 24  # 'Q' is value 24
    assert uscc_check_character("91110108551385082") == "Q"
    # 55138508: 15 + 35 + 9 + 30 + 40 + 40 + 0 + 16 = 185; 11 - 185 % 11 = 2
    assert org_code_check_character("55138508") == "2"
    assert uscc_check("91110108551385082Q").valid


def test_pilot_code_fails_only_the_check_character() -> None:
    # 91350211M0000XUF46 with M=21, X=29, U=27, F=15 (USCC values):
    s = 9 + 3 + 27 + 135 + 0 + 52 + 16 + 17 + 420 + 0 + 0 + 0 + 0 + 696 + 270 + 450 + 112
    assert s == 2207
    assert (31 - s % 31) % 31 == 25  # 'R', but the code has '6'
    # GB 11714 of M0000XUF with M=22, X=33, U=30, F=15 (full alphabet): 66 + 264 + 120 + 30 = 480
    assert 11 - 480 % 11 == 4  # matches position 17
    result = uscc_check("91350211M0000XUF46")
    assert not result.valid
    assert result.error_codes() == ("check_character",)
    assert result.errors[0].position == 18
    assert "'R'" in result.errors[0].message_en and "'6'" in result.errors[0].message_en
    assert result.only_check_character_failed
    assert result.expected_check_character == "R"


def test_org_code_check_character_maps_10_to_x_and_11_to_0() -> None:
    assert org_code_check_character("00000006") == "X"  # S = 12, 11 - 1 = 10
    assert org_code_check_character("00000000") == "0"  # S = 0, 11 - 0 = 11
    assert org_code_check_character("10000000") == "8"  # S = 3
    assert org_code_check_character("A0000000") == "3"  # A = 10, S = 30, 30 % 11 = 8


@pytest.mark.parametrize("bad", ["9144030019220382", "", "91440300192203821", "9144030019220382167"])
def test_wrong_length_is_invalid(bad: str) -> None:
    result = uscc_check(bad)
    assert result.error_codes() == ("length",)
    assert f"length is {len(bad)}" in result.errors[0].message_en
    assert not result.only_check_character_failed


@pytest.mark.parametrize(("letter", "position"), [("O", 5), ("I", 10), ("S", 12), ("V", 16), ("Z", 18)])
def test_forbidden_letter_is_named(letter: str, position: int) -> None:
    code = "914403001922038216"
    bad = code[: position - 1] + letter + code[position:]
    result = uscc_check(bad)
    assert not result.valid
    problem = next(p for p in result.errors if p.code == "charset")
    assert problem.position == position
    assert problem.message_en.startswith(f"position {position}: letter '{letter}' is not allowed")
    assert f"“{letter}”" in problem.message_zh
    assert not result.only_check_character_failed


def test_wrong_check_character_is_invalid() -> None:
    result = uscc_check("914403001922038217")
    assert result.error_codes() == ("check_character",)
    assert result.only_check_character_failed
    assert "should be '6'" in result.errors[0].message_en


def test_org_code_failure_is_reported_and_is_not_only_check_character() -> None:
    # position 17 changed from 1 to 2: both checks now fail
    result = uscc_check("914403001922038226")
    assert set(result.error_codes()) == {"org_code_check", "check_character"}
    assert not result.only_check_character_failed
    org = next(p for p in result.errors if p.code == "org_code_check")
    assert org.position == 17 and "should be '1'" in org.message_en


def test_unknown_division_is_an_error() -> None:
    code = uscc_make("410305", "MA1234AB")
    # 419999 is no division; recompute both check characters so only the division is wrong
    first16 = code[:2] + "419999" + code[8:16]
    first17 = first16 + code[16]
    bad = first17 + uscc_check_character(first17)
    result = uscc_check(bad)
    assert result.error_codes() == ("division_unknown",)
    assert result.errors[0].position == 3


def test_retired_division_is_a_warning_only() -> None:
    code = uscc_make("410381", "MA1234AB")  # 偃师市, retired 2021 (now 410307 偃师区)
    result = uscc_check(code)
    assert result.valid
    assert result.warning_codes() == ("division_retired",)


def test_national_registration_authority_100000_is_accepted() -> None:
    # 中国银行 is registered by the national authority; both checks verified by hand:
    # org 10000134: 3 + 0 + 0 + 0 + 0 + 8 + 12 + 8 = 31; 11 - 31 % 11 = 2
    assert 11 - (3 + 8 + 12 + 8) % 11 == 2
    assert uscc_check("911000001000013428").valid


def test_department_and_category() -> None:
    assert uscc_check(uscc_make("410305", "MA1234AB", category="92")).category == "个体工商户"
    # 9 with category 4 does not exist under market supervision
    first17 = "94410305MA1234AB" + org_code_check_character("MA1234AB")
    result = uscc_check(first17 + uscc_check_character(first17))
    assert result.error_codes() == ("entity_category",)
    # Department B does not exist
    first17 = "B1410305MA1234AB" + org_code_check_character("MA1234AB")
    result = uscc_check(first17 + uscc_check_character(first17))
    assert result.error_codes() == ("registration_department",)
    # 民政 (5) with category 7 only warns: that table is not statutory for us
    first17 = "57410305MA1234AB" + org_code_check_character("MA1234AB")
    result = uscc_check(first17 + uscc_check_character(first17))
    assert result.valid and result.warning_codes() == ("entity_category_unusual",)


def test_normalisation_is_reported_as_a_warning() -> None:
    result = uscc_check(" ９１４４０３００ １９２２０３８２１６\u3000")
    assert result.valid
    assert result.normalised == "914403001922038216"
    assert result.warning_codes() == ("normalised",)
    lower = uscc_check("91110108551385082q")
    assert lower.valid and lower.normalised.endswith("Q")
    assert "upper" in lower.warnings[0].message_en


def test_every_problem_is_reported_at_once() -> None:
    result = uscc_check("9O440300192203821-")
    assert [(p.code, p.position) for p in result.errors] == [("charset", 2), ("charset", 18)]


def test_as_dict_shape() -> None:
    payload = uscc_check("91350211M0000XUF46").as_dict()
    assert payload["valid"] is False
    assert payload["only_check_character_failed"] is True
    assert payload["errors"][0] == {
        "code": "check_character",
        "position": 18,
        "message_zh": "第18位校验码应为“R”，实为“6”",
        "message_en": "position 18: check character should be 'R', found '6'",
    }


def test_check_character_functions_reject_bad_input() -> None:
    with pytest.raises(ValueError, match="17"):
        uscc_check_character("9144030019220382")
    with pytest.raises(ValueError, match="charset"):
        uscc_check_character("9144030019220382O")
    with pytest.raises(ValueError, match="8"):
        org_code_check_character("1922038")


def test_uscc_make_rejects_parts_that_cannot_be_valid() -> None:
    with pytest.raises(ValueError, match="division"):
        uscc_make("419999", "MA1234AB")
    with pytest.raises(ValueError, match="organisation"):
        uscc_make("410305", "MA1234OB")
    with pytest.raises(ValueError, match="category"):
        uscc_make("410305", "MA1234AB", category="94")


# --- properties --------------------------------------------------------------------

LUOYANG = ["410300", "410302", "410303", "410304", "410305", "410307", "410308", "410311", "410323", "410381"]
OTHER = ["110105", "350211", "440300", "650102", "100000"]
bodies = st.text(alphabet=USCC_CHARSET, min_size=8, max_size=8)
categories = st.sampled_from(["91", "92", "93"])
divisions = st.sampled_from(LUOYANG + OTHER)


@given(division=divisions, body=bodies, category=categories)
def test_every_generated_code_is_valid(division: str, body: str, category: str) -> None:
    code = uscc_make(division, body, category)
    result = uscc_check(code)
    assert result.valid, result.errors
    assert code[:2] == category and code[2:8] == division and code[8:16] == body
    # independent recomputation of position 18 with the hand table
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    s = sum(HAND_VALUES[ch] * w for ch, w in zip(code[:17], weights, strict=True))
    assert HAND_VALUES[code[17]] == (31 - s % 31) % 31


@given(
    division=divisions,
    body=bodies,
    category=categories,
    position=st.integers(min_value=0, max_value=17),
    replacement=st.sampled_from(USCC_CHARSET + "IOSVZ-*#"),
)
def test_changing_any_single_character_makes_it_invalid(
    division: str, body: str, category: str, position: int, replacement: str
) -> None:
    code = uscc_make(division, body, category)
    if code[position] == replacement:
        replacement = USCC_CHARSET[(USCC_CHARSET.index(replacement) + 1) % 31]
    changed = code[:position] + replacement + code[position + 1 :]
    assert not uscc_check(changed).valid


# -- the table-driven check characters against the formulas of the standards ---------------

_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


@given(first17=st.text(alphabet=USCC_CHARSET, min_size=17, max_size=17))
def test_check_character_equals_the_gb_32100_formula(first17: str) -> None:
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    s = sum(HAND_VALUES[ch] * w for ch, w in zip(first17, weights, strict=True))
    assert uscc_check_character(first17) == USCC_CHARSET[(31 - s % 31) % 31]


@given(body=st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=8, max_size=8))
def test_org_code_check_character_equals_the_gb_11714_formula(body: str) -> None:
    check = 11 - sum(int(ch, 36) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    assert org_code_check_character(body) == {10: "X", 11: "0"}.get(check, str(check))


@given(
    text=st.text(alphabet=USCC_CHARSET + "IOSVZaz -１", min_size=0, max_size=20),
)
def test_check_characters_refuse_what_is_not_their_alphabet_or_length(text: str) -> None:
    uscc_ok = len(text) == 17 and all(ch in USCC_CHARSET for ch in text)
    org_ok = len(text) == 8 and all(ch in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" for ch in text)
    for check, ok in ((uscc_check_character, uscc_ok), (org_code_check_character, org_ok)):
        if ok:
            assert len(check(text)) == 1
        else:
            with pytest.raises(ValueError):
                check(text)
