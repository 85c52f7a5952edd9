"""Who may do what in random inspections: officers of the lead department's jurisdiction."""

from __future__ import annotations

from shijian.core.actor import Actor
from shijian.core.errors import NotFound, PermissionDenied
from shijian.core.roles import Role
from shijian.core.scoping import path_in_scope

#: Staff who plan random inspections, record witnesses' commitments and perform draws.
PLANNERS = frozenset({Role.OFFICER, Role.SECTION_CHIEF, Role.BUREAU_HEAD, Role.SYSTEM_ADMIN})


def require_planner(actor: Actor, action: str, path: str | None) -> None:
    """Planning acts are for staff of the lead's jurisdiction (outside: 404; inside, wrong role: 403).

    ``path`` is ``None`` for acts not tied to a jurisdiction (the item list).
    """
    if actor.is_system:
        return
    if path is not None and not path_in_scope(actor, path):
        raise NotFound("plan")
    if not (actor.is_staff_member and actor.has_any(PLANNERS)):
        raise PermissionDenied(action)
