"""Entity-name normalisation for search and matching (企业名称规范化).

The stored legal name is never changed: these functions compute a search
key (``name_normalise``), the legal form (``legal_form``) and a "core name"
without legal form and place prefixes for fuzzy matching (``name_core``).
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from shijian.core.identifiers._common import remove_whitespace, to_halfwidth
from shijian.core.identifiers.divisions import Level, all_divisions

__all__ = ["LegalForm", "legal_form", "name_core", "name_normalise", "to_simplified"]


class LegalForm(StrEnum):
    """Legal form (组织形式) read from the end of a name; the value is the canonical Chinese term."""

    JOINT_STOCK = "股份有限公司"
    LIMITED = "有限公司"  # also 有限责任公司
    BRANCH = "分公司"  # also 分行 / 支行
    GENERAL_PARTNERSHIP = "普通合伙"
    SPECIAL_GENERAL_PARTNERSHIP = "特殊普通合伙"
    LIMITED_PARTNERSHIP = "有限合伙"
    PARTNERSHIP = "合伙企业"  # a partnership whose name does not say which kind
    SOLE_PROPRIETORSHIP = "个人独资企业"
    INDIVIDUAL_BUSINESS = "个体工商户"
    FARMERS_COOPERATIVE = "农民专业合作社"


# --- traditional -> simplified -------------------------------------------------


@cache
def _t2s() -> Any:
    from opencc import OpenCC

    return OpenCC("t2s")


@cache
def _t2s_triggers() -> frozenset[str] | None:
    """Characters whose presence can make t2s change a string; ``None`` if unknown.

    The pure-Python OpenCC costs tens of microseconds per name and most names
    are already simplified, so a string without any of these characters is
    returned unchanged. A string can change only if it holds a character that
    TSCharacters maps to something else, or a whole TSPhrases key that
    converts although none of its characters would (瞭解 -> 了解: 瞭 alone is
    kept); for those phrases, their characters that TSCharacters lists
    (瞭 here) are triggers too - any string holding the phrase holds them.
    """
    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"
    try:
        characters = _read_opencc_dict(folder / "TSCharacters.txt")
        phrases = _read_opencc_dict(folder / "TSPhrases.txt")
    except OSError:
        return None
    triggers = {key for key, value in characters.items() if value != key}
    for key, value in phrases.items():
        if value != key and triggers.isdisjoint(key):
            listed = {ch for ch in key if ch in characters}
            triggers.update(listed or key)
    return frozenset(triggers)


def _read_opencc_dict(path: Path) -> dict[str, str]:
    """An OpenCC text dictionary: key TAB first-choice value (other choices ignored, as t2s does)."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if key:
            out[key] = values.split(" ")[0]
    return out


def to_simplified(text: str) -> str:
    """Traditional Chinese to simplified (OpenCC t2s), skipping the converter when nothing would change."""
    triggers = _t2s_triggers()
    if triggers is not None and triggers.isdisjoint(text):
        return text
    return str(_t2s().convert(text))


# --- punctuation -----------------------------------------------------------------

_PUNCTUATION = str.maketrans(
    {
        **dict.fromkeys("〔【［[｛{﹙⦅〖", "("),
        **dict.fromkeys("〕】］]｝}﹚⦆〗", ")"),
        **dict.fromkeys("・•‧∙⋅･", "·"),
        **dict.fromkeys("—–―‐‑‒−～~", "-"),
        # Quotes carry nothing for matching and come in many shapes.
        **dict.fromkeys("“”‘’\"'「」『』〝〞", None),
    }
)

# Longest first: 有限责任公司 also turns 股份有限责任公司 into 股份有限公司.
_CANONICAL_FORMS = (
    ("有限责任公司", "有限公司"),
    ("股份公司", "股份有限公司"),
    ("(个人独资)", "(个人独资企业)"),
)


