"""Who may do what with enforcement cases: staff of the owning department's jurisdiction."""

from __future__ import annotations

from shijian.core.actor import Actor
from shijian.core.errors import NotFound, PermissionDenied
from shijian.core.roles import Role
from shijian.core.scoping import path_in_scope

#: Staff who record case leads (and, later, handle cases).
CASE_OFFICERS = frozenset({Role.OFFICER, Role.SECTION_CHIEF, Role.BUREAU_HEAD, Role.SYSTEM_ADMIN})


def require_case_officer(actor: Actor, action: str, path: str) -> None:
    """Case acts are for staff of the department's jurisdiction (outside: 404; inside, wrong role: 403)."""
    if actor.is_system:
        return
    if not path_in_scope(actor, path):
        raise NotFound("department")
    if not (actor.is_staff_member and actor.has_any(CASE_OFFICERS)):
        raise PermissionDenied(action)
