"""The Actor: who is acting, in which org units, with which roles.

Built once per request (or once per command/sweep) and passed explicitly to
every service and selector, so that rules never read the request or a global.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from shijian.core.roles import STAFF_ROLES, Role


@dataclass(frozen=True, slots=True)
class Actor:
    """A person (or the system) acting on the platform.

    ``jurisdiction_paths`` are materialised paths of the org-unit subtrees the
    actor may see (see ``shijian.core.scoping``); a system administrator and
    the system actor see everything.
    """

    user_id: int | None
    username: str
    display_name: str = ""
    roles: frozenset[Role] = frozenset()
    org_unit_ids: tuple[int, ...] = ()
    jurisdiction_paths: tuple[str, ...] = ()
    entity_ids: tuple[int, ...] = ()
    is_system: bool = False
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_anonymous(self) -> bool:
        """True for the anonymous public."""
        return self.user_id is None and not self.is_system

    @property
    def is_staff_member(self) -> bool:
        """True for bureau staff of any role (not enterprise users or the public)."""
        return bool(self.roles & STAFF_ROLES)

    @property
    def sees_everything(self) -> bool:
        """System administrators and the system actor are not limited to a jurisdiction."""
        return self.is_system or Role.SYSTEM_ADMIN in self.roles

    def has_role(self, *roles: Role) -> bool:
        """True when the actor holds at least one of ``roles``."""
        return any(role in self.roles for role in roles)

    def has_any(self, roles: Iterable[Role]) -> bool:
        """True when the actor holds at least one role from ``roles``."""
        return bool(self.roles & frozenset(roles))

    @property
    def audit_label(self) -> str:
        """How the actor is named in the audit trail."""
        if self.is_system:
            return f"system:{self.username}"
        if self.user_id is None:
            return "anonymous"
        return f"user:{self.user_id}:{self.username}"


ANONYMOUS = Actor(user_id=None, username="anonymous")


def system_actor(name: str = "system") -> Actor:
    """The actor used by scheduled sweeps and management commands run by an operator."""
    return Actor(user_id=None, username=name, display_name=name, is_system=True)
