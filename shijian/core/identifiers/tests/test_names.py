"""Entity-name search keys, legal forms and core names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from opencc import OpenCC

from shijian.core.identifiers import LegalForm, legal_form, name_core, name_normalise
from shijian.core.identifiers.names import to_simplified


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("洛阳市恒达机械有限责任公司", "洛阳市恒达机械有限公司"),
        ("洛阳市　恒达机械 有限公司", "洛阳市恒达机械有限公司"),  # ideographic and ASCII spaces
        ("洛陽市恆達機械有限責任公司", "洛阳市恒达机械有限公司"),  # traditional
        ("洛阳ａｂｃ科技有限公司", "洛阳ABC科技有限公司"),  # full-width, lower case
        ("恒达机械（洛阳）有限公司", "恒达机械(洛阳)有限公司"),
        ("恒达机械【洛阳】有限公司", "恒达机械(洛阳)有限公司"),
        ("恒达机械〔洛阳〕有限公司", "恒达机械(洛阳)有限公司"),
        ("“恒达”机械有限公司", "恒达机械有限公司"),  # quotes dropped
        ("阿凡提・食品有限公司", "阿凡提·食品有限公司"),  # katakana middle dot
        ("恒达—机械有限公司", "恒达-机械有限公司"),
        ("恒达股份有限责任公司", "恒达股份有限公司"),
        ("恒达股份公司", "恒达股份有限公司"),
        ("恒达股份有限公司", "恒达股份有限公司"),
        ("宁波恒达投资合伙企业（有限合伙）", "宁波恒达投资合伙企业(有限合伙)"),
        ("恒达商贸中心（个人独资）", "恒达商贸中心(个人独资企业)"),
        ("恒达\u200b机械有限公司", "恒达机械有限公司"),  # zero-width space
    ],
)
def test_name_normalise(raw: str, key: str) -> None:
    assert name_normalise(raw) == key


def test_joint_stock_stays_distinct_from_limited() -> None:
    assert name_normalise("恒达机械股份有限公司") != name_normalise("恒达机械有限公司")


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("洛阳市恒达机械有限责任公司", LegalForm.LIMITED),
        ("洛阳市恒达机械有限公司", LegalForm.LIMITED),
        ("恒达机械股份有限公司", LegalForm.JOINT_STOCK),
        ("恒达机械股份公司", LegalForm.JOINT_STOCK),
        ("恒达机械有限公司洛阳分公司", LegalForm.BRANCH),
        ("中国工商银行股份有限公司洛阳分行", LegalForm.BRANCH),
        ("洛阳恒达会计师事务所（特殊普通合伙）", LegalForm.SPECIAL_GENERAL_PARTNERSHIP),
        ("洛阳恒达投资合伙企业（普通合伙）", LegalForm.GENERAL_PARTNERSHIP),
        ("洛阳恒达投资合伙企业(有限合伙)", LegalForm.LIMITED_PARTNERSHIP),
        ("洛阳恒达投资合伙企业", LegalForm.PARTNERSHIP),
        ("洛阳恒达商贸中心（个人独资）", LegalForm.SOLE_PROPRIETORSHIP),
        ("洛阳恒达个人独资企业", LegalForm.SOLE_PROPRIETORSHIP),
        ("涧西区恒达便利店（个体工商户）", LegalForm.INDIVIDUAL_BUSINESS),
        ("嵩县恒达花椒种植专业合作社", LegalForm.FARMERS_COOPERATIVE),
        ("嵩县恒达农民专业合作社", LegalForm.FARMERS_COOPERATIVE),
        ("涧西区张三便利店", None),
    ],
)
def test_legal_form(name: str, form: LegalForm | None) -> None:
    assert legal_form(name) is form


@pytest.mark.parametrize(
    ("name", "core"),
    [
        ("河南省洛阳市涧西区恒达机械有限责任公司", "恒达机械"),
        ("洛阳恒达机械有限公司", "恒达机械"),
        ("河南恒达机械股份有限公司", "恒达机械"),
        ("恒达机械（洛阳）有限公司", "恒达机械"),
        ("恒达机械(集团)有限公司", "恒达机械集团"),  # not a place: kept, brackets dropped
        ("恒达机械有限公司洛阳分公司", "恒达机械"),  # a branch has its parent's core
        ("中国工商银行股份有限公司洛阳分行", "中国工商银行"),
        ("中国银行洛阳分行", "中国银行"),
        ("宁波恒达投资合伙企业（有限合伙）", "恒达投资"),
        ("新疆维吾尔自治区恒达有限公司", "恒达"),
        ("恩施土家族苗族自治州恒达有限公司", "恒达"),
        ("恩施恒达有限公司", "恒达"),
        ("北京市东城区张三便利店", "张三便利店"),
        ("洛陽恆達機械有限公司", "恒达机械"),
        ("洛阳有限公司", "洛阳"),  # never strips everything
        ("新华书店", "新华书店"),  # county short forms (新华区 -> 新华) are not stripped
    ],
)
def test_name_core(name: str, core: str) -> None:
    assert name_core(name) == core


def test_core_matches_variants_of_the_same_entity() -> None:
    variants = [
        "洛阳市恒达机械有限责任公司",
        "洛阳恒达机械有限公司",
        "河南省洛阳市恒達機械有限公司",
        "恒达机械（洛阳）有限公司",
    ]
    assert {name_core(v) for v in variants} == {"恒达机械"}


# --- properties --------------------------------------------------------------------

# Simplified and traditional characters, full-width forms, brackets, dots, spaces, Latin.
ALPHABET = (
    "洛阳陽恒恆达達机機械有限责責任公司股份分行合伙夥瞭解了沈默台臺灣湾"
    + "（）()【】〔〕·・— \u3000ａＢcD1２"
)
names = st.text(alphabet=ALPHABET, max_size=24)


@given(names)
def test_normalise_is_idempotent(name: str) -> None:
    once = name_normalise(name)
    assert name_normalise(once) == once


@given(names)
def test_normalised_key_has_no_whitespace_full_width_or_lower_case(name: str) -> None:
    key = name_normalise(name)
    assert not any(ch.isspace() for ch in key)
    assert not any("\uff01" <= ch <= "\uff5e" for ch in key)
    assert key == key.upper()


@given(names, st.integers(min_value=0, max_value=24))
def test_whitespace_does_not_change_the_key(name: str, at: int) -> None:
    assert name_normalise(name[:at] + " \u3000" + name[at:]) == name_normalise(name)


@given(names)
def test_fast_path_agrees_with_opencc(name: str) -> None:
    # The skip-when-nothing-to-convert shortcut must never change the result.
    assert to_simplified(name) == OpenCC("t2s").convert(name)


@given(names)
def test_core_is_a_non_empty_subsequence_when_input_has_letters(name: str) -> None:
    core = name_core(name)
    assert all(ch.isalnum() for ch in core)
    if any(ch.isalnum() for ch in name):
        assert core


def test_remove_whitespace_drops_exactly_the_whitespace_and_invisible_characters() -> None:
    from shijian.core.identifiers._common import _INVISIBLE, remove_whitespace

    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue  # surrogates are not text
        ch = chr(code)
        kept = remove_whitespace(f"甲{ch}乙")
        expected = "甲乙" if ch.isspace() or ch in _INVISIBLE else f"甲{ch}乙"
        assert kept == expected, hex(code)
