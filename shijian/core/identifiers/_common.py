"""Result types and input clean-up shared by the identifier checks (no Django)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Characters people paste by accident (zero-width joiners, BOM) that
# ``str.isspace`` does not catch.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")

# Full-width ASCII block FF01-FF5E maps to 0021-007E by a fixed offset.
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space


def to_halfwidth(text: str) -> str:
    """Full-width ASCII letters, digits, punctuation and the ideographic space to half-width."""
    return text.translate(_FULLWIDTH)


_DROP_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE))


def remove_whitespace(text: str) -> str:
    """Drop every whitespace character (incl. U+3000, NBSP) and zero-width characters."""
    # str.split() splits on exactly the characters str.isspace() accepts (a test checks
    # every code point) and does it in C: a bulk import normalises millions of names.
    return "".join(text.split()).translate(_DROP_INVISIBLE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One reason a code is invalid (error) or worth a second look (warning).

    ``code`` is stable and meant for programs; ``position`` is 1-based (the
    first position of the offending part) when a position makes sense.
    """

    code: str
    message_zh: str
    message_en: str
    position: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The problem as a JSON-ready dict."""
        return {
            "code": self.code,
            "position": self.position,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckResult:
    """Outcome of checking one identifier. ``valid`` is true exactly when there is no error."""

    valid: bool
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    normalised: str
    raw: str

    def __post_init__(self) -> None:
        if self.valid == bool(self.errors):
            raise ValueError("valid must be True exactly when there are no errors")

    def error_codes(self) -> tuple[str, ...]:
        """The stable codes of the errors, in order."""
        return tuple(p.code for p in self.errors)

    def warning_codes(self) -> tuple[str, ...]:
        """The stable codes of the warnings, in order."""
        return tuple(p.code for p in self.warnings)

    def as_dict(self) -> dict[str, Any]:
        """The result as a JSON-ready dict (``valid``, ``errors``, ``warnings``, ``normalised``)."""
        return {
            "valid": self.valid,
            "errors": [p.as_dict() for p in self.errors],
            "warnings": [p.as_dict() for p in self.warnings],
            "normalised": self.normalised,
        }


def normalise_code(raw: str) -> tuple[str, Problem | None]:
    """Strip whitespace, map full-width to half-width and upper-case an identifier.

    Returns the cleaned text and a ``normalised`` warning saying what changed
    (``None`` when the input was already clean), so that an operator can see
    that the stored value differs from what was typed.
    """
    half = to_halfwidth(raw)
    compact = remove_whitespace(half)
    upper = compact.upper()
    zh: list[str] = []
    en: list[str] = []
    if half != raw:
        zh.append("全角转半角")
        en.append("full-width characters made half-width")
    if compact != half:
        zh.append("去除空白")
        en.append("whitespace removed")
    if upper != compact:
        zh.append("小写转大写")
        en.append("lower case made upper case")
    if not zh:
        return upper, None
    return upper, Problem(
        code="normalised",
        message_zh="输入已规范化：" + "、".join(zh),
        message_en="input normalised: " + ", ".join(en),
    )


def shown(ch: str) -> str:
    """A character as it can safely be quoted in a message."""
    return ch if ch.isprintable() else f"U+{ord(ch):04X}"
