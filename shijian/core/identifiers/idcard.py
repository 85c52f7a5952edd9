"""居民身份证号码 (resident identity card number), GB 11643-1999.

Layout (1-based): 1-6 division code of the place of first registration
(GB/T 2260, often a code retired since), 7-14 birth date YYYYMMDD, 15-17
sequence (odd = male, even = female), 18 check character. Numbers issued
before 1999 had 15 digits (2-digit year, no check character); they are no
longer valid and must be converted.

The checks take ``today`` as an argument and never read the clock, so a
result is reproducible.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from shijian.core.identifiers._common import CheckResult, Problem, normalise_code, shown
from shijian.core.identifiers.divisions import division_lookup, division_snapshot_version

__all__ = [
    "IdCardResult",
    "idcard_check",
    "idcard_check_character",
    "idcard_from_15",
    "idcard_make",
    "idcard_mask",
]

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_EARLIEST_BIRTH = date(1900, 1, 1)
_DIGITS = frozenset("0123456789")
# The check character is computed for every row of a bulk import: a table of
# digit -> digit x weight per position makes the weighted sum one ``map``, and
# anything but an ASCII digit a KeyError instead of a separate scan.
_WEIGHTED = tuple({ch: int(ch) * weight for ch in _DIGITS} for weight in _WEIGHTS)
# (12 - S mod 11) mod 11, written 'X' for 10; indexed by S mod 11.
_CHECK = tuple("X" if (12 - rest) % 11 == 10 else str((12 - rest) % 11) for rest in range(11))

# Residence permits for Hong Kong, Macao and Taiwan residents (港澳台居民居住证,
# since 2018) use the ID-card layout and check with these prefixes; 830000 is
# not a GB/T 2260 code, so the snapshot cannot vouch for it.
_RESIDENCE_PERMIT_PREFIXES = {"810000": "香港", "820000": "澳门", "830000": "台湾"}


@dataclass(frozen=True, slots=True, kw_only=True)
class IdCardResult(CheckResult):
    """Result of ``idcard_check``.

    ``birth_date`` and ``sex`` are filled when positions 7-14 and 17 could be
    read; ``converted`` holds the 18-digit form of a legacy 15-digit number.
    """

    birth_date: date | None
    sex: Literal["male", "female"] | None
    division_code: str | None
    expected_check_character: str | None
    converted: str | None

    def as_dict(self) -> dict[str, Any]:
        """The result as a JSON-ready dict, with the ID-card-specific keys."""
        payload = CheckResult.as_dict(self)
        payload["birth_date"] = self.birth_date.isoformat() if self.birth_date else None
        payload["sex"] = self.sex
        payload["division_code"] = self.division_code
        payload["expected_check_character"] = self.expected_check_character
        payload["converted"] = self.converted
        return payload


def idcard_check_character(first17: str) -> str:
    """GB 11643 check character: (12 - S mod 11) mod 11 with 10 -> 'X'.

    Raises ``ValueError`` unless given exactly 17 ASCII digits.
    """
    if len(first17) != 17:
        raise ValueError("expected 17 digits")
    try:
        total = sum(map(operator.getitem, _WEIGHTED, first17))
    except KeyError:
        raise ValueError("expected 17 digits") from None
    return _CHECK[total % 11]


def _parse_date(yyyymmdd: str) -> date | None:
    try:
        return date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None


def idcard_from_15(number15: str) -> str:
    """Convert a legacy 15-digit number to 18 digits (insert "19" before the year, add the check).

    15-digit numbers were issued to people born in the 1900s only. Raises
    ``ValueError`` unless given 15 digits with a real birth date.
    """
    if len(number15) != 15 or any(ch not in _DIGITS for ch in number15):
        raise ValueError("expected 15 digits")
    first17 = number15[:6] + "19" + number15[6:]
    if _parse_date(first17[6:14]) is None:
        raise ValueError(f"positions 7-12 ({number15[6:12]}) are not a real date")
    return first17 + idcard_check_character(first17)


def _division_problems(code: str) -> tuple[list[Problem], list[Problem]]:
    if code in _RESIDENCE_PERMIT_PREFIXES:
        return [], [
            Problem(
                code="residence_permit",
                position=1,
                message_zh=f"前6位{code}：{_RESIDENCE_PERMIT_PREFIXES[code]}居民居住证号码，不是居民身份证",
                message_en=f"positions 1-6 {code}: a Hong Kong/Macao/Taiwan resident's residence permit",
            )
        ]
    division = division_lookup(code)
    if division is None:
        version = division_snapshot_version()
        return [
            Problem(
                code="division_unknown",
                position=1,
                message_zh=f"前6位行政区划码“{code}”不在行政区划代码表（版本{version}）中",
                message_en=(
                    f"positions 1-6: division code '{code}' is not in the GB/T 2260 snapshot ({version})"
                ),
            )
        ], []
    if not division.current:
        return [], [
            Problem(
                code="division_retired",
                position=1,
                message_zh=f"前6位行政区划码“{code}”（{division.name}）已撤销，最后见于{division.last_seen}年",
                message_en=(
                    f"positions 1-6: division code '{code}' ({division.name}) is retired, "
                    f"last in force {division.last_seen} (normal for numbers issued before)"
                ),
            )
        ]
    return [], []


def _birth_problems(yyyymmdd: str, today: date) -> tuple[date | None, list[Problem]]:
    born = _parse_date(yyyymmdd)
    if born is None:
        return None, [
            Problem(
                code="birth_date_invalid",
                position=7,
                message_zh=f"第7-14位出生日期“{yyyymmdd}”不是有效日期",
                message_en=f"positions 7-14: birth date '{yyyymmdd}' is not a real date",
            )
        ]
    if born > today:
        return born, [
            Problem(
                code="birth_date_future",
                position=7,
                message_zh=f"第7-14位出生日期{born.isoformat()}晚于今天（{today.isoformat()}）",
                message_en=(
                    f"positions 7-14: birth date {born.isoformat()} is after today ({today.isoformat()})"
                ),
            )
        ]
    if born < _EARLIEST_BIRTH:
        return born, [
            Problem(
                code="birth_date_too_early",
                position=7,
                message_zh=f"第7-14位出生日期{born.isoformat()}早于1900年",
                message_en=f"positions 7-14: birth date {born.isoformat()} is before 1900",
            )
        ]
    return born, []


def idcard_check(raw: str, *, today: date) -> IdCardResult:
    """Check a 居民身份证 number against GB 11643 and report every problem.

    Error codes: ``length``, ``legacy_15_digit``, ``charset``,
    ``division_unknown``, ``birth_date_invalid``, ``birth_date_future``,
    ``birth_date_too_early``, ``check_character``. Warning codes:
    ``normalised``, ``division_retired``, ``residence_permit``.
    """
    number, normalised_warning = normalise_code(raw)
    warnings: list[Problem] = [normalised_warning] if normalised_warning else []
    errors: list[Problem] = []
    born: date | None = None
    sex: Literal["male", "female"] | None = None
    division_code: str | None = None
    expected: str | None = None
    converted: str | None = None

    if len(number) == 15 and all(ch in _DIGITS for ch in number):
        try:
            converted = idcard_from_15(number)
        except ValueError:
            converted = None
        # Messages never repeat the number (they end up in logs and pages);
        # the 18-digit form is in ``converted``.
        zh = "旧版15位身份证号码，请转换为18位" + ("" if converted else "（出生日期无效，无法转换）")
        en = "legacy 15-digit number; convert to 18" + (
            "" if converted else " (its birth date is not a real date, so it cannot be converted)"
        )
        errors.append(Problem(code="legacy_15_digit", message_zh=zh, message_en=en))
    elif len(number) != 18:
        errors.append(
            Problem(
                code="length",
                message_zh=f"长度为{len(number)}位，应为18位",
                message_en=f"length is {len(number)}, expected 18",
            )
        )
    else:
        bad = [i for i, ch in enumerate(number) if ch not in _DIGITS and not (i == 17 and ch == "X")]
        for i in bad:
            errors.append(
                Problem(
                    code="charset",
                    position=i + 1,
                    message_zh=f"第{i + 1}位：不允许使用字符“{shown(number[i])}”"
                    + ("（只能是数字或X）" if i == 17 else "（只能是数字）"),
                    message_en=f"position {i + 1}: character '{shown(number[i])}' is not allowed"
                    + (" (digit or X only)" if i == 17 else " (digits only)"),
                )
            )
        if not any(i < 6 for i in bad):
            division_code = number[:6]
            div_errors, div_warnings = _division_problems(division_code)
            errors.extend(div_errors)
            warnings.extend(div_warnings)
        if not any(6 <= i < 14 for i in bad):
            born, birth_errors = _birth_problems(number[6:14], today)
            errors.extend(birth_errors)
        if number[16] in _DIGITS:
            sex = "male" if int(number[16]) % 2 else "female"
        if not any(i < 17 for i in bad):
            expected = idcard_check_character(number[:17])
            # A character other than a digit or X at 18 is already reported as such.
            if number[17] != expected and 17 not in bad:
                errors.append(
                    Problem(
                        code="check_character",
                        position=18,
                        message_zh=f"第18位校验码应为“{expected}”，实为“{number[17]}”",
                        message_en=(
                            f"position 18: check character should be '{expected}', found '{number[17]}'"
                        ),
                    )
                )

    return IdCardResult(
        valid=not errors,
        errors=tuple(errors),
        warnings=tuple(warnings),
        normalised=number,
        raw=raw,
        birth_date=born,
        sex=sex,
        division_code=division_code,
        expected_check_character=expected,
        converted=converted,
    )


def idcard_mask(number: str) -> str:
    """Mask an ID number for display: first 4 and last 4 characters visible.

    ``11010519491231002X`` -> ``1101**********002X``. This hides the county
    of registration and the whole birth date (the parts that identify a
    person together with a name) and keeps what lets the holder recognise
    their own number; it matches the masking on most public announcements.
    Input is normalised first (spaces, full-width, case). Anything of 8
    characters or fewer is masked completely, so a malformed value never
    leaks more than a valid one.
    """
    clean, _ = normalise_code(number)
    if len(clean) <= 8:
        return "*" * len(clean)
    return clean[:4] + "*" * (len(clean) - 8) + clean[-4:]


def idcard_make(division_code: str, birth_date: date, sequence: int) -> str:
    """A valid 18-digit number for test and demo data.

    ``sequence`` (0-999) becomes positions 15-17; odd means male. Raises
    ``ValueError`` if the division is unknown, the birth date is before 1900
    or the sequence is out of range. The caller supplies the randomness.
    """
    if len(division_code) != 6 or division_lookup(division_code) is None:
        raise ValueError(f"division code {division_code!r} is not in the snapshot")
    if birth_date < _EARLIEST_BIRTH:
        raise ValueError("birth date must be in 1900 or later")
    if not 0 <= sequence <= 999:
        raise ValueError("sequence must be 0-999")
    first17 = f"{division_code}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + idcard_check_character(first17)
