"""Pure rules of entity search (市场主体检索) and matching (主体匹配); no Django.

Search: a query is normalised like stored names (``name_normalise``: full-width
to half-width, traditional to simplified, spaces removed, legal-form variants
folded) and classified (is it shaped like a USCC?). Hits fall into ranking
tiers - exact code, exact name, name prefix, substring - and a page is
continued with an opaque keyset cursor (tier + sort key), never an offset.

Matching: another system sends a name, an address and/or a code; each
candidate gets a score in [0, 1] and the reasons behind it, code first, then
name similarity, then address and division agreement.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from shijian.core.errors import ValidationFailed
from shijian.core.identifiers import USCC_CHARSET, name_core, name_normalise
from shijian.core.identifiers._common import remove_whitespace, to_halfwidth
from shijian.core.identifiers.names import to_simplified

__all__ = [
    "MAX_QUERY_LENGTH",
    "Cursor",
    "MatchQuery",
    "MatchReason",
    "MatchRecord",
    "MatchResult",
    "MatchTier",
    "SearchField",
    "SearchQuery",
    "address_needle",
    "address_normalise",
    "cursor_decode",
    "cursor_encode",
    "division_prefix",
    "match_query",
    "match_score",
    "prefix_upper_bound",
    "rank_matches",
    "search_grams",
    "search_query",
    "similarity",
    "tier_for",
    "value_grams",
]

#: Longest query accepted (characters after normalisation); longer input is refused, not cut.
MAX_QUERY_LENGTH = 60

_USCC_SHAPE = re.compile(f"[{USCC_CHARSET}]{{18}}")


class MatchTier(IntEnum):
    """Ranking tier of a search hit (排序层级); lower ranks first."""

    CODE = 0  # 统一社会信用代码一致
    EXACT_NAME = 1  # 名称完全一致
    PREFIX = 2  # 名称以检索词开头
    SUBSTRING = 3  # 名称包含检索词
    OTHER = 4  # 按条件浏览、按法定代表人或住所检索

    @property
    def key(self) -> str:
        """Stable name used in API output."""
        return _TIER_KEYS[self]

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return _TIER_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label."""
        return _TIER_LABELS[self][1]


_TIER_KEYS: dict[MatchTier, str] = {
    MatchTier.CODE: "code",
    MatchTier.EXACT_NAME: "exact_name",
    MatchTier.PREFIX: "prefix",
    MatchTier.SUBSTRING: "substring",
    MatchTier.OTHER: "other",
}
_TIER_LABELS: dict[MatchTier, tuple[str, str]] = {
    MatchTier.CODE: ("代码一致", "code matches"),
    MatchTier.EXACT_NAME: ("名称一致", "name matches"),
    MatchTier.PREFIX: ("名称开头一致", "name starts with the query"),
    MatchTier.SUBSTRING: ("名称包含", "name contains the query"),
    MatchTier.OTHER: ("符合条件", "matches the filters"),
}


