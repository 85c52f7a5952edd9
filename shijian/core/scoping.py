"""Jurisdiction scoping: every officer read goes through ``scope``.

A scoped model names the lookup to the materialised path of the org unit
that owns it in ``jurisdiction_path_lookup`` (for example
``"org_unit__path"``). An actor sees an object when that path starts with
one of the actor's ``jurisdiction_paths``. Objects outside it are treated as
missing (404), the same as objects that do not exist.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet

from shijian.core.actor import Actor
from shijian.core.errors import NotFound

M = TypeVar("M", bound=Model)


def jurisdiction_lookup(model: type[Model]) -> str:
    """The lookup from ``model`` to its owning org unit's path."""
    lookup = getattr(model, "jurisdiction_path_lookup", None)
    if not isinstance(lookup, str):
        raise TypeError(f"{model.__name__} does not declare jurisdiction_path_lookup")
    return lookup


def jurisdiction_q(actor: Actor, lookup: str) -> Q:
    """A filter matching objects whose path starts with one of the actor's jurisdictions."""
    condition = Q(pk__in=[])
    for path in actor.jurisdiction_paths:
        condition |= Q(**{f"{lookup}__startswith": path})
    return condition


def scope(actor: Actor, queryset: QuerySet[M], *, lookup: str | None = None) -> QuerySet[M]:
    """Limit ``queryset`` to the actor's jurisdiction (everything for administrators)."""
    if actor.sees_everything:
        return queryset
    if not actor.is_staff_member or not actor.jurisdiction_paths:
        return queryset.none()
    return queryset.filter(jurisdiction_q(actor, lookup or jurisdiction_lookup(queryset.model)))


def get_in_scope(actor: Actor, queryset: QuerySet[M], pk: Any, *, what: str | None = None) -> M:
    """One object by primary key within the actor's jurisdiction, else ``NotFound``."""
    try:
        return scope(actor, queryset).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise NotFound(what or queryset.model.__name__) from None


def path_in_scope(actor: Actor, path: str) -> bool:
    """True when an org-unit path lies inside the actor's jurisdiction."""
    if actor.sees_everything:
        return True
    return actor.is_staff_member and any(path.startswith(p) for p in actor.jurisdiction_paths)
