"""Enterprise representatives (企业联络员/经办人授权): who may sign in and act for an entity.

A representative link (``EntityRepresentative``) lets an enterprise account
file the entity's annual reports and disclosures and read its full record.
Registrars of the entity's jurisdiction grant and revoke links; every change
is audited under the entity's supervising unit. Access follows the link on
each request (``selectors.entities_represented``), so a revocation takes
effect at once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from shijian.accounts import services as account_services
from shijian.accounts.models import User
from shijian.core.actor import Actor, system_actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.errors import Conflict, ValidationFailed
from shijian.core.roles import STAFF_ROLES, Role
from shijian.registry import policies
from shijian.registry.domain import CLOSED_STATUSES, EntityStatus
from shijian.registry.models import EntityRepresentative, MarketEntity

#: The system actor that opens enterprise accounts for a grant: account administration is for
#: system administrators, so the grant's own audit record names the officer who asked for it.
ACCOUNT_OPENER = "registry-representative"

# Django's default username rule (letters, digits and @ . + - _), checked here so that a bad
# username is a field error and not a crash in ``full_clean``.
_USERNAME = re.compile(r"^[\w.@+-]+\Z")
_MOBILE = re.compile(r"^1[3-9]\d{9}\Z")


@dataclass(frozen=True, slots=True)
class EnterpriseAccountIn:
    """A new enterprise account to open with the grant: username, the person's name and mobile.

    The account is opened without a usable password and nothing is sent to
    anyone; the person receives their first password through the bureau's
    account handover (an administrator sets it).
    """

    username: str
    display_name: str
    phone: str


def _link_snapshot(link: EntityRepresentative) -> dict[str, object]:
    snapshot = model_snapshot(link)
    snapshot["username"] = link.user.username
    return snapshot


def _check_enterprise_account(user: User) -> User:
    """Refuse accounts that cannot act for an enterprise (field ``username``)."""
    if not user.is_active:
        raise ValidationFailed(
            "username",
            f"用户“{user.username}”的账号已停用",
            f"the account {user.username} is deactivated",
            code="inactive_user",
        )
    roles = set(user.role_grants.values_list("role", flat=True))
    staff = bool(roles & {r.value for r in STAFF_ROLES}) or user.is_staff or user.is_superuser
    if staff:
        raise ValidationFailed(
            "username",
            f"“{user.username}”是机关工作人员账号，不能作为企业联络员",
            f"{user.username} is a staff account and cannot represent an enterprise",
            code="not_enterprise",
        )
    if Role.ENTERPRISE.value not in roles:
        raise ValidationFailed(
            "username",
            f"“{user.username}”不是企业用户账号",
            f"{user.username} is not an enterprise account",
            code="not_enterprise",
        )
    return user


def _open_account(account: EnterpriseAccountIn) -> User:
    """Open a new enterprise account (no password, nothing sent), checking each field."""
    username = account.username.strip()
    name = account.display_name.strip()
    phone = account.phone.strip()
    if not username:
        raise ValidationFailed("username", "用户名不能为空", "the username is required")
    if len(username) > 150 or not _USERNAME.match(username):
        raise ValidationFailed(
            "username",
            "用户名只能包含字母、数字和 @ . + - _，最长150个字符",
            "a username has letters, digits and @ . + - _ only, at most 150 characters",
        )
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(
            "duplicate_username",
            f"用户名“{username}”已存在；如为该企业用户，请直接授权已有账号",
            f"username {username} already exists; grant the existing account instead",
            field="username",
        )
    if not name:
        raise ValidationFailed("display_name", "请填写联络员姓名", "the representative's name is required")
    if len(name) > 100:
        raise ValidationFailed("display_name", "姓名最长100个字符", "the name is at most 100 characters")
    if not _MOBILE.match(phone):
        raise ValidationFailed("phone", "请填写11位手机号码", "an 11-digit mobile number is required")
    return account_services.user_create(
        actor=system_actor(ACCOUNT_OPENER),
        username=username,
        password=None,
        display_name=name,
        org_unit=None,
        roles=[Role.ENTERPRISE],
        phone=phone,
    )


def _account(user: User | str | EnterpriseAccountIn) -> tuple[User, bool]:
    """The account to link and whether it was opened now."""
    if isinstance(user, EnterpriseAccountIn):
        return _open_account(user), True
    if isinstance(user, str):
        username = user.strip()
        if not username:
            raise ValidationFailed("username", "请填写企业用户的用户名", "the username is required")
        found = User.objects.filter(username=username).first()
        if found is None:
            raise ValidationFailed(
                "username",
                f"未找到用户名为“{username}”的账号；新联络员请选择“开设企业用户账号”",
                f"no account with username {username}; open a new enterprise account instead",
                code="unknown_user",
            )
        user = found
    return _check_enterprise_account(user), False


@transaction.atomic
def representative_grant(
    *,
    actor: Actor,
    entity: MarketEntity,
    user: User | str | EnterpriseAccountIn,
    granted_on: dt.date | None = None,
    reason: str = "",
    today: dt.date,
) -> EntityRepresentative:
    """Let an enterprise account act for ``entity`` (企业联络员授权) from ``granted_on`` (today by default).

    ``user`` is an existing enterprise account (a ``User`` or its username) or
    an ``EnterpriseAccountIn`` to open a new one. Registrars of the entity's
    jurisdiction only (404 outside it, 403 for other roles). A deregistered or
    relocated-out entity gets no new representatives; a current link is a
    conflict; a revoked link is reactivated (audited as such).
    """
    policies.require_registrar(actor, "registry.representative_grant", entity.supervisor_path)
    if EntityStatus(entity.status) in CLOSED_STATUSES:
        raise Conflict(
            "entity_closed",
            "该主体已注销或迁出，不能授权新的企业联络员",
            "the entity is deregistered or moved away: no new representatives",
            field="entity",
        )
    on = granted_on or today
    if on > today:
        raise ValidationFailed("granted_on", "授权日期不能晚于今天", "the grant date is in the future")
    if on < entity.established_on:
        raise ValidationFailed(
            "granted_on",
            "授权日期不能早于主体成立日期",
            "the grant date is before the entity was established",
        )
    account, opened = _account(user)
    link = (
        EntityRepresentative.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(entity=entity, user=account)
        .first()
    )
    if link is None:
        try:
            with transaction.atomic():
                link = EntityRepresentative.objects.create(entity=entity, user=account, granted_on=on)
        except IntegrityError:  # granted at the same moment by someone else
            raise Conflict(
                "already_representative",
                f"“{account.username}”已是该主体的企业联络员",
                f"{account.username} already represents this entity",
                field="username",
            ) from None
        after = _link_snapshot(link)
        after["account_opened"] = opened
        audit_record(
            actor=actor,
            action="registry.representative.granted",
            obj=link,
            after=after,
            reason=reason,
            org_unit_path=entity.supervisor_path,
        )
        return link
    if link.revoked_on is None:
        raise Conflict(
            "already_representative",
            f"“{account.username}”已是该主体的企业联络员",
            f"{account.username} already represents this entity",
            field="username",
        )
    before = _link_snapshot(link)
    link.granted_on = on
    link.revoked_on = None
    link.save(update_fields=["granted_on", "revoked_on"])
    audit_record(
        actor=actor,
        action="registry.representative.reactivated",
        obj=link,
        before=before,
        after=_link_snapshot(link),
        reason=reason,
        org_unit_path=entity.supervisor_path,
    )
    return link


@transaction.atomic
def representative_revoke(
    *,
    actor: Actor,
    link: EntityRepresentative,
    revoked_on: dt.date | None = None,
    reason: str,
    today: dt.date,
) -> EntityRepresentative:
    """End a representative link (撤销授权) on ``revoked_on`` (today by default); a reason is required.

    From that day the user no longer sees or acts for the entity - on the next
    request, since access is read from the link each time. Registrars of the
    entity's jurisdiction only; a closed entity's links can still be revoked.
    """
    entity = link.entity
    policies.require_registrar(actor, "registry.representative_revoke", entity.supervisor_path)
    link = (
        EntityRepresentative.objects.select_for_update(of=("self",))
        .select_related("user", "entity")
        .get(pk=link.pk)
    )
    if link.revoked_on is not None and link.revoked_on <= today:
        raise Conflict(
            "already_revoked",
            f"该授权已于{link.revoked_on.isoformat()}撤销",
            f"this link was revoked on {link.revoked_on.isoformat()}",
        )
    if not reason.strip():
        raise ValidationFailed("reason", "撤销授权须说明理由", "a reason is required")
    on = revoked_on or today
    if on > today:
        raise ValidationFailed("revoked_on", "撤销日期不能晚于今天", "the revocation date is in the future")
    if on < link.granted_on:
        raise ValidationFailed(
            "revoked_on", "撤销日期不能早于授权日期", "the revocation date is before the grant date"
        )
    before = _link_snapshot(link)
    link.revoked_on = on
    link.save(update_fields=["revoked_on"])
    audit_record(
        actor=actor,
        action="registry.representative.revoked",
        obj=link,
        before=before,
        after=_link_snapshot(link),
        reason=reason.strip(),
        org_unit_path=entity.supervisor_path,
    )
    return link