class SearchField(StrEnum):
    """What a query is matched against (检索范围). Person and address are for officers only."""

    NAME = "name"  # 名称（及统一社会信用代码）
    PERSON = "person"  # 法定代表人/经营者/负责人姓名
    ADDRESS = "address"  # 住所


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A normalised search query (检索词).

    ``text`` is the query in the form of ``MarketEntity.name_search``; ``uscc``
    is set when the input is shaped like a unified social credit code (18
    characters of its alphabet, whatever the check character says - early
    pilot codes are kept flagged in the register).
    """

    raw: str
    text: str
    uscc: str | None

    @property
    def empty(self) -> bool:
        """True when there is nothing to match (browse by filters only)."""
        return not self.text


def search_query(raw: str) -> SearchQuery:
    """Normalise and classify a search query (检索词规范化); ``ValidationFailed`` when too long.

    ``"洛陽　恒達"`` (traditional, full-width space) -> text ``"洛阳恒达"``;
    ``"91410300ma00000001 "`` -> also ``uscc="91410300MA00000001"``.
    """
    text = name_normalise(raw or "")
    if len(text) > MAX_QUERY_LENGTH:
        raise ValidationFailed(
            "q",
            f"检索词过长（最多 {MAX_QUERY_LENGTH} 个字符）",
            f"the query is too long (at most {MAX_QUERY_LENGTH} characters)",
        )
    code = remove_whitespace(to_halfwidth(raw or "")).upper().replace("-", "")
    return SearchQuery(raw=raw, text=text, uscc=code if _USCC_SHAPE.fullmatch(code) else None)


def search_grams(text: str) -> tuple[str, ...]:
    """Index keys (检索字组) a text containing ``text`` must have: the character itself, else its bigrams.

    Mirrors the PostgreSQL function ``shijian_grams`` (every character and
    every pair of adjacent characters of a value) that the search indexes are
    built on. Sorted and distinct, so equal queries give equal parameters.
    """
    if len(text) == 1:
        return (text,)
    return tuple(sorted({text[i : i + 2] for i in range(len(text) - 1)}))


def value_grams(value: str) -> frozenset[str]:
    """Every key the index holds for a value: each character and each adjacent pair (索引字组).

    The Python twin of the PostgreSQL function ``shijian_grams`` (migration
    ``registry.0002_search_indexes``); a value containing a query holds all of
    ``search_grams(query)``.
    """
    return frozenset(value) | frozenset(value[i : i + 2] for i in range(len(value) - 1))


def prefix_upper_bound(text: str) -> str | None:
    """The smallest string greater than every string starting with ``text``, in code-point order.

    ``name >= text AND name < bound`` is the prefix range a binary-collated
    (``COLLATE "C"``) index serves; ``None`` when no bound exists.
    """
    chars = list(text)
    while chars:
        last = ord(chars[-1])
        if last < 0x10FFFF:
            chars[-1] = chr(last + 1)
            return "".join(chars)
        chars.pop()
    return None


def tier_for(name_search: str, query: SearchQuery, *, uscc: str = "") -> MatchTier:
    """The ranking tier of an entity for a query (what a hit is labelled with)."""
    if query.uscc is not None and uscc == query.uscc:
        return MatchTier.CODE
    if not query.text:
        return MatchTier.OTHER
    if name_search == query.text:
        return MatchTier.EXACT_NAME
    if name_search.startswith(query.text):
        return MatchTier.PREFIX
    if query.text in name_search:
        return MatchTier.SUBSTRING
    return MatchTier.OTHER


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where the next page starts (翻页游标): after this tier and sort key.

    Within the exact-name and prefix tiers the key is (normalised name, id);
    everywhere else it is the id alone (``name`` is ``None``).
    """

    tier: MatchTier
    id: int
    name: str | None = None


def cursor_encode(cursor: Cursor) -> str:
    """The opaque text form of a cursor (URL-safe)."""
    payload = json.dumps(
        [int(cursor.tier), cursor.id, cursor.name], ensure_ascii=False, separators=(",", ":")
    )
    return base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")


def cursor_decode(text: str) -> Cursor:
    """Parse a cursor from ``cursor_encode``; ``ValidationFailed`` for anything else."""
    try:
        padded = text + "=" * (-len(text) % 4)
        tier, entity_id, name = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
        if not isinstance(entity_id, int) or isinstance(entity_id, bool) or entity_id < 0:
            raise ValueError(entity_id)
        if name is not None and (not isinstance(name, str) or len(name) > 400):
            raise ValueError(name)
        return Cursor(tier=MatchTier(tier), id=entity_id, name=name)
    except (ValueError, TypeError, UnicodeError, binascii.Error):
        raise ValidationFailed("cursor", "翻页参数无效", "invalid cursor") from None


def division_prefix(code: str) -> str:
    """The prefix of division codes inside a division (行政区划代码前缀): 410000 -> 41, 410300 -> 4103.

    ``ValidationFailed`` unless the code is six digits.
    """
    text = code.strip()
    if len(text) != 6 or not text.isdigit():
        raise ValidationFailed("division", "行政区划代码应为6位数字", "a division code has six digits")
    if text.endswith("0000"):
        return text[:2]
    if text.endswith("00"):
        return text[:4]
    return text


