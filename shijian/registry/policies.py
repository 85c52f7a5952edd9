"""Who may do what in the registry."""

from __future__ import annotations

from shijian.core.actor import Actor
from shijian.core.errors import NotFound, PermissionDenied
from shijian.core.roles import Role
from shijian.core.scoping import path_in_scope

REGISTRARS = frozenset({Role.OFFICER, Role.SECTION_CHIEF, Role.BUREAU_HEAD, Role.SYSTEM_ADMIN})


def require_registrar(actor: Actor, action: str, path: str) -> None:
    """Registration acts are for staff of the unit's jurisdiction (others get 404 / 403)."""
    if actor.is_system:
        return
    if not path_in_scope(actor, path):
        raise NotFound("entity")
    if not actor.has_any(REGISTRARS):
        raise PermissionDenied(action)
