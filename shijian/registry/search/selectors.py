"""Reads for entity search (市场主体检索) and matching (主体匹配).

On PostgreSQL every substring condition is served by a GIN index over
``shijian_grams(column)`` - each character and each pair of adjacent
characters of the value (migration ``registry.0002_search_indexes``) - and
the exact-name and prefix tiers by a binary-collated b-tree. A page is cut
with a keyset cursor, so page 500 costs what page 1 costs. See
docs/search.md for the measurements behind these choices.

On SQLite (the demo) the same queries run as plain scans (``instr``); pages
say so (``SearchPage.indexed`` is false).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.db.models.functions import Collate, StrIndex
from django.db.models.lookups import GreaterThan
from django.db.models.sql.compiler import SQLCompiler

from shijian.accounts.policies import require_staff
from shijian.core.actor import Actor
from shijian.core.errors import PermissionDenied, ValidationFailed
from shijian.core.identifiers import name_core
from shijian.core.identifiers.names import to_simplified
from shijian.core.scoping import scope
from shijian.registry.domain import EntityStatus, EntityType
from shijian.registry.models import Industry, MarketEntity
from shijian.registry.search.domain import (
    Cursor,
    MatchRecord,
    MatchResult,
    MatchTier,
    SearchField,
    SearchQuery,
    address_needle,
    cursor_decode,
    cursor_encode,
    division_prefix,
    match_query,
    match_score,
    prefix_upper_bound,
    rank_matches,
    search_grams,
    search_query,
    value_grams,
)

#: Default and largest page size (每页条数).
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
#: Rows after the cursor (in id order) probed by a plain walk before the gram
#: index is asked. A frequent fragment (公司, 有限) fills a page inside the
#: window without touching the index, whose answer would be hundreds of
#: thousands of rows; a rarer one (fewer than a page per window) is then
#: cheap to fetch from the index. 20,000 rows walk in about 2 ms.
PROBE_WINDOW = 20_000
#: Most rows an export may hold (导出上限).
EXPORT_MAX_ROWS = 10_000
EXPORT_BATCH = 500


def search_indexed() -> bool:
    """Whether searches use the PostgreSQL gram indexes (False: the demo's simple scan on SQLite)."""
    return connection.vendor == "postgresql"


class _GramsContain(Func):
    """``shijian_grams(column) @> %s::text[]``: the indexed pre-filter of a substring search."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, grams: Sequence[str]) -> None:
        super().__init__(F(column))
        self.grams = list(grams)

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: Any, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        column_sql, params = compiler.compile(self.source_expressions[0])
        return f"shijian_grams({column_sql}) @> %s::text[]", (*params, self.grams)


def same_address(address: str) -> Q:
    """Entities registered at exactly ``address``, found through the address gram index.

    There is no b-tree on the address (every bulk-imported row would pay for
    it); the gram index narrows to the rows holding all of the address's
    characters and pairs, and the equality keeps the exact ones.
    """
    condition = Q(address=address)
    if search_indexed() and address:
        condition &= Q(_GramsContain("address", sorted(value_grams(address))))
    return condition


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Filters of a search (筛选条件): division (and everything under it), type, status, industry."""

    division: str | None = None
    entity_type: EntityType | None = None
    status: EntityStatus | None = None
    industry: str | None = None

    def as_q(self) -> Q:
        """The filters as one condition; ``ValidationFailed`` for a malformed division or industry."""
        condition = Q()
        if self.division:
            condition &= Q(division_code__startswith=division_prefix(self.division))
        if self.entity_type is not None:
            condition &= Q(entity_type=self.entity_type.value)
        if self.status is not None:
            condition &= Q(status=self.status.value)
        if self.industry:
            code = self.industry.strip().upper()
            if not (code.isalnum() and code.isascii() and 1 <= len(code) <= 5):
                raise ValidationFailed("industry", "行业代码格式不正确", "malformed industry code")
            if code.isalpha():
                # A section (门类, a letter) holds its divisions and, below them, their groups and classes.
                below = Industry.objects.filter(
                    Q(code=code)
                    | Q(parent_id=code)
                    | Q(parent__parent_id=code)
                    | Q(parent__parent__parent_id=code)
                ).values("code")
                condition &= Q(industry_id__in=below)
            else:
                # A division, group or class code holds every code that it begins.
                condition &= Q(industry__code__startswith=code)
        return condition


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One entity found, with the tier it ranked in."""

    entity: MarketEntity
    tier: MatchTier


@dataclass(frozen=True, slots=True)
class SearchPage:
    """A page of results (检索结果): ``next_cursor`` continues it, ``None`` at the end."""

    hits: list[SearchHit]
    next_cursor: str | None
    indexed: bool


_Key = tuple[MatchTier, int, str | None]


def _name_key() -> Collate | F:
    """The normalised name in code-point order (the order of the prefix index)."""
    if search_indexed():
        return Collate(F("name_search"), "C")
    return F("name_search")  # SQLite compares text bytewise already


def _substring_ids(
    base: QuerySet[MarketEntity],
    *,
    column: str,
    needles: Sequence[str],
    after_id: int,
    need: int,
    not_at_start: bool = False,
) -> list[int]:
    """Ids (ascending, after ``after_id``) whose ``column`` contains every needle; at most ``need``.

    First a walk over the next ``PROBE_WINDOW`` rows in id order, then - only
    if that did not fill the page - the gram index for the rows after the
    window. ``ORDER BY id + 0`` there keeps the planner from walking the
    primary key again for a fragment that its statistics call frequent.
    ``not_at_start`` leaves out values that start with the (single) needle:
    those belong to the prefix tier.
    """
    first = 1 if not_at_start else 0
    contains: list[GreaterThan[Any]] = [
        GreaterThan(StrIndex(column, Value(needle)), first) for needle in needles
    ]
    qs = base.filter(*contains, id__gt=after_id)
    if not search_indexed():
        return list(qs.order_by("id").values_list("id", flat=True)[:need])
    window = list(
        MarketEntity.objects.filter(id__gt=after_id)
        .order_by("id")
        .values_list("id", flat=True)[PROBE_WINDOW - 1 : PROBE_WINDOW]
    )
    if not window:
        return list(qs.order_by("id").values_list("id", flat=True)[:need])
    end = window[0]
    found = list(qs.filter(id__lte=end).order_by("id").values_list("id", flat=True)[:need])
    if len(found) < need:
        grams = sorted({gram for needle in needles for gram in search_grams(needle)})
        rest = (
            qs.filter(_GramsContain(column, grams), id__gt=end)
            .order_by(F("id") + 0)
            .values_list("id", flat=True)[: need - len(found)]
        )
        found.extend(rest)
    return found


def _name_keys(
    base: QuerySet[MarketEntity], query: SearchQuery, after: Cursor | None, want: int
) -> list[_Key]:
    """Sort keys of up to ``want`` hits by name or code, tier by tier, after the cursor."""
    keys: list[_Key] = []
    start = after.tier if after is not None else MatchTier.CODE
    if start > MatchTier.SUBSTRING:
        return keys  # a cursor of another kind of search: nothing comes after it here

    if query.uscc is not None:
        if after is None:  # at most one entity has the code: it is all of the code tier
            keys.extend(
                (MatchTier.CODE, pk, None) for pk in base.filter(uscc=query.uscc).values_list("id", flat=True)
            )
        # An entity found by its code is not listed again under its name.
        base = base.exclude(uscc=query.uscc)
    if not query.text or len(keys) >= want:
        return keys[:want]

    if start <= MatchTier.PREFIX:
        # Exact names sort first inside the prefix range: "q" < "q..." in code-point order.
        qs = base.annotate(_nk=_name_key()).filter(_nk__gte=query.text)
        upper = prefix_upper_bound(query.text)
        if upper is not None:
            qs = qs.filter(_nk__lt=upper)
        if (
            after is not None
            and after.tier in (MatchTier.EXACT_NAME, MatchTier.PREFIX)
            and after.name is not None
        ):
            qs = qs.filter(_nk__gte=after.name).filter(
                Q(_nk__gt=after.name) | Q(_nk=after.name, id__gt=after.id)
            )
        for pk, name in qs.order_by("_nk", "id").values_list("id", "name_search")[: want - len(keys)]:
            tier = MatchTier.EXACT_NAME if name == query.text else MatchTier.PREFIX
            keys.append((tier, pk, name))
    if len(keys) >= want:
        return keys[:want]

    after_id = after.id if after is not None and after.tier == MatchTier.SUBSTRING else 0
    ids = _substring_ids(
        base,
        column="name_search",
        needles=[query.text],
        after_id=after_id,
        need=want - len(keys),
        not_at_start=True,
    )
    keys.extend((MatchTier.SUBSTRING, pk, None) for pk in ids)
    return keys[:want]


def _person_names(raw: str) -> list[str]:
    text = " ".join(raw.split())
    return sorted({text, to_simplified(text)} - {""})


def _other_keys(
    base: QuerySet[MarketEntity], by: SearchField, query: SearchQuery, after: Cursor | None, want: int
) -> list[_Key]:
    after_id = after.id if after is not None else 0
    if by is SearchField.PERSON:
        names = _person_names(query.raw)
        if not names:
            return []
        ids = list(
            base.filter(responsible_person__name__in=names, id__gt=after_id)
            .order_by("id")
            .values_list("id", flat=True)[:want]
        )
    elif by is SearchField.ADDRESS:
        needle = address_needle(query.raw)
        if not needle:
            return []
        ids = _substring_ids(base, column="address", needles=[needle], after_id=after_id, need=want)
    else:
        ids = list(base.filter(id__gt=after_id).order_by("id").values_list("id", flat=True)[:want])
    return [(MatchTier.OTHER, pk, None) for pk in ids]


def _searchable(*, actor: Actor, public: bool, by: SearchField) -> QuerySet[MarketEntity]:
    if public:
        if by is not SearchField.NAME:
            raise PermissionDenied(f"registry.search_by_{by.value}")
        return MarketEntity.objects.all()  # the register is public (企业信用信息公示)
    require_staff(actor, "registry.search")
    return scope(actor, MarketEntity.objects.all())


def entity_search(
    *,
    actor: Actor,
    query: str,
    filters: SearchFilters | None = None,
    by: SearchField = SearchField.NAME,
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
    public: bool = False,
) -> SearchPage:
    """One page of market entities found by a query (市场主体检索).

    ``by=NAME`` (the public search): a USCC-shaped query matches the code;
    otherwise hits rank exact normalised name > name prefix > substring, by
    code-point order of the name inside the first two, by id (registration
    order) inside the substring tier. An empty query lists by id.
    ``by=PERSON`` (legal representative's name, exact) and ``by=ADDRESS``
    (substring of the registered address) are for officers only.

    ``public=True`` searches the whole register for the portal; otherwise the
    actor must be staff and sees the entities supervised in their
    jurisdiction (``scope``). Traditional and full-width input is normalised
    like the stored names. ``cursor`` is the ``next_cursor`` of the previous
    page (``ValidationFailed`` if malformed).
    """
    base = _searchable(actor=actor, public=public, by=by)
    parsed = search_query(query)
    after = cursor_decode(cursor) if cursor else None
    size = max(1, min(int(limit), MAX_PAGE_SIZE))
    base = base.filter((filters or SearchFilters()).as_q())
    want = size + 1
    if parsed.empty and parsed.uscc is None:
        keys = _other_keys(base, SearchField.NAME, parsed, after, want)  # browse by the filters
    elif by is SearchField.NAME:
        keys = _name_keys(base, parsed, after, want)
    else:
        keys = _other_keys(base, by, parsed, after, want)
    more = len(keys) > size
    keys = keys[:size]
    entities = MarketEntity.objects.select_related("responsible_person").in_bulk([pk for _t, pk, _n in keys])
    hits = [SearchHit(entity=entities[pk], tier=tier) for tier, pk, _name in keys if pk in entities]
    next_cursor = None
    if more and keys:
        tier, pk, name = keys[-1]
        next_cursor = cursor_encode(Cursor(tier=tier, id=pk, name=name))
    return SearchPage(hits=hits, next_cursor=next_cursor, indexed=search_indexed())


def entity_search_export(
    *,
    actor: Actor,
    query: str,
    filters: SearchFilters | None = None,
    by: SearchField = SearchField.NAME,
    public: bool = False,
    max_rows: int = EXPORT_MAX_ROWS,
) -> Iterator[SearchHit]:
    """The hits of a search in ranking order, at most ``max_rows``, fetched page by page (检索结果导出).

    The first page is fetched when this is called, so a bad query or a
    refused actor fails before a response starts streaming.
    """
    bound = max(0, min(max_rows, EXPORT_MAX_ROWS))
    page = entity_search(
        actor=actor, query=query, filters=filters, by=by, public=public, limit=min(EXPORT_BATCH, bound or 1)
    )

    def rows() -> Iterator[SearchHit]:
        current, sent = page, 0
        while True:
            for hit in current.hits:
                if sent >= bound:
                    return
                yield hit
                sent += 1
            if current.next_cursor is None or sent >= bound:
                return
            current = entity_search(
                actor=actor,
                query=query,
                filters=filters,
                by=by,
                public=public,
                cursor=current.next_cursor,
                limit=min(EXPORT_BATCH, bound - sent),
            )

    return rows()


# --- matching ------------------------------------------------------------------------

#: Most candidates fetched per retrieval pass before scoring.
MATCH_POOL = 100


@dataclass(frozen=True, slots=True)
class MatchCandidate:
    """A candidate entity for a matching request, with its score and reasons."""

    entity: MarketEntity
    result: MatchResult


def _match_pool(
    base: QuerySet[MarketEntity],
    *,
    name: str,
    core: str,
    address: str,
    uscc: str | None,
    division_code: str | None,
) -> set[int]:
    """Candidate ids: the code, the exact name, the core name (near the division first), the address."""
    pool: set[int] = set()
    if uscc is not None:
        pool.update(base.filter(uscc=uscc).values_list("id", flat=True))
    if name:
        # Compared through the code-point-ordered key so that the name index serves it.
        exact = base.annotate(_nk=_name_key()).filter(_nk=name)
        pool.update(exact.values_list("id", flat=True)[:MATCH_POOL])
    near = base.filter(division_code__startswith=division_code[:4]) if division_code else None
    passes: list[list[str]] = []
    if len(core) >= 2:
        passes.append([core])
        if len(core) >= 4:
            # Trade name and trade word apart: 恒达机械 also finds 恒达精密机械.
            passes.append([core[:2], core[-2:]])
    for needles in passes:
        for scope_qs in ([near] if near is not None else []) + [base]:
            pool.update(
                _substring_ids(scope_qs, column="name_search", needles=needles, after_id=0, need=MATCH_POOL)
            )
    if address:
        tail = address[-8:]  # street and number: the part least often written differently
        for scope_qs in ([near] if near is not None else []) + [base]:
            pool.update(
                _substring_ids(scope_qs, column="address", needles=[tail], after_id=0, need=MATCH_POOL)
            )
    return pool


def entity_match(
    *,
    actor: Actor,
    name: str = "",
    address: str = "",
    uscc: str = "",
    division_code: str = "",
    limit: int = 10,
    min_score: float = 0.3,
) -> list[MatchCandidate]:
    """Candidate entities for a name, address and/or code from another system (主体匹配), best first.

    Candidates come from the code, the exact normalised name, the core name
    (字号+行业) and the address, within the actor's jurisdiction; each is
    scored by ``domain.match_score`` and those below ``min_score`` dropped.
    """
    require_staff(actor, "registry.match")
    request = match_query(name=name, address=address, uscc=uscc, division_code=division_code)
    base = scope(actor, MarketEntity.objects.all())
    pool = _match_pool(
        base,
        name=request.name,
        core=request.core,
        address=request.address,
        uscc=request.uscc,
        division_code=request.division_code,
    )
    entities = MarketEntity.objects.select_related("responsible_person").in_bulk(sorted(pool))
    scored = [
        (
            pk,
            match_score(
                request,
                MatchRecord(
                    uscc=e.uscc, name_search=e.name_search, address=e.address, division_code=e.division_code
                ),
                core_of=name_core,
            ),
        )
        for pk, e in entities.items()
    ]
    ranked = [item for item in rank_matches(scored) if item[1].score >= min_score]
    return [
        MatchCandidate(entity=entities[pk], result=result) for pk, result in ranked[: max(1, min(limit, 50))]
    ]
