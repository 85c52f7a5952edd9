"""Reads about users and org units, including building the request's Actor."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from shijian.accounts.domain import UnitRef, jurisdiction_root_path, token_hash
from shijian.accounts.models import ApiToken, EnforcementCertificate, OrgUnit, User
from shijian.core.actor import ANONYMOUS, Actor
from shijian.core.roles import Role
from shijian.core.scoping import get_in_scope, scope


def org_unit_chain(unit: OrgUnit) -> list[OrgUnit]:
    """The unit and its ancestors, nearest first (one query via the path)."""
    codes = [code for code in unit.path.strip("/").split("/") if code]
    by_code = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    return [by_code[code] for code in reversed(codes) if code in by_code]


def actor_for_user(user: User | None) -> Actor:
    """The Actor for a signed-in user (``ANONYMOUS`` for nobody or an inactive account)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    roles = frozenset(Role(r) for r in user.role_grants.values_list("role", flat=True))
    if user.is_superuser:
        roles |= {Role.SYSTEM_ADMIN}
    unit_ids: tuple[int, ...] = ()
    paths: tuple[str, ...] = ()
    if user.org_unit is not None:
        chain = org_unit_chain(user.org_unit)
        unit_ids = (user.org_unit.pk,)
        paths = (jurisdiction_root_path([UnitRef(kind=u.kind, path=u.path) for u in chain]),)
    return Actor(
        user_id=user.pk,
        username=user.username,
        display_name=user.display_name or user.username,
        roles=roles,
        org_unit_ids=unit_ids,
        jurisdiction_paths=paths,
    )


def user_for_token(secret: str, *, now: dt.datetime | None = None) -> User | None:
    """The active user owning a valid (unexpired, unrevoked) API token, else ``None``."""
    now = now or timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    # Touch at most once a minute: a hot token must not write on every request.
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def org_unit_list(*, actor: Actor) -> QuerySet[OrgUnit]:
    """Org units inside the actor's jurisdiction, in tree order."""
    return scope(actor, OrgUnit.objects.filter(is_active=True)).order_by("path")


def org_unit_get(*, actor: Actor, unit_id: int) -> OrgUnit:
    """One org unit in the actor's jurisdiction (``NotFound`` otherwise)."""
    return get_in_scope(actor, OrgUnit.objects.all(), unit_id, what="org unit")


def user_list(*, actor: Actor) -> QuerySet[User]:
    """Staff accounts in the actor's jurisdiction."""
    return scope(actor, User.objects.select_related("org_unit").filter(is_active=True)).order_by("username")


def user_get(*, actor: Actor, user_id: int) -> User:
    """One staff account in the actor's jurisdiction (``NotFound`` otherwise)."""
    return get_in_scope(actor, User.objects.select_related("org_unit"), user_id, what="user")


def officers_with_valid_certificate(*, actor: Actor, on: dt.date) -> QuerySet[User]:
    """Officers in the actor's jurisdiction holding an enforcement certificate valid on ``on``."""
    valid = EnforcementCertificate.objects.filter(issued_on__lte=on, expires_on__gte=on).exclude(
        revoked_on__lte=on
    )
    return user_list(actor=actor).filter(role_grants__role=Role.OFFICER, certificates__in=valid).distinct()
