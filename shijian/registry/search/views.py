"""The public search page (企业信息检索) at ``/entities/``; officers may also search by person or address."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from shijian.core.errors import DomainError
from shijian.registry.domain import EntityStatus, EntityType
from shijian.registry.models import Industry
from shijian.registry.search import selectors
from shijian.registry.search.api import public_hit
from shijian.registry.search.domain import SearchField

#: Where the API is mounted (the export links point there).
API_PREFIX = "/api/v1"


def _choice(enum: type[EntityType] | type[EntityStatus], value: str) -> Any:
    """The member for ``value``, ``None`` for empty; ``DomainError`` for anything else."""
    if not value:
        return None
    try:
        return enum(value)
    except ValueError:
        raise DomainError("invalid", "筛选条件无效", "invalid filter") from None


def _query_string(params: QueryDict, **changes: str | None) -> str:
    copy = params.copy()
    for key, value in changes.items():
        if value is None:
            copy.pop(key, None)
        else:
            copy[key] = value
    return copy.urlencode()


def search_page(request: HttpRequest) -> HttpResponse:
    """Search form and one page of results, each linking to the entity's public page."""
    actor = request.actor  # type: ignore[attr-defined]
    staff = bool(actor.is_staff_member)
    params = request.GET
    form = {key: params.get(key, "").strip() for key in ("q", "division", "type", "status", "industry", "by")}
    by = SearchField.NAME
    if staff and form["by"] in {f.value for f in SearchField}:
        by = SearchField(form["by"])
    searched = any(form[key] for key in ("q", "division", "type", "status", "industry"))
    context: dict[str, Any] = {
        "form": form,
        "staff": staff,
        "types": [(t.value, t.label_zh, t.label_en) for t in EntityType],
        "statuses": [(s.value, s.label_zh, s.label_en) for s in EntityStatus],
        # Sections and divisions only (117 choices, each section before its divisions); groups
        # and classes (1,800+) are reached through the API's ``industry`` parameter.
        "industries": [
            (code, name, level)
            for code, name, level, _ in sorted(
                Industry.objects.filter(level__in=("section", "division")).values_list(
                    "code", "name", "level", "parent_id"
                ),
                key=lambda row: (row[3] or row[0], row[3] is not None, row[0]),
            )
        ],
        "indexed": selectors.search_indexed(),
        "searched": searched,
        "rows": [],
        "error": None,
    }
    status = 200
    if searched:
        try:
            filters = selectors.SearchFilters(
                division=form["division"] or None,
                entity_type=_choice(EntityType, form["type"]),
                status=_choice(EntityStatus, form["status"]),
                industry=form["industry"] or None,
            )
            page = selectors.entity_search(
                actor=actor,
                query=form["q"],
                filters=filters,
                by=by,
                cursor=params.get("cursor") or None,
                limit=selectors.PAGE_SIZE,
                public=by is SearchField.NAME,
            )
        except DomainError as exc:
            context["error"] = exc
            status = 400
        else:
            context["rows"] = [
                {
                    **public_hit(hit),
                    "id": hit.entity.pk,
                    "tier_zh": hit.tier.label_zh,
                    "tier_en": hit.tier.label_en,
                }
                for hit in page.hits
            ]
            context["scoped"] = by is not SearchField.NAME
            context["next_query"] = (
                _query_string(params, cursor=page.next_cursor) if page.next_cursor is not None else None
            )
            export = _query_string(params, cursor=None, by=None)
            context["export_csv"] = f"{API_PREFIX}/public/entities/export.csv?{export}"
            context["export_xlsx"] = f"{API_PREFIX}/public/entities/export.xlsx?{export}"
    return render(request, "registry/search.html", context, status=status)