def address_needle(raw: str) -> str:
    """An address query as searched in registered addresses (住所检索词): half-width, simplified, no spaces.

    Letters keep their case: addresses are stored as registered.
    """
    return to_simplified(remove_whitespace(to_halfwidth(raw or "")))


def address_normalise(address: str) -> str:
    """An address as compared for matching (住所规范化): half-width, simplified, no whitespace, upper case."""
    return to_simplified(remove_whitespace(to_halfwidth(address))).upper()


# --- matching ----------------------------------------------------------------------


def _bigrams(text: str) -> list[str]:
    if len(text) < 2:
        return [text] if text else []
    return [text[i : i + 2] for i in range(len(text) - 1)]


def similarity(a: str, b: str) -> float:
    """Sørensen-Dice similarity of the character bigrams of two strings (字组相似度), in [0, 1].

    Bigrams suit Chinese names: 恒达机械 and 恒达精密机械 share 恒达 and 机械.
    Counts multiset overlap, so repeated bigrams are not double-counted.
    """
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    left, right = _bigrams(a), _bigrams(b)
    pool: dict[str, int] = {}
    for gram in right:
        pool[gram] = pool.get(gram, 0) + 1
    shared = 0
    for gram in left:
        if pool.get(gram, 0) > 0:
            pool[gram] -= 1
            shared += 1
    return 2.0 * shared / (len(left) + len(right))


@dataclass(frozen=True, slots=True)
class MatchQuery:
    """What another system knows about an entity, normalised (匹配请求).

    ``division_code`` is the one given, else positions 3-8 of a USCC-shaped
    code (the registering authority's division).
    """

    name: str
    core: str
    address: str
    uscc: str | None
    division_code: str | None

    @property
    def empty(self) -> bool:
        """True when nothing to match on was given."""
        return not (self.name or self.address or self.uscc)


def match_query(
    *,
    name: str = "",
    address: str = "",
    uscc: str = "",
    division_code: str = "",
    core_of: Callable[[str], str] = name_core,
) -> MatchQuery:
    """Normalise a matching request; ``ValidationFailed`` when it is empty or too long."""
    norm_name = name_normalise(name or "")
    if len(norm_name) > 200 or len(address or "") > 300:
        raise ValidationFailed("name", "名称或住所过长", "name or address too long")
    code = remove_whitespace(to_halfwidth(uscc or "")).upper().replace("-", "")
    code_or_none = code if _USCC_SHAPE.fullmatch(code) else None
    if code and code_or_none is None:
        raise ValidationFailed("uscc", "统一社会信用代码应为18位", "a USCC has 18 characters of its alphabet")
    division = (division_code or "").strip() or None
    if division is not None and (len(division) != 6 or not division.isdigit()):
        raise ValidationFailed("division_code", "行政区划代码应为6位数字", "a division code has six digits")
    if division is None and code_or_none is not None and code_or_none[2:8].isdigit():
        division = code_or_none[2:8]
    query = MatchQuery(
        name=norm_name,
        core=core_of(norm_name) if norm_name else "",
        address=address_normalise(address or ""),
        uscc=code_or_none,
        division_code=division,
    )
    if query.empty:
        raise ValidationFailed(
            "name", "请至少提供名称、住所或统一社会信用代码之一", "give at least a name, an address or a code"
        )
    return query


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """The registered data of one candidate, as the matcher compares it."""

    uscc: str
    name_search: str
    address: str
    division_code: str


@dataclass(frozen=True, slots=True)
class MatchReason:
    """One reason behind a match score (匹配依据), with its contribution to the score."""

    code: str
    message_zh: str
    message_en: str
    value: float
    contribution: float


@dataclass(frozen=True, slots=True)
class MatchResult:
    """A candidate's score in [0, 1] and its reasons, code first, then name, address, division."""

    score: float
    reasons: tuple[MatchReason, ...]