def name_normalise(name: str) -> str:
    """Search key of an entity name; equal keys mean "the same name written differently".

    NFC, full-width to half-width, all whitespace removed (incl. U+3000),
    traditional to simplified, brackets unified to ``()``, middle dots to
    ``·``, dashes to ``-``, quotes dropped, Latin letters upper-cased, and
    legal-form variants made canonical (有限责任公司 -> 有限公司, 股份公司 ->
    股份有限公司). 股份有限公司 stays distinct from 有限公司.
    """
    text = remove_whitespace(to_halfwidth(unicodedata.normalize("NFC", name)))
    text = to_simplified(text).translate(_PUNCTUATION).upper()
    for variant, canonical in _CANONICAL_FORMS:
        text = text.replace(variant, canonical)
    return text


# --- legal form ------------------------------------------------------------------

_BRANCH_SUFFIXES = ("分公司", "分行", "支行")
_FORM_SUFFIXES: tuple[tuple[str, LegalForm], ...] = (
    ("(特殊普通合伙)", LegalForm.SPECIAL_GENERAL_PARTNERSHIP),
    ("(普通合伙)", LegalForm.GENERAL_PARTNERSHIP),
    ("(有限合伙)", LegalForm.LIMITED_PARTNERSHIP),
    ("合伙企业", LegalForm.PARTNERSHIP),
    ("股份有限公司", LegalForm.JOINT_STOCK),
    ("有限公司", LegalForm.LIMITED),
    ("(个人独资企业)", LegalForm.SOLE_PROPRIETORSHIP),
    ("个人独资企业", LegalForm.SOLE_PROPRIETORSHIP),
    ("(个体工商户)", LegalForm.INDIVIDUAL_BUSINESS),
    ("个体工商户", LegalForm.INDIVIDUAL_BUSINESS),
    ("专业合作社联合社", LegalForm.FARMERS_COOPERATIVE),
    ("专业合作社", LegalForm.FARMERS_COOPERATIVE),
)


def legal_form(name: str) -> LegalForm | None:
    """The legal form a name ends with (after ``name_normalise``), or ``None`` if it does not say.

    Most individual businesses (个体工商户) carry no form in their name and
    give ``None``; the entity type in the register is the authority.
    """
    text = name_normalise(name)
    if text.endswith(_BRANCH_SUFFIXES):
        return LegalForm.BRANCH
    for suffix, form in _FORM_SUFFIXES:
        if text.endswith(suffix):
            return form
    return None


# --- core name ---------------------------------------------------------------------

# Strip order matters only in that longer suffixes come first.
_CORE_SUFFIXES = tuple(sorted({s for s, _ in _FORM_SUFFIXES} | {"公司"}, key=len, reverse=True))

# The 55 minority nationalities, plus 维吾尔 as it appears in 新疆维吾尔自治区;
# longest first so that 维吾尔族 is tried before 维吾尔.
_ETHNIC_GROUPS = tuple(
    sorted(
        [
            "蒙古族",
            "回族",
            "藏族",
            "维吾尔族",
            "维吾尔",
            "苗族",
            "彝族",
            "壮族",
            "布依族",
            "朝鲜族",
            "满族",
            "侗族",
            "瑶族",
            "白族",
            "土家族",
            "哈尼族",
            "哈萨克族",
            "傣族",
            "黎族",
            "傈僳族",
            "佤族",
            "畲族",
            "高山族",
            "拉祜族",
            "水族",
            "东乡族",
            "纳西族",
            "景颇族",
            "柯尔克孜族",
            "土族",
            "达斡尔族",
            "仫佬族",
            "羌族",
            "布朗族",
            "撒拉族",
            "毛南族",
            "仡佬族",
            "锡伯族",
            "阿昌族",
            "普米族",
            "塔吉克族",
            "怒族",
            "乌孜别克族",
            "俄罗斯族",
            "鄂温克族",
            "德昂族",
            "保安族",
            "裕固族",
            "京族",
            "塔塔尔族",
            "独龙族",
            "鄂伦春族",
            "赫哲族",
            "门巴族",
            "珞巴族",
            "基诺族",
        ],
        key=len,
        reverse=True,
    )
)
_ADMIN_SUFFIXES = ("特别行政区", "自治区", "自治州", "地区", "省", "市", "盟")
# Historical county-level names that are ordinary words, not places.
_GENERIC_PLACE_NAMES = frozenset(
    {"市区", "郊区", "矿区", "城区", "东区", "西区", "南区", "北区", "中区", "新区"}
)


