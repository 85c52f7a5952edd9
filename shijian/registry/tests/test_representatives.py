"""Enterprise representatives (企业联络员): grant and revoke through services, API and the staff page.

Covers the audit records, the permission grid (role x in/out of the jurisdiction),
refused input with its field, and that a revoked representative loses access to
the enterprise pages and API at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from shijian.accounts.models import User
from shijian.accounts.services import role_grant
from shijian.core.audit.models import AuditRecord
from shijian.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from shijian.core.roles import Role
from shijian.registry import selectors, services
from shijian.registry.models import EntityRepresentative
from shijian.registry.services.representatives import ACCOUNT_OPENER
from shijian.registry.tests.representative_helpers import (
    MASKED,
    MOBILE,
    REGISTRARS,
    SYSTEM,
    audits,
    enterprise,
    entity_id,
    grant,
    link_id,
    officer_client,
    represented,
    today,
)
from shijian.testing.grid import (
    GridCase,
    GridEndpoint,
    check_case,
    grid_cases,
)
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db


# -- services -----------------------------------------------------------------------------


def test_grant_an_existing_enterprise_account_is_audited(world: World) -> None:
    entity = make_entity(world)
    link = grant(world, entity)
    assert (link.entity, link.user, link.granted_on, link.revoked_on) == (
        entity,
        enterprise(world),
        today(),
        None,
    )
    [record] = audits("registry.representative.granted", link)
    officer = world.users[Role.OFFICER]
    assert record.actor == f"user:{officer.pk}:{officer.username}"
    assert record.org_unit_path == entity.supervisor_path
    assert record.after is not None
    assert record.after["username"] == "enterprise" and record.after["account_opened"] is False
    assert represented(world) == [entity.pk]


def test_grant_opens_a_new_enterprise_account_without_password_or_mail(world: World) -> None:
    entity = make_entity(world)
    link = grant(
        world,
        entity,
        services.EnterpriseAccountIn(username="li.na", display_name="李娜", phone=f" {MOBILE} "),
    )
    user = link.user
    assert (user.username, user.display_name, user.phone, user.org_unit_id) == ("li.na", "李娜", MOBILE, None)
    assert list(user.role_grants.values_list("role", flat=True)) == [Role.ENTERPRISE.value]
    assert user.is_active and not user.has_usable_password()
    assert mail.outbox == []
    [granted] = audits("registry.representative.granted", link)
    assert granted.after is not None and granted.after["account_opened"] is True
    opened = AuditRecord.objects.get(action="accounts.user.created", object_id=str(user.pk))
    assert opened.actor == f"system:{ACCOUNT_OPENER}"
    assert represented(world, user) == [entity.pk]


def test_revoke_then_regrant_reactivates_the_same_link(world: World) -> None:
    entity = make_entity(world)
    link = grant(world, entity)
    officer = world.actor(Role.OFFICER)
    revoked = services.representative_revoke(
        actor=officer, link=link, reason="离职 left the company", today=today()
    )
    assert revoked.revoked_on == today()
    [record] = audits("registry.representative.revoked", link)
    assert record.before is not None and record.after is not None
    assert record.before["revoked_on"] is None and record.after["revoked_on"] == today().isoformat()
    assert record.reason == "离职 left the company" and record.org_unit_path == entity.supervisor_path
    assert represented(world) == []

    again = grant(world, entity)
    assert again.pk == link.pk and again.revoked_on is None
    [reactivated] = audits("registry.representative.reactivated", link)
    assert reactivated.before is not None and reactivated.before["revoked_on"] == today().isoformat()
    assert reactivated.after is not None and reactivated.after["revoked_on"] is None
    assert EntityRepresentative.objects.filter(entity=entity).count() == 1
    assert represented(world) == [entity.pk]


def test_a_past_revocation_date_is_kept(world: World) -> None:
    entity = make_entity(world)
    link = services.representative_grant(
        actor=world.actor(Role.OFFICER),
        entity=entity,
        user="enterprise",
        granted_on=dt.date(2024, 3, 1),
        today=today(),
    )
    revoked = services.representative_revoke(
        actor=world.actor(Role.OFFICER),
        link=link,
        revoked_on=dt.date(2025, 1, 31),
        reason="授权到期 authorisation ended",
        today=today(),
    )
    assert revoked.revoked_on == dt.date(2025, 1, 31) and represented(world) == []


def test_services_check_the_jurisdiction_and_role(world: World) -> None:
    outside = make_entity(world, scope="out")
    with pytest.raises(NotFound):
        grant(world, outside)
    inside = make_entity(world)
    with pytest.raises(PermissionDenied):
        services.representative_grant(
            actor=world.actor(Role.LEGAL_REVIEWER), entity=inside, user=enterprise(world), today=today()
        )
    with pytest.raises(NotFound):
        services.representative_grant(
            actor=world.actor(Role.ENTERPRISE), entity=inside, user=enterprise(world), today=today()
        )
    link = services.representative_grant(actor=SYSTEM, entity=outside, user=enterprise(world), today=today())
    with pytest.raises(NotFound):
        services.representative_revoke(actor=world.actor(Role.OFFICER), link=link, reason="x", today=today())
    with pytest.raises(NotFound):
        selectors.representative_get(actor=world.actor(Role.OFFICER), link_id=link.pk)
    assert not AuditRecord.objects.filter(
        action__startswith="registry.representative.", actor__startswith="user:"
    )


@pytest.mark.parametrize(
    ("user", "field", "code"),
    [
        ("nobody-here", "username", "unknown_user"),
        ("officer", "username", "not_enterprise"),
        ("", "username", "invalid"),
    ],
)
def test_refused_accounts_name_the_field(world: World, user: str, field: str, code: str) -> None:
    entity = make_entity(world)
    with pytest.raises(ValidationFailed) as refused:
        grant(world, entity, user)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert refused.value.message_zh and refused.value.message_en
    assert not EntityRepresentative.objects.filter(entity=entity).exists()


def test_a_user_holding_both_enterprise_and_staff_roles_is_refused(world: World) -> None:
    officer = world.users[Role.OFFICER]
    role_grant(actor=SYSTEM, user=officer, role=Role.ENTERPRISE)
    with pytest.raises(ValidationFailed) as refused:
        grant(world, make_entity(world), officer)
    assert refused.value.code == "not_enterprise"


def test_an_inactive_account_is_refused(world: World) -> None:
    user = enterprise(world)
    user.is_active = False
    user.save(update_fields=["is_active"])
    with pytest.raises(ValidationFailed) as refused:
        grant(world, make_entity(world), "enterprise")
    assert (refused.value.field, refused.value.code) == ("username", "inactive_user")


@pytest.mark.parametrize(
    ("account", "field"),
    [
        (services.EnterpriseAccountIn(username="enterprise", display_name="王芳", phone=MOBILE), "username"),
        (services.EnterpriseAccountIn(username="has space", display_name="王芳", phone=MOBILE), "username"),
        (services.EnterpriseAccountIn(username="wang.fang", display_name=" ", phone=MOBILE), "display_name"),
        (services.EnterpriseAccountIn(username="wang.fang", display_name="王芳", phone="0379-6412"), "phone"),
    ],
)
def test_refused_new_accounts_name_the_field(
    world: World, account: services.EnterpriseAccountIn, field: str
) -> None:
    with pytest.raises((ValidationFailed, Conflict)) as refused:
        grant(world, make_entity(world), account)
    assert refused.value.field == field
    assert not User.objects.filter(username="wang.fang").exists()


def test_duplicate_grant_and_double_revoke_are_conflicts(world: World) -> None:
    entity = make_entity(world)
    link = grant(world, entity)
    with pytest.raises(Conflict) as duplicate:
        grant(world, entity)
    assert (duplicate.value.code, duplicate.value.field) == ("already_representative", "username")
    officer = world.actor(Role.OFFICER)
    services.representative_revoke(actor=officer, link=link, reason="离职", today=today())
    with pytest.raises(Conflict) as twice:
        services.representative_revoke(actor=officer, link=link, reason="离职", today=today())
    assert twice.value.code == "already_revoked"


def test_closed_entities_get_no_new_representatives_but_links_can_be_revoked(world: World) -> None:
    entity = make_entity(world)
    link = grant(world, entity)
    services.entity_deregister(actor=SYSTEM, entity=entity, on=today(), reason="注销", today=today())
    other = services.EnterpriseAccountIn(username="wang.fang", display_name="王芳", phone=MOBILE)
    with pytest.raises(Conflict) as closed:
        grant(world, entity, other)
    assert (closed.value.code, closed.value.field) == ("entity_closed", "entity")
    assert not User.objects.filter(username="wang.fang").exists()
    services.representative_revoke(actor=world.actor(Role.OFFICER), link=link, reason="已注销", today=today())


@pytest.mark.parametrize(
    ("granted_on", "field"),
    [(dt.date(2099, 1, 1), "granted_on"), (dt.date(2019, 1, 1), "granted_on")],
)
def test_grant_dates_are_checked(world: World, granted_on: dt.date, field: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.representative_grant(
            actor=world.actor(Role.OFFICER),
            entity=make_entity(world),  # established 2020-05-08
            user=enterprise(world),
            granted_on=granted_on,
            today=today(),
        )
    assert refused.value.field == field


def test_revocation_needs_a_reason_and_a_sensible_date(world: World) -> None:
    link = grant(world, make_entity(world))
    officer = world.actor(Role.OFFICER)
    with pytest.raises(ValidationFailed) as no_reason:
        services.representative_revoke(actor=officer, link=link, reason="  ", today=today())
    assert no_reason.value.field == "reason"
    for when in (today() + dt.timedelta(days=1), today() - dt.timedelta(days=1)):
        with pytest.raises(ValidationFailed) as bad_date:
            services.representative_revoke(
                actor=officer, link=link, revoked_on=when, reason="x", today=today()
            )
        assert bad_date.value.field == "revoked_on"
    link.refresh_from_db()
    assert link.revoked_on is None and not audits("registry.representative.revoked", link)


# -- API ----------------------------------------------------------------------------------


API_ENDPOINTS = [
    GridEndpoint(
        name="representatives",
        method="GET",
        url=lambda w, s: f"/api/v1/registry/entities/{entity_id(w, s)}/representatives",
    ),
    GridEndpoint(
        name="representative-grant",
        method="POST",
        url=lambda w, s: f"/api/v1/registry/entities/{entity_id(w, s)}/representatives",
        body=lambda w, s: {"username": "enterprise"},
        allowed=REGISTRARS,
        ok_status=201,
    ),
    GridEndpoint(
        name="representative-revoke",
        method="POST",
        url=lambda w, s: f"/api/v1/registry/representatives/{link_id(w, s)}/revoke",
        body=lambda w, s: {"reason": "离职 left the company"},
        allowed=REGISTRARS,
    ),
]


@pytest.mark.parametrize("case", grid_cases(API_ENDPOINTS), ids=lambda c: c.id)
def test_api_grid(world: World, case: GridCase) -> None:
    check_case(world, case)


def api_post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, body, content_type="application/json")


def test_api_grant_list_and_revoke(world: World) -> None:
    entity = make_entity(world)
    client = officer_client(world)
    base = f"/api/v1/registry/entities/{entity.pk}/representatives"
    opened = api_post(
        client,
        base,
        {
            "username": "li.na",
            "create_account": True,
            "display_name": "李娜",
            "phone": MOBILE,
            "reason": "新任",
        },
    )
    assert opened.status_code == 201, opened.content
    assert opened.json()["phone_masked"] == MASKED and opened.json()["active"] is True
    assert api_post(client, base, {"username": "enterprise"}).status_code == 201

    listed = client.get(base)
    assert listed.status_code == 200
    rows = listed.json()
    assert {r["username"] for r in rows} == {"li.na", "enterprise"} and all(r["active"] for r in rows)
    assert MOBILE not in listed.content.decode()

    revoked = api_post(client, f"/api/v1/registry/representatives/{rows[0]['id']}/revoke", {"reason": "离职"})
    assert revoked.status_code == 200, revoked.content
    assert revoked.json()["active"] is False and revoked.json()["revoked_on"] == today().isoformat()
    after = client.get(base).json()
    assert [r["active"] for r in after] == [True, False]  # current ones first


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"username": "nobody-here"}, 422, "unknown_user", "username"),
        ({"username": "officer"}, 422, "not_enterprise", "username"),
        (
            {"username": "enterprise", "create_account": True, "display_name": "王芳", "phone": MOBILE},
            409,
            "duplicate_username",
            "username",
        ),
        ({"username": "wang.fang", "create_account": True, "display_name": "王芳"}, 422, "invalid", "phone"),
        ({"username": "enterprise", "granted_on": "2099-01-01"}, 422, "invalid", "granted_on"),
    ],
)
def test_api_refusals_have_a_field_and_both_languages(
    world: World, body: dict[str, Any], status: int, code: str, field: str
) -> None:
    entity = make_entity(world)
    response = api_post(officer_client(world), f"/api/v1/registry/entities/{entity.pk}/representatives", body)
    assert response.status_code == status, response.content
    error = response.json()
    assert (error["code"], error["field"]) == (code, field)
    assert error["message_zh"] and error["message_en"]


def test_api_duplicate_grant_and_closed_entity(world: World) -> None:
    entity = make_entity(world)
    client = officer_client(world)
    path = f"/api/v1/registry/entities/{entity.pk}/representatives"
    assert api_post(client, path, {"username": "enterprise"}).status_code == 201
    duplicate = api_post(client, path, {"username": "enterprise"})
    assert duplicate.status_code == 409
    assert (duplicate.json()["code"], duplicate.json()["field"]) == ("already_representative", "username")

    closed = make_entity(world)
    services.entity_deregister(actor=SYSTEM, entity=closed, on=today(), reason="注销", today=today())
    refused = api_post(
        client, f"/api/v1/registry/entities/{closed.pk}/representatives", {"username": "enterprise"}
    )
    assert refused.status_code == 409
    assert (refused.json()["code"], refused.json()["field"]) == ("entity_closed", "entity")


def test_api_revoke_without_reason(world: World) -> None:
    link = grant(world, make_entity(world))
    response = api_post(officer_client(world), f"/api/v1/registry/representatives/{link.pk}/revoke", {})
    assert response.status_code == 422 and response.json()["field"] == "reason"
