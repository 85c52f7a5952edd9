"""Who may do what with accounts."""

from __future__ import annotations

from shijian.core.actor import Actor
from shijian.core.errors import PermissionDenied
from shijian.core.roles import Role


def require_admin(actor: Actor, action: str) -> None:
    """Account administration is for system administrators (and the system itself)."""
    if not (actor.is_system or actor.has_role(Role.SYSTEM_ADMIN)):
        raise PermissionDenied(action)


def require_staff(actor: Actor, action: str) -> None:
    """Bureau staff only (not enterprise users or the public)."""
    if not (actor.is_system or actor.is_staff_member):
        raise PermissionDenied(action)
