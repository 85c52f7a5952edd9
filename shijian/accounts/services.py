"""Writes about org units, users, roles, certificates and API tokens (all audited)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from shijian.accounts import policies
from shijian.accounts.domain import org_unit_code_problem, parent_kind_allowed, token_hash
from shijian.accounts.models import ApiToken, EnforcementCertificate, OrgUnit, User, UserRole
from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.errors import Conflict, NotFound, ValidationFailed
from shijian.core.roles import Role

TOKEN_PREFIX_LENGTH = 8


@transaction.atomic
def org_unit_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    kind: str,
    parent: OrgUnit | None = None,
    name_en: str = "",
    division_code: str = "",
) -> OrgUnit:
    """Create an org unit under ``parent`` (机构设立), checking the tree's shape."""
    policies.require_admin(actor, "accounts.org_unit_create")
    problem = org_unit_code_problem(code)
    if problem is not None:
        raise ValidationFailed("code", "机构编码格式不正确", f"invalid org-unit code: {problem}")
    if not name.strip():
        raise ValidationFailed("name", "机构名称不能为空", "name is required")
    if not parent_kind_allowed(kind, parent.kind if parent is not None else None):
        raise ValidationFailed(
            "parent",
            f"{kind} 类机构不能设在 {parent.kind if parent else '根'} 之下",
            f"a {kind} cannot be placed under {parent.kind if parent else 'the root'}",
        )
    if OrgUnit.objects.filter(code=code).exists():
        raise Conflict("duplicate_code", "机构编码已存在", f"org-unit code {code} already exists")
    unit = OrgUnit(
        code=code, name=name.strip(), name_en=name_en, kind=kind, parent=parent, division_code=division_code
    )
    unit.path = unit.compute_path()
    unit.depth = unit.path.count("/") - 2
    unit.full_clean()
    unit.save()
    audit_record(actor=actor, action="accounts.org_unit.created", obj=unit, after=model_snapshot(unit))
    return unit


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str | None,
    display_name: str,
    org_unit: OrgUnit | None,
    roles: Iterable[Role] = (),
    phone: str = "",
    email: str = "",
) -> User:
    """Create an account with its roles (用户开设). Staff roles need an org unit."""
    policies.require_admin(actor, "accounts.user_create")
    role_set = frozenset(roles)
    if not username.strip():
        raise ValidationFailed("username", "用户名不能为空", "username is required")
    if User.objects.filter(username=username).exists():
        raise Conflict("duplicate_username", "用户名已存在", f"username {username} already exists")
    if role_set - {Role.ENTERPRISE} and org_unit is None:
        raise ValidationFailed(
            "org_unit", "机关工作人员必须隶属于某一机构", "staff accounts need an org unit"
        )
    user = User(username=username, display_name=display_name, org_unit=org_unit, phone=phone, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    UserRole.objects.bulk_create([UserRole(user=user, role=role.value) for role in sorted(role_set)])
    after = model_snapshot(user, ["username", "display_name", "org_unit", "email", "is_active"])
    after["roles"] = sorted(r.value for r in role_set)
    audit_record(actor=actor, action="accounts.user.created", obj=user, after=after)
    return user


@transaction.atomic
def role_grant(*, actor: Actor, user: User, role: Role, reason: str = "") -> UserRole:
    """Grant a role to a user (角色授予)."""
    policies.require_admin(actor, "accounts.role_grant")
    if role != Role.ENTERPRISE and user.org_unit_id is None:
        raise ValidationFailed("org_unit", "机关工作人员必须隶属于某一机构", "staff roles need an org unit")
    grant, created = UserRole.objects.get_or_create(user=user, role=role.value)
    if not created:
        raise Conflict("role_held", "该用户已具有此角色", f"user already holds role {role.value}")
    audit_record(
        actor=actor, action="accounts.role.granted", obj=user, after={"role": role.value}, reason=reason
    )
    return grant


@transaction.atomic
def role_revoke(*, actor: Actor, user: User, role: Role, reason: str) -> None:
    """Take a role away from a user (角色撤销); a reason is required."""
    policies.require_admin(actor, "accounts.role_revoke")
    if not reason.strip():
        raise ValidationFailed("reason", "撤销角色须说明理由", "a reason is required")
    deleted, _ = UserRole.objects.filter(user=user, role=role.value).delete()
    if not deleted:
        raise NotFound("role grant")
    audit_record(
        actor=actor, action="accounts.role.revoked", obj=user, before={"role": role.value}, reason=reason
    )


@transaction.atomic
def certificate_issue(
    *,
    actor: Actor,
    user: User,
    number: str,
    issued_on: dt.date,
    expires_on: dt.date,
    issuing_authority: str = "",
) -> EnforcementCertificate:
    """Record an officer's enforcement certificate (执法证登记)."""
    policies.require_admin(actor, "accounts.certificate_issue")
    if expires_on < issued_on:
        raise ValidationFailed("expires_on", "有效期至不能早于发证日期", "expiry is before the issue date")
    if not number.strip():
        raise ValidationFailed("number", "执法证号不能为空", "certificate number is required")
    if EnforcementCertificate.objects.filter(number=number).exists():
        raise Conflict("duplicate_certificate", "执法证号已存在", f"certificate {number} already exists")
    cert = EnforcementCertificate.objects.create(
        user=user,
        number=number,
        issued_on=issued_on,
        expires_on=expires_on,
        issuing_authority=issuing_authority,
    )
    audit_record(actor=actor, action="accounts.certificate.issued", obj=cert, after=model_snapshot(cert))
    return cert


@transaction.atomic
def api_token_create(
    *, actor: Actor, user: User, name: str, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create an API token for ``user``; returns the token and its secret (shown once).

    Users create their own tokens; administrators may create them for others.
    """
    if actor.user_id != user.pk:
        policies.require_admin(actor, "accounts.api_token_create")
    if not name.strip():
        raise ValidationFailed("name", "令牌名称不能为空", "token name is required")
    secret = "sj_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=secret[:TOKEN_PREFIX_LENGTH],
        key_hash=token_hash(secret),
        expires_at=expires_at,
    )
    audit_record(
        actor=actor,
        action="accounts.api_token.created",
        obj=token,
        after={"user": user.pk, "name": token.name, "prefix": token.prefix, "expires_at": expires_at},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken, reason: str = "") -> ApiToken:
    """Revoke an API token at once (令牌撤销)."""
    if actor.user_id != token.user_id:
        policies.require_admin(actor, "accounts.api_token_revoke")
    if token.revoked_at is not None:
        raise Conflict("already_revoked", "令牌已撤销", "token already revoked")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="accounts.api_token.revoked", obj=token, reason=reason)
    return token