def _short_form(name: str) -> str | None:
    """河南省 -> 河南, 恩施土家族苗族自治州 -> 恩施, 新疆维吾尔自治区 -> 新疆."""
    for suffix in _ADMIN_SUFFIXES:
        if name.endswith(suffix):
            base = name[: -len(suffix)]
            break
    else:
        return None
    stripped = True
    while stripped:
        stripped = False
        for group in _ETHNIC_GROUPS:
            if base.endswith(group) and len(base) - len(group) >= 2:
                base = base[: -len(group)]
                stripped = True
                break
    return base if len(base) >= 2 else None


@cache
def _place_names() -> tuple[frozenset[str], int]:
    """Place names a name may start with, and the longest one's length.

    Full names of every division (current and former names), and short forms
    of provinces and prefectures only: a county's short form is too often an
    ordinary word (新华, 光明, 城关) to strip safely.
    """
    names: set[str] = set()
    for division in all_divisions().values():
        if division.is_grouping:
            continue
        for full in (division.name, *division.former_names):
            if len(full) < 2 or full in _GENERIC_PLACE_NAMES:
                continue
            names.add(full)
            if division.level is not Level.COUNTY:
                short = _short_form(full)
                if short:
                    names.add(short)
    return frozenset(names), max(len(n) for n in names)


_BRACKETED = re.compile(r"\(([^()]*)\)")


def _has_letters(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _unless_emptied(new: str, old: str) -> str:
    """``new`` unless it lost every letter, digit and character: a core is never empty."""
    return new if _has_letters(new) or not _has_letters(old) else old


def _strip_places_at_start(text: str) -> str:
    places, longest = _place_names()
    while True:
        for size in range(min(longest, len(text) - 1), 1, -1):
            if text[:size] in places and _has_letters(text[size:]):
                text = text[size:]
                break
        else:
            return text


def _strip_places_at_end(text: str) -> str:
    places, longest = _place_names()
    while True:
        for size in range(min(longest, len(text) - 1), 1, -1):
            if text[-size:] in places and _has_letters(text[:-size]):
                text = text[:-size]
                break
        else:
            return text


def name_core(name: str) -> str:
    """The distinctive part of a name for fuzzy matching (字号 plus trade words).

    From the normalised name: the legal form is removed (for a branch,
    everything from the parent's legal form on, so a branch has its parent's
    core), bracketed place names such as ``(洛阳)`` are dropped, leading
    place names (河南省 / 河南, 洛阳市 / 洛阳, 涧西区) are stripped, and only
    letters, digits and Chinese characters are kept. A step that would leave
    nothing is skipped, so the core of a name with any letter is never empty.
    ``"河南省洛阳市涧西区恒达机械有限责任公司"`` -> ``"恒达机械"``.
    """
    text = name_normalise(name)
    if text.endswith(_BRANCH_SUFFIXES):
        suffix = next(s for s in _BRANCH_SUFFIXES if text.endswith(s))
        rest = text[: -len(suffix)]
        cut = rest.rfind("公司")
        # A bank branch (中国银行洛阳分行) has no 公司 to cut at; drop its place instead.
        rest = rest[:cut].removesuffix("有限").removesuffix("股份") if cut > 0 else _strip_places_at_end(rest)
        text = _unless_emptied(rest, text)
    stripped = True
    while stripped:
        stripped = False
        for suffix in _CORE_SUFFIXES:
            if text.endswith(suffix) and _has_letters(text[: -len(suffix)]):
                text = text[: -len(suffix)]
                stripped = True
                break
    places, _ = _place_names()
    text = _unless_emptied(_BRACKETED.sub(lambda m: "" if m.group(1) in places else m.group(0), text), text)
    text = _strip_places_at_start(text)
    return "".join(ch for ch in text if ch.isalnum())
