"""居民身份证 checks (GB 11643). Expected check characters are worked out by hand here."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shijian.core.identifiers import (
    idcard_check,
    idcard_check_character,
    idcard_from_15,
    idcard_make,
    idcard_mask,
)

TODAY = date(2026, 3, 1)


def test_statutory_example_by_hand() -> None:
    # 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 times 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
    s = 7 + 9 + 0 + 5 + 0 + 20 + 2 + 9 + 24 + 27 + 7 + 18 + 30 + 5 + 0 + 0 + 4
    assert s == 167
    assert (12 - s % 11) % 11 == 10  # -> 'X'
    assert idcard_check_character("11010519491231002") == "X"
    result = idcard_check("11010519491231002X", today=TODAY)
    assert result.valid
    assert result.errors == () and result.warnings == ()
    assert result.birth_date == date(1949, 12, 31)
    assert result.sex == "female"  # position 17 is 2
    assert result.division_code == "110105"


def test_digit_check_character_by_hand() -> None:
    # 41038119800101001: 28 + 9 + 0 + 15 + 64 + 4 + 2 + 9 + 48 + 0 + 0 + 9 + 0 + 5 + 0 + 0 + 2 = 195
    assert (12 - 195 % 11) % 11 == 4
    assert idcard_check_character("41038119800101001") == "4"
    result = idcard_check("410381198001010014", today=TODAY)
    assert result.valid
    assert result.sex == "male"
    # 410381 偃师市 was retired in 2021; the number keeps it for life
    assert result.warning_codes() == ("division_retired",)


def test_wrong_check_character() -> None:
    result = idcard_check("110105194912310021", today=TODAY)
    assert result.error_codes() == ("check_character",)
    assert result.errors[0].position == 18
    assert "should be 'X'" in result.errors[0].message_en


def test_lower_case_x_is_normalised() -> None:
    result = idcard_check("11010519491231002x", today=TODAY)
    assert result.valid and result.normalised == "11010519491231002X"
    assert result.warning_codes() == ("normalised",)


@pytest.mark.parametrize(
    ("birth", "code"),
    [
        ("19490230", "birth_date_invalid"),  # 30 February
        ("19491301", "birth_date_invalid"),
        ("18991231", "birth_date_too_early"),
        ("20260302", "birth_date_future"),  # the day after TODAY
    ],
)
def test_birth_date_rules(birth: str, code: str) -> None:
    first17 = "110105" + birth + "002"
    number = first17 + idcard_check_character(first17)
    result = idcard_check(number, today=TODAY)
    assert result.error_codes() == (code,)
    assert result.errors[0].position == 7


def test_birth_date_today_is_allowed_and_today_is_an_argument() -> None:
    number = idcard_make("410305", TODAY, 1)
    assert idcard_check(number, today=TODAY).valid
    assert idcard_check(number, today=TODAY - timedelta(days=1)).error_codes() == ("birth_date_future",)


def test_leap_day() -> None:
    assert idcard_check(idcard_make("410305", date(2000, 2, 29), 7), today=TODAY).valid
    first17 = "410305" + "19000229" + "007"  # 1900 was not a leap year
    assert idcard_check(first17 + idcard_check_character(first17), today=TODAY).error_codes() == (
        "birth_date_invalid",
    )


def test_unknown_division() -> None:
    first17 = "419999" + "19800101" + "001"
    result = idcard_check(first17 + idcard_check_character(first17), today=TODAY)
    assert result.error_codes() == ("division_unknown",)


def test_residence_permit_prefix_warns() -> None:
    first17 = "830000" + "19800101" + "001"
    result = idcard_check(first17 + idcard_check_character(first17), today=TODAY)
    assert result.valid and result.warning_codes() == ("residence_permit",)


def test_legacy_15_digit_number() -> None:
    result = idcard_check("110105491231002", today=TODAY)
    assert not result.valid
    assert result.error_codes() == ("legacy_15_digit",)
    assert result.errors[0].message_en == "legacy 15-digit number; convert to 18"
    assert result.converted == "11010519491231002X"
    assert idcard_from_15("110105491231002") == "11010519491231002X"
    # the number itself never appears in a message
    assert "110105" not in result.errors[0].message_zh


def test_legacy_15_digit_with_impossible_date() -> None:
    result = idcard_check("110105490231002", today=TODAY)
    assert result.error_codes() == ("legacy_15_digit",)
    assert result.converted is None
    assert "cannot be converted" in result.errors[0].message_en
    with pytest.raises(ValueError, match="date"):
        idcard_from_15("110105490231002")


@pytest.mark.parametrize("bad", ["", "1101051949123100", "11010519491231002X1", "11010519491231002"])
def test_wrong_length(bad: str) -> None:
    assert idcard_check(bad, today=TODAY).error_codes() == ("length",)


def test_charset() -> None:
    result = idcard_check("1101051949123100AX", today=TODAY)
    assert result.error_codes() == ("charset",)
    assert result.errors[0].position == 17
    result = idcard_check("11010519491231002Y", today=TODAY)
    assert result.error_codes() == ("charset",)  # not also check_character
    assert "digit or X" in result.errors[0].message_en
    assert result.expected_check_character == "X"


def test_mask() -> None:
    assert idcard_mask("11010519491231002X") == "1101**********002X"
    assert idcard_mask("11010519491231002x") == "1101**********002X"
    assert idcard_mask("110105491231002") == "1101*******1002"
    assert idcard_mask("12345678") == "********"
    assert idcard_mask("") == ""


def test_make_rejects_bad_parts() -> None:
    with pytest.raises(ValueError, match="division"):
        idcard_make("419999", date(1980, 1, 1), 1)
    with pytest.raises(ValueError, match="1900"):
        idcard_make("410305", date(1899, 12, 31), 1)
    with pytest.raises(ValueError, match="sequence"):
        idcard_make("410305", date(1980, 1, 1), 1000)


# --- properties --------------------------------------------------------------------

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
divisions = st.sampled_from(["410302", "410305", "410323", "410381", "110105", "350211", "440300"])
births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


@given(division=divisions, born=births, sequence=sequences)
def test_generated_numbers_are_valid(division: str, born: date, sequence: int) -> None:
    number = idcard_make(division, born, sequence)
    result = idcard_check(number, today=TODAY)
    assert result.valid, result.errors
    assert result.birth_date == born
    assert result.sex == ("male" if sequence % 2 else "female")
    s = sum(int(ch) * w for ch, w in zip(number[:17], WEIGHTS, strict=True))
    assert number[17] == "0123456789X"[(12 - s % 11) % 11]


@given(
    division=divisions,
    born=births,
    sequence=sequences,
    position=st.integers(min_value=0, max_value=17),
    replacement=st.sampled_from("0123456789X"),
)
def test_changing_any_single_character_makes_it_invalid(
    division: str, born: date, sequence: int, position: int, replacement: str
) -> None:
    number = idcard_make(division, born, sequence)
    if number[position] == replacement:
        replacement = "0123456789"[(int(replacement) + 1) % 10] if replacement != "X" else "0"
    changed = number[:position] + replacement + number[position + 1 :]
    assert not idcard_check(changed, today=TODAY).valid


@given(
    division=divisions, born=st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)), seq=sequences
)
def test_15_digit_conversion_round_trip(division: str, born: date, seq: int) -> None:
    legacy = f"{division}{born:%y%m%d}{seq:03d}"
    converted = idcard_from_15(legacy)
    assert converted == idcard_make(division, born, seq)
    assert idcard_check(legacy, today=TODAY).converted == converted


@given(number=st.text(alphabet="0123456789X", min_size=9, max_size=30))
def test_mask_keeps_only_four_characters_at_each_end(number: str) -> None:
    masked = idcard_mask(number)
    assert len(masked) == len(number)
    assert masked[:4] == number[:4] and masked[-4:] == number[-4:]
    assert set(masked[4:-4]) <= {"*"}


@given(first17=st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_character_equals_the_gb_11643_formula(first17: str) -> None:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = (12 - sum(int(ch) * w for ch, w in zip(first17, weights, strict=True)) % 11) % 11
    assert idcard_check_character(first17) == ("X" if check == 10 else str(check))


@given(text=st.text(alphabet="0123456789X٣１ ", min_size=0, max_size=20))
def test_check_character_refuses_anything_but_17_ascii_digits(text: str) -> None:
    if len(text) == 17 and all(ch in "0123456789" for ch in text):
        assert idcard_check_character(text) in "0123456789X"
    else:
        with pytest.raises(ValueError, match="expected 17 digits"):
            idcard_check_character(text)
