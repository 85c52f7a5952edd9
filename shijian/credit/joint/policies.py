"""Who may do what with joint punishment (联合惩戒).

- Ask (查询) and report back (反馈): partner departments (协同部门用户,
  ``Role.PARTNER_DEPARTMENT``), bureau staff and the system. The lists are
  public, so the question is not limited to a jurisdiction.
- A department sees and answers only its own queries: the asker's org unit
  and kind (partner or bureau staff) are the department.
- Officers of the entity's jurisdiction read the queries and feedback about
  an entity (credit readers; 404 outside the jurisdiction).
- Measures are rule data: system administrators add versions.

The partner role is not a staff role (``core.roles.STAFF_ROLES``), so every
other staff policy refuses it.
"""

from __future__ import annotations

from shijian.core.actor import Actor
from shijian.core.errors import PermissionDenied
from shijian.core.roles import STAFF_ROLES, Role

#: Roles that may ask whether an entity is restricted and report what they did.
QUERY_ROLES: frozenset[Role] = STAFF_ROLES | {Role.PARTNER_DEPARTMENT}


def may_query(actor: Actor) -> bool:
    """True for partner departments, bureau staff and the system."""
    return actor.is_system or actor.has_any(QUERY_ROLES)


def require_query(actor: Actor, action: str = "credit_joint.query") -> None:
    """Refuse (403) anyone who may not ask or report back."""
    if not may_query(actor):
        raise PermissionDenied(action)


def require_measure_admin(actor: Actor) -> None:
    """Measure versions are rule data: system administrators (and the system) only."""
    if not (actor.is_system or actor.has_role(Role.SYSTEM_ADMIN)):
        raise PermissionDenied("credit_joint.measure")


def department_of(actor: Actor) -> int | None:
    """The asker's department: the id of the actor's org unit (``None`` for the system)."""
    return actor.org_unit_ids[0] if actor.org_unit_ids else None


def asks_as_partner(actor: Actor) -> bool:
    """True when the actor asks for a partner department rather than for the bureau.

    With the org unit it identifies the department: a partner account placed
    in a bureau's unit does not share its queries with the bureau's staff.
    """
    return actor.has_role(Role.PARTNER_DEPARTMENT) and not actor.is_staff_member and not actor.is_system
