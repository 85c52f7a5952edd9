"""统一社会信用代码 (Unified Social Credit Code, USCC), GB 32100-2015.

Layout (1-based positions): 1 registration department, 2 entity category,
3-8 division code of the registering authority (GB/T 2260), 9-17
organisation code (GB 11714, its own check character at 17), 18 check
character over positions 1-17. See statutory-rules.md section 1.

``uscc_check`` reports every problem it can find rather than stopping at the
first, because an officer fixing a typed code wants all of them at once.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any

from shijian.core.identifiers._common import CheckResult, Problem, normalise_code, shown
from shijian.core.identifiers.divisions import division_lookup, division_snapshot_version

__all__ = [
    "NATIONAL_REGISTRATION_CODE",
    "USCC_CHARSET",
    "UsccResult",
    "org_code_check_character",
    "uscc_check",
    "uscc_check_character",
    "uscc_make",
]

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(USCC_CHARSET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Letters GB 32100 leaves out so that they cannot be mistaken for 1, 0, 5, U/2.
_FORBIDDEN_LETTERS = frozenset("IOSVZ")

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_ALPHABET = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")

# The check characters are computed for every row of a bulk import, so each
# position gets a table of character -> value x weight: the weighted sum is
# then one ``map`` over the characters, and a character outside the alphabet
# is a KeyError instead of a separate scan.
_WEIGHTED = tuple({ch: value * weight for ch, value in _VALUE.items()} for weight in _WEIGHTS)
_ORG_WEIGHTED = tuple({ch: int(ch, 36) * weight for ch in _ORG_ALPHABET} for weight in _ORG_WEIGHTS)
# GB 11714: C = 11 - S mod 11, written 'X' for 10 and '0' for 11; indexed by S mod 11.
_ORG_CHECK = tuple({10: "X", 11: "0"}.get(11 - rest, str(11 - rest)) for rest in range(11))

# Registering authorities at national level (e.g. SAMR itself) put 100000 in
# positions 3-8 (GB 32100-2015, 登记管理机关行政区划码); it is not a GB/T
# 2260 division, so the snapshot does not have it.
NATIONAL_REGISTRATION_CODE = "100000"

# GB 32100-2015 annex: registration department -> entity categories.
# Department 9 (market supervision, 工商) is the one this platform registers
# and is statutory-rules [V]; a category outside its list is an error. The
# other departments' lists are only used to warn.
_MARKET_SUPERVISION = "9"
_DEPARTMENTS: dict[str, tuple[str, str, dict[str, str]]] = {
    "1": ("机构编制", "public-sector staffing", {"1": "机关", "2": "事业单位", "3": "群众团体", "9": "其他"}),
    "2": ("外交", "foreign affairs", {"1": "外国常驻新闻机构", "9": "其他"}),
    "3": (
        "司法行政",
        "justice",
        {
            "1": "律师执业机构",
            "2": "公证处",
            "3": "基层法律服务所",
            "4": "司法鉴定机构",
            "5": "仲裁委员会",
            "9": "其他",
        },
    ),
    "4": ("文化", "culture", {"1": "外国在华文化中心", "9": "其他"}),
    "5": ("民政", "civil affairs", {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}),
    "6": (
        "旅游",
        "tourism",
        {"1": "外国旅游部门常驻代表机构", "2": "港澳台地区旅游部门常驻代表机构", "9": "其他"},
    ),
    "7": ("宗教", "religious affairs", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", "trade unions", {"1": "基层工会", "9": "其他"}),
    "9": ("工商（市场监管）", "market supervision", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "A": ("中央军委改革和编制办公室", "military staffing", {"1": "军队事业单位", "9": "其他"}),
    "N": (
        "农业",
        "agriculture",
        {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    ),
    "Y": ("其他", "other", {"1": "其他"}),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class UsccResult(CheckResult):
    """Result of ``uscc_check``.

    ``only_check_character_failed`` is true when the single error is the
    position-18 check character: the shape of the early pilot-region codes
    that exist in the registry (statutory-rules.md section 1). Import may keep
    such a code on an officer's explicit override, flagged; a new
    registration must pass every check.
    """

    only_check_character_failed: bool
    expected_check_character: str | None
    department: str | None
    category: str | None
    division_code: str | None

    def as_dict(self) -> dict[str, Any]:
        """The result as a JSON-ready dict, with the USCC-specific keys."""
        payload = CheckResult.as_dict(self)
        payload["only_check_character_failed"] = self.only_check_character_failed
        payload["expected_check_character"] = self.expected_check_character
        payload["department"] = self.department
        payload["category"] = self.category
        payload["division_code"] = self.division_code
        return payload


def uscc_check_character(first17: str) -> str:
    """The GB 32100 check character (position 18) for the first 17 characters.

    C18 = charset[(31 - S mod 31) mod 31], S = sum of value x weight with the
    USCC values (0-9, then A=10 ... Y=30 without I O S V Z). Raises
    ``ValueError`` if the input is not 17 characters of the USCC charset.
    """
    if len(first17) != 17:
        raise ValueError("expected 17 characters from the USCC charset")
    try:
        total = sum(map(operator.getitem, _WEIGHTED, first17))
    except KeyError:
        raise ValueError("expected 17 characters from the USCC charset") from None
    return USCC_CHARSET[(31 - total % 31) % 31]


def org_code_check_character(body8: str) -> str:
    """The GB 11714 organisation-code check character for its first 8 characters.

    Letters count A=10 ... Z=35 (the full alphabet, not the USCC values);
    C = 11 - S mod 11 with 10 -> 'X' and 11 -> '0'. Raises ``ValueError`` on
    anything but 8 digits or upper-case letters.
    """
    if len(body8) != 8:
        raise ValueError("expected 8 digits or upper-case letters")
    try:
        total = sum(map(operator.getitem, _ORG_WEIGHTED, body8))
    except KeyError:
        raise ValueError("expected 8 digits or upper-case letters") from None
    return _ORG_CHECK[total % 11]


def _charset_problem(position: int, ch: str) -> Problem:
    if ch in _FORBIDDEN_LETTERS:
        return Problem(
            code="charset",
            position=position,
            message_zh=f"第{position}位：不允许使用字母“{ch}”（统一社会信用代码不使用I、O、S、V、Z）",
            message_en=f"position {position}: letter '{ch}' is not allowed (USCC never uses I, O, S, V, Z)",
        )
    return Problem(
        code="charset",
        position=position,
        message_zh=f"第{position}位：不允许使用字符“{shown(ch)}”",
        message_en=f"position {position}: character '{shown(ch)}' is not allowed",
    )


def _department_problems(code: str) -> tuple[list[Problem], list[Problem], str | None, str | None]:
    """Errors and warnings for positions 1-2, plus the department and category labels."""
    dept, cat = code[0], code[1]
    entry = _DEPARTMENTS.get(dept)
    if entry is None:
        error = Problem(
            code="registration_department",
            position=1,
            message_zh=f"第1位登记管理部门代码“{shown(dept)}”不存在",
            message_en=f"position 1: registration department code '{shown(dept)}' does not exist",
        )
        return [error], [], None, None
    dept_zh, dept_en, categories = entry
    if cat in categories:
        return [], [], f"{dept_zh} {dept_en}", categories[cat]
    allowed = "、".join(f"{k}{v}" for k, v in categories.items())
    if dept == _MARKET_SUPERVISION:
        error = Problem(
            code="entity_category",
            position=2,
            message_zh=f"第2位机构类别代码“{shown(cat)}”不属于市场监管登记：应为{allowed}",
            message_en=(
                f"position 2: entity category '{shown(cat)}' does not exist under market supervision (9); "
                "expected 1 enterprise, 2 individual business or 3 farmers' cooperative"
            ),
        )
        return [error], [], f"{dept_zh} {dept_en}", None
    warning = Problem(
        code="entity_category_unusual",
        position=2,
        message_zh=f"第2位机构类别代码“{shown(cat)}”不在{dept_zh}部门的类别表中（{allowed}）",
        message_en=(
            f"position 2: entity category '{shown(cat)}' is not listed for department {dept} ({dept_en})"
        ),
    )
    return [], [warning], f"{dept_zh} {dept_en}", None


def _division_problems(division_code: str) -> tuple[list[Problem], list[Problem]]:
    if not division_code.isdigit() or not division_code.isascii():
        return [
            Problem(
                code="division_format",
                position=3,
                message_zh="第3-8位登记管理机关行政区划码应为6位数字",
                message_en="positions 3-8: the division code must be 6 digits",
            )
        ], []
    if division_code == NATIONAL_REGISTRATION_CODE:
        return [], []
    division = division_lookup(division_code)
    if division is None:
        version = division_snapshot_version()
        return [
            Problem(
                code="division_unknown",
                position=3,
                message_zh=f"第3-8位行政区划码“{division_code}”不在行政区划代码表（版本{version}）中",
                message_en=(
                    f"positions 3-8: division code '{division_code}' is not in the GB/T 2260 "
                    f"snapshot (version {version})"
                ),
            )
        ], []
    if not division.current:
        return [], [
            Problem(
                code="division_retired",
                position=3,
                message_zh=(
                    f"第3-8位行政区划码“{division_code}”（{division.name}）已撤销，最后见于{division.last_seen}年"
                ),
                message_en=(
                    f"positions 3-8: division code '{division_code}' ({division.name}) is retired, "
                    f"last in force {division.last_seen}"
                ),
            )
        ]
    return [], []


def uscc_check(raw: str) -> UsccResult:
    """Check a 统一社会信用代码 against GB 32100-2015 and report every problem.

    Error codes: ``length``, ``charset``, ``registration_department``,
    ``entity_category``, ``division_format``, ``division_unknown``,
    ``org_code_check``, ``check_character``. Warning codes: ``normalised``,
    ``entity_category_unusual``, ``division_retired``.
    """
    code, normalised_warning = normalise_code(raw)
    warnings: list[Problem] = [normalised_warning] if normalised_warning else []
    errors: list[Problem] = []
    expected: str | None = None
    department = category = division_code = None

    if len(code) != 18:
        errors.append(
            Problem(
                code="length",
                message_zh=f"长度为{len(code)}位，应为18位",
                message_en=f"length is {len(code)}, expected 18",
            )
        )
    else:
        bad = [i for i, ch in enumerate(code) if ch not in _VALUE]
        errors.extend(_charset_problem(i + 1, code[i]) for i in bad)

        if not {0, 1} & set(bad):
            dept_errors, dept_warnings, department, category = _department_problems(code)
            errors.extend(dept_errors)
            warnings.extend(dept_warnings)

        if not any(2 <= i < 8 for i in bad):
            div_errors, div_warnings = _division_problems(code[2:8])
            if not div_errors or div_errors[0].code != "division_format":
                division_code = code[2:8]
            errors.extend(div_errors)
            warnings.extend(div_warnings)

        org = code[8:17]
        if all(ch in _ORG_ALPHABET for ch in org):
            org_expected = org_code_check_character(org[:8])
            if org[8] != org_expected:
                errors.append(
                    Problem(
                        code="org_code_check",
                        position=17,
                        message_zh=(
                            "第9-17位组织机构代码校验失败（GB 11714）："
                            f"第17位应为“{org_expected}”，实为“{org[8]}”"
                        ),
                        message_en=(
                            "positions 9-17: organisation code check failed (GB 11714): "
                            f"position 17 should be '{org_expected}', found '{org[8]}'"
                        ),
                    )
                )

        if not any(i < 17 for i in bad):
            expected = uscc_check_character(code[:17])
            # A character outside the charset at 18 is already reported as such.
            if code[17] != expected and 17 not in bad:
                errors.append(
                    Problem(
                        code="check_character",
                        position=18,
                        message_zh=f"第18位校验码应为“{expected}”，实为“{code[17]}”",
                        message_en=f"position 18: check character should be '{expected}', found '{code[17]}'",
                    )
                )

    return UsccResult(
        valid=not errors,
        errors=tuple(errors),
        warnings=tuple(warnings),
        normalised=code,
        raw=raw,
        only_check_character_failed=[p.code for p in errors] == ["check_character"],
        expected_check_character=expected,
        department=department,
        category=category,
        division_code=division_code,
    )


def uscc_make(division_code: str, org_code_8_chars: str, category: str = "91") -> str:
    """A fully valid USCC built from its parts (demo and test data).

    ``category`` is positions 1-2 (``"91"`` enterprise, ``"92"`` individual
    business, ``"93"`` farmers' cooperative under market supervision);
    ``division_code`` must be in the snapshot (or ``"100000"``);
    ``org_code_8_chars`` is the organisation-code body, from the USCC charset.
    The GB 11714 check character (position 17) and the position-18 check are
    computed. Raises ``ValueError`` for any part that would make the code invalid.
    """
    if len(category) != 2 or category[1] not in _DEPARTMENTS.get(category[0], ("", "", {}))[2]:
        raise ValueError(f"unknown registration department / entity category {category!r}")
    if division_code != NATIONAL_REGISTRATION_CODE and (
        len(division_code) != 6 or division_lookup(division_code) is None
    ):
        raise ValueError(f"division code {division_code!r} is not in the snapshot")
    if len(org_code_8_chars) != 8 or any(ch not in _VALUE for ch in org_code_8_chars):
        raise ValueError("the organisation code body must be 8 characters of the USCC charset")
    first17 = category + division_code + org_code_8_chars + org_code_check_character(org_code_8_chars)
    return first17 + uscc_check_character(first17)
