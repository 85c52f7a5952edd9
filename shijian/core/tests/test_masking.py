"""Masking personal numbers inside free text and nested content."""

from __future__ import annotations

import datetime as dt

from shijian.core.identifiers import idcard_make
from shijian.core.masking import mask_id_numbers_in, mask_personal_data_in


def test_valid_id_numbers_inside_text_are_masked_and_other_digit_runs_are_not() -> None:
    number = idcard_make("410305", dt.date(1980, 2, 29), 17)
    broken = number[:17] + ("0" if number[17] != "0" else "1")
    text = f"当事人身份证{number}，案号{broken}，账号6222020200112233445"
    masked = mask_id_numbers_in(text)
    assert number not in masked and f"{number[:4]}" in masked and number[-4:] in masked
    assert broken in masked  # no valid check character: not an ID number
    assert "6222020200112233445" in masked  # 19 digits: left alone


def test_nested_content_is_masked_everywhere() -> None:
    number = idcard_make("410302", dt.date(1975, 6, 1), 3)
    body = {"party": {"phone": "联系电话13912345678", "ids": [number, 12]}, "fine": 5000}
    masked = mask_personal_data_in(body)
    assert masked == {
        "party": {"phone": "联系电话139****5678", "ids": [number[:4] + "*" * 10 + number[-4:], 12]},
        "fine": 5000,
    }
