"""API of entity search (市场主体检索) and matching (主体匹配).

Mount with ``api.add_router("/v1/", router)`` *before* the portal router:
``/public/entities/export.csv`` would otherwise be taken for an entity page
(``/public/entities/{uscc}``).

* ``GET /public/entities`` - public search; public data only (no ID or phone
  numbers, no supervising unit or other internal field);
* ``GET /public/entities/export.csv`` and ``.xlsx`` - the same hits, at most
  ``EXPORT_MAX_ROWS``, streamed;
* ``GET /registry/entities`` - officers' search (also by legal representative
  or address), within their jurisdiction;
* ``POST /registry/match`` - candidates for another system's name, address
  and/or code, with a score and the reasons.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from shijian.accounts.api_auth import staff_auth
from shijian.accounts.policies import require_staff
from shijian.core.actor import ANONYMOUS
from shijian.core.api import ERROR_RESPONSES
from shijian.core.masking import mask_phones_in
from shijian.registry.domain import EntityStatus, EntityType, responsible_role
from shijian.registry.search import selectors
from shijian.registry.search.domain import SearchField
from shijian.registry.search.selectors import SearchFilters, SearchHit

router = Router(tags=["search 检索"])


class SearchParams(Schema):
    """Query and filters of a search (检索词与筛选条件)."""

    q: str = Field("", description="名称片段或统一社会信用代码 (繁体、全角均可) / name fragment or USCC")
    division: str | None = Field(
        None, description="行政区划代码，含下级 / division code, incl. sub-divisions"
    )
    type: EntityType | None = Field(None, description="主体类型 / entity type")
    status: EntityStatus | None = Field(None, description="登记状态 / registration status")
    industry: str | None = Field(
        None,
        description=(
            "行业代码：门类字母或大类、中类、小类代码 / "
            "industry section letter, or division, group or class code"
        ),
    )

    def filters(self) -> SearchFilters:
        """The filters as the selector takes them."""
        return SearchFilters(
            division=self.division or None,
            entity_type=self.type,
            status=self.status,
            industry=self.industry or None,
        )


class PageParams(SearchParams):
    """A page of a search."""

    cursor: str | None = Field(None, description="上一页的 next_cursor / next_cursor of the previous page")
    limit: int = Field(selectors.PAGE_SIZE, ge=1, le=selectors.MAX_PAGE_SIZE)


class StaffPageParams(PageParams):
    """A page of an officer's search."""

    by: SearchField = Field(SearchField.NAME, description="name | person (法定代表人) | address (住所)")


class EntityHitOut(Schema):
    """A market entity in search results, public data only (检索结果)."""

    uscc: str
    name: str
    entity_type: str
    entity_type_label: str
    status: str
    status_label: str
    established_on: dt.date
    responsible_title: str
    responsible_person: str
    address: str
    division_code: str
    match: str = Field(description="code | exact_name | prefix | substring | other")
    url: str


class SearchOut(Schema):
    """A page of search results; ``indexed`` is false where the demo's simple scan was used."""

    results: list[EntityHitOut]
    next_cursor: str | None
    indexed: bool


class EntityStaffHitOut(EntityHitOut):
    """A search result as officers see it (with the record id and supervising unit)."""

    id: int
    supervisor_path: str


class StaffSearchOut(Schema):
    """A page of an officer's search."""

    results: list[EntityStaffHitOut]
    next_cursor: str | None
    indexed: bool


class MatchIn(Schema):
    """What another system knows about an entity (匹配请求); at least one of name, address, uscc."""

    name: str = ""
    address: str = ""
    uscc: str = ""
    division_code: str = ""
    limit: int = Field(10, ge=1, le=50)
    min_score: float = Field(0.3, ge=0.0, le=1.0)


class MatchReasonOut(Schema):
    """One reason behind a score (匹配依据)."""

    code: str
    message_zh: str
    message_en: str
    value: float
    contribution: float


class MatchCandidateOut(Schema):
    """A candidate entity with its score (0-1) and the reasons, code first."""

    id: int
    uscc: str
    name: str
    status: str
    address: str
    division_code: str
    score: float
    reasons: list[MatchReasonOut]


class MatchOut(Schema):
    """Candidates, best first."""

    candidates: list[MatchCandidateOut]


def public_hit(hit: SearchHit) -> dict[str, Any]:
    """A hit as public data: registration facts only, phone numbers in the address masked."""
    e = hit.entity
    entity_type = EntityType(e.entity_type)
    return {
        "uscc": e.uscc,
        "name": e.name,
        "entity_type": e.entity_type,
        "entity_type_label": entity_type.label_zh,
        "status": e.status,
        "status_label": EntityStatus(e.status).label_zh,
        "established_on": e.established_on,
        "responsible_title": responsible_role(entity_type)[0],
        "responsible_person": e.responsible_person.name,
        "address": mask_phones_in(e.address),
        "division_code": e.division_code,
        "match": hit.tier.key,
        "url": f"/entities/{e.uscc}/",
    }