#: Weights of the name, address and division parts when the code does not decide.
#: Parts the request leaves out are dropped and the rest rescaled, so a name-only
#: request can still reach 1.0.
MATCH_WEIGHTS: dict[str, float] = {"name": 0.75, "address": 0.15, "division": 0.10}
#: Factor applied when the request's code is a different, well-formed USCC.
CODE_CONFLICT_FACTOR = 0.6


def _division_agreement(a: str, b: str) -> tuple[float, str, str, str]:
    if a == b:
        return 1.0, "division_same", "行政区划一致", "same division"
    if a[:4] == b[:4]:
        return 0.5, "division_same_prefecture", "同一地市", "same prefecture"
    if a[:2] == b[:2]:
        return 0.2, "division_same_province", "同一省份", "same province"
    return 0.0, "division_differs", "行政区划不同", "different division"


def match_score(
    query: MatchQuery, record: MatchRecord, *, core_of: Callable[[str], str] = name_core
) -> MatchResult:
    """Score one candidate against a matching request (匹配评分), with the reasons.

    An equal code decides alone (score 1.0). Otherwise the name part is 1.0
    for an equal normalised name, 0.9 for an equal core name (字号+行业,
    place and legal form removed), else 0.85 x the better bigram similarity
    of the cores or of the full names; the address part is the similarity of
    the normalised addresses; the division part 1.0 / 0.5 / 0.2 for the same
    county / prefecture / province. A different well-formed code multiplies
    the result by ``CODE_CONFLICT_FACTOR``.
    """
    reasons: list[MatchReason] = []
    code_equal = query.uscc is not None and query.uscc == record.uscc
    if code_equal:
        reasons.append(MatchReason("code_equal", "统一社会信用代码一致", "same USCC", 1.0, 1.0))
    elif query.uscc is not None:
        reasons.append(MatchReason("code_differs", "统一社会信用代码不一致", "different USCC", 0.0, 0.0))

    parts: dict[str, tuple[float, MatchReason]] = {}
    if query.name:
        if record.name_search == query.name:
            value, code, zh, en = 1.0, "name_equal", "名称一致（规范化后）", "same name (normalised)"
        else:
            record_core = core_of(record.name_search)
            if query.core and record_core == query.core:
                value, code, zh, en = 0.9, "name_core_equal", "字号及行业一致", "same core name"
            else:
                best = max(similarity(query.core, record_core), similarity(query.name, record.name_search))
                value, code = 0.85 * best, "name_similar"
                zh, en = f"名称相似度 {best:.2f}", f"name similarity {best:.2f}"
        parts["name"] = (value, MatchReason(code, zh, en, round(value, 4), 0.0))
    if query.address:
        value = similarity(query.address, address_normalise(record.address))
        if value >= 0.999:
            code, zh, en = "address_equal", "住所一致", "same address"
        else:
            code, zh, en = "address_similar", f"住所相似度 {value:.2f}", f"address similarity {value:.2f}"
        parts["address"] = (value, MatchReason(code, zh, en, round(value, 4), 0.0))
    if query.division_code and record.division_code:
        value, code, zh, en = _division_agreement(query.division_code, record.division_code)
        parts["division"] = (value, MatchReason(code, zh, en, value, 0.0))

    total_weight = sum(MATCH_WEIGHTS[key] for key in parts)
    score = 0.0
    for key, (value, reason) in parts.items():
        share = MATCH_WEIGHTS[key] / total_weight if total_weight else 0.0
        contribution = value * share
        score += contribution
        reasons.append(
            MatchReason(
                reason.code, reason.message_zh, reason.message_en, reason.value, round(contribution, 4)
            )
        )
    if code_equal:
        score = 1.0
    elif query.uscc is not None:
        score *= CODE_CONFLICT_FACTOR
    return MatchResult(score=round(min(score, 1.0), 4), reasons=tuple(reasons))


def rank_matches(results: Sequence[tuple[int, MatchResult]]) -> list[tuple[int, MatchResult]]:
    """Candidates best first: higher score, then lower id (older registration) for a stable order."""
    return sorted(results, key=lambda item: (-item[1].score, item[0]))
