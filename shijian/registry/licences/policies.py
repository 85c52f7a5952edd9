"""Who may manage the licence catalogue, record licences and verify commitments."""

from __future__ import annotations

from shijian.core.actor import Actor
from shijian.core.errors import PermissionDenied
from shijian.core.roles import Role
from shijian.registry.policies import require_registrar

#: The reform catalogue is national/provincial data: edited by administrators and bureau heads.
CATALOGUE_EDITORS = frozenset({Role.SYSTEM_ADMIN, Role.BUREAU_HEAD})

__all__ = ["CATALOGUE_EDITORS", "require_catalogue_editor", "require_registrar", "require_staff"]


def require_catalogue_editor(actor: Actor, action: str) -> None:
    """Catalogue items (许可事项清单) are edited by administrators and bureau heads only."""
    if actor.is_system or actor.has_any(CATALOGUE_EDITORS):
        return
    raise PermissionDenied(action)


def require_staff(actor: Actor, action: str) -> None:
    """Staff reads (the catalogue, licences and verifications)."""
    if not (actor.is_system or actor.is_staff_member):
        raise PermissionDenied(action)
