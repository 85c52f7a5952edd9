"""Who may do what in credit supervision."""

from __future__ import annotations

from shijian.core.actor import Actor
from shijian.core.errors import NotFound, PermissionDenied
from shijian.core.roles import Role
from shijian.core.scoping import path_in_scope

#: Staff who record, correct and revoke credit facts and run the credit lists.
CREDIT_OFFICERS = frozenset({Role.OFFICER, Role.SECTION_CHIEF, Role.BUREAU_HEAD, Role.SYSTEM_ADMIN})
#: Staff who may read an entity's full credit record (also the legal reviewers).
CREDIT_READERS = CREDIT_OFFICERS | {Role.LEGAL_REVIEWER}


def require_credit_officer(actor: Actor, action: str, path: str) -> None:
    """Credit acts are for staff of the entity's jurisdiction (others: 404 outside, 403 inside)."""
    if actor.is_system:
        return
    if not path_in_scope(actor, path):
        raise NotFound("entity")
    if not actor.has_any(CREDIT_OFFICERS):
        raise PermissionDenied(action)


def require_credit_reader(actor: Actor, path: str) -> None:
    """Reading the full credit record: staff of the jurisdiction."""
    if actor.is_system:
        return
    if not path_in_scope(actor, path):
        raise NotFound("entity")
    if not actor.has_any(CREDIT_READERS):
        raise PermissionDenied("credit.read")