@router.get("/public/entities", response={200: SearchOut, **ERROR_RESPONSES}, auth=None)
def search_public(request: HttpRequest, params: Query[PageParams]) -> SearchOut:
    """Search the public register (企业信息检索): by USCC or name fragment, with filters."""
    page = selectors.entity_search(
        actor=ANONYMOUS,
        query=params.q,
        filters=params.filters(),
        cursor=params.cursor,
        limit=params.limit,
        public=True,
    )
    return SearchOut(
        results=[EntityHitOut(**public_hit(hit)) for hit in page.hits],
        next_cursor=page.next_cursor,
        indexed=page.indexed,
    )


# --- export ----------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_HEADER = ["统一社会信用代码", "名称", "类型", "登记状态", "成立日期", "负责人", "住所", "行政区划代码"]


def _cell(value: Any) -> str:
    """A text cell that a spreadsheet will not run as a formula (CSV/formula injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_rows(hits: Iterable[SearchHit]) -> Iterator[list[str]]:
    """Export rows of public data, header first."""
    yield EXPORT_HEADER
    for hit in hits:
        row = public_hit(hit)
        yield [
            _cell(v)
            for v in (
                row["uscc"],
                row["name"],
                row["entity_type_label"],
                row["status_label"],
                row["established_on"].isoformat(),
                row["responsible_person"],
                row["address"],
                row["division_code"],
            )
        ]


class _Echo:
    """A file-like object whose write returns the text, for ``csv.writer`` in a stream."""

    def write(self, value: str) -> str:
        return value


def _export_name(extension: str) -> str:
    return f"entities-{timezone.localdate():%Y%m%d}.{extension}"


def _public_hits(params: SearchParams) -> Iterator[SearchHit]:
    return selectors.entity_search_export(
        actor=ANONYMOUS, query=params.q, filters=params.filters(), public=True
    )


def _file_response(media_type: str, what: str) -> dict[str, Any]:
    return {"responses": {200: {"description": what, "content": {media_type: {}}}}}


@router.get(
    "/public/entities/export.csv",
    response={200: None, **ERROR_RESPONSES},
    auth=None,
    openapi_extra=_file_response("text/csv", "CSV, UTF-8 with BOM"),
)
def export_csv(request: HttpRequest, params: Query[SearchParams]) -> StreamingHttpResponse:
    """Search results as CSV (UTF-8 with BOM), at most 10,000 rows, streamed (检索结果导出)."""
    hits = _public_hits(params)
    writer = csv.writer(_Echo())

    def stream() -> Iterator[str]:
        yield "\ufeff"  # spreadsheet programs read the file as UTF-8
        for row in export_rows(hits):
            yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name("csv")}"'
    return response


@router.get(
    "/public/entities/export.xlsx",
    response={200: None, **ERROR_RESPONSES},
    auth=None,
    openapi_extra=_file_response(XLSX, "XLSX workbook"),
)
def export_xlsx(request: HttpRequest, params: Query[SearchParams]) -> FileResponse:
    """Search results as XLSX, at most 10,000 rows (检索结果导出).

    Written row by row with openpyxl's write-only mode into a temporary file
    (an XLSX is a zip that is only complete at the end), then streamed.
    """
    from openpyxl import Workbook

    hits = _public_hits(params)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("检索结果")
    for row in export_rows(hits):
        sheet.append(row)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=_export_name("xlsx"),
        content_type=XLSX,
    )


# --- officers ----------------------------------------------------------------------------


@router.get("/registry/entities", response={200: StaffSearchOut, **ERROR_RESPONSES}, auth=staff_auth())
def search_staff(request: HttpRequest, params: Query[StaffPageParams]) -> StaffSearchOut:
    """Officers' search within their jurisdiction (辖区主体检索): name, legal representative or address."""
    actor = request.actor  # type: ignore[attr-defined]
    require_staff(actor, "registry.search")
    page = selectors.entity_search(
        actor=actor,
        query=params.q,
        filters=params.filters(),
        by=params.by,
        cursor=params.cursor,
        limit=params.limit,
    )
    return StaffSearchOut(
        results=[
            EntityStaffHitOut(**public_hit(hit), id=hit.entity.pk, supervisor_path=hit.entity.supervisor_path)
            for hit in page.hits
        ],
        next_cursor=page.next_cursor,
        indexed=page.indexed,
    )


@router.post("/registry/match", response={200: MatchOut, **ERROR_RESPONSES}, auth=staff_auth())
def match(request: HttpRequest, body: MatchIn) -> MatchOut:
    """Candidates for a name, address and/or code from another system (主体匹配), with scores and reasons."""
    actor = request.actor  # type: ignore[attr-defined]
    require_staff(actor, "registry.match")
    candidates = selectors.entity_match(
        actor=actor,
        name=body.name,
        address=body.address,
        uscc=body.uscc,
        division_code=body.division_code,
        limit=body.limit,
        min_score=body.min_score,
    )
    return MatchOut(
        candidates=[
            MatchCandidateOut(
                id=c.entity.pk,
                uscc=c.entity.uscc,
                name=c.entity.name,
                status=c.entity.status,
                address=c.entity.address,
                division_code=c.entity.division_code,
                score=c.result.score,
                reasons=[
                    MatchReasonOut(
                        code=r.code,
                        message_zh=r.message_zh,
                        message_en=r.message_en,
                        value=r.value,
                        contribution=r.contribution,
                    )
                    for r in c.result.reasons
                ],
            )
            for c in candidates
        ]
    )
