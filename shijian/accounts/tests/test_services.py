"""Accounts services and selectors on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shijian.accounts import selectors, services
from shijian.accounts.models import OrgUnit, OrgUnitKind
from shijian.core.actor import system_actor
from shijian.core.audit.models import AuditRecord
from shijian.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from shijian.core.roles import Role
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
SYSTEM = system_actor("tests")


def test_actor_jurisdiction_follows_the_unit(world: World) -> None:
    officer = world.actor(Role.OFFICER)
    assert officer.jurisdiction_paths == (world.home_county.path,)
    assert officer.roles == frozenset({Role.OFFICER})
    city_user = services.user_create(
        actor=SYSTEM,
        username="cityman",
        password=None,
        display_name="市局",
        org_unit=world.city_bureau,
        roles=[Role.SECTION_CHIEF],
    )
    assert selectors.actor_for_user(city_user).jurisdiction_paths == (world.city.path,)


def test_scope_hides_other_counties(world: World) -> None:
    officer = world.actor(Role.OFFICER)
    visible = set(selectors.org_unit_list(actor=officer).values_list("code", flat=True))
    assert {"410305", "410305-AMR", "410305-AMR-ENF"} <= visible
    assert "410302" not in visible and "410300" not in visible
    with pytest.raises(NotFound):
        selectors.org_unit_get(actor=officer, unit_id=world.other_county.pk)
    with pytest.raises(NotFound):
        selectors.org_unit_get(actor=officer, unit_id=999_999_999)
    admin = world.actor(Role.SYSTEM_ADMIN)
    assert selectors.org_unit_get(actor=admin, unit_id=world.other_county.pk) == world.other_county
    assert not selectors.org_unit_list(actor=world.actor(Role.ENTERPRISE)).exists()


def test_org_unit_create_checks_and_audits(world: World) -> None:
    with pytest.raises(ValidationFailed) as bad_parent:
        services.org_unit_create(
            actor=SYSTEM, code="X1", name="所", kind=OrgUnitKind.OFFICE, parent=world.city
        )
    assert bad_parent.value.field == "parent"
    with pytest.raises(ValidationFailed) as bad_code:
        services.org_unit_create(
            actor=SYSTEM, code="有 空格", name="x", kind=OrgUnitKind.SECTION, parent=world.home_bureau
        )
    assert bad_code.value.field == "code"
    with pytest.raises(Conflict):
        services.org_unit_create(
            actor=SYSTEM, code="410305", name="x", kind=OrgUnitKind.COUNTY, parent=world.city
        )
    with pytest.raises(PermissionDenied):
        services.org_unit_create(
            actor=world.actor(Role.BUREAU_HEAD),
            code="S9",
            name="x",
            kind=OrgUnitKind.SECTION,
            parent=world.home_bureau,
        )
    unit = services.org_unit_create(
        actor=SYSTEM, code="410305-AMR-SJS1", name="第一所", kind=OrgUnitKind.OFFICE, parent=world.home_bureau
    )
    assert unit.path == world.home_bureau.path + "410305-AMR-SJS1/"
    record = AuditRecord.objects.get(object_type="accounts.orgunit", object_id=str(unit.pk))
    assert record.action == "accounts.org_unit.created" and record.after["name"] == "第一所"
    assert record.org_unit_path == unit.path
    assert OrgUnit.objects.get(pk=unit.pk).depth == 4


def test_staff_need_an_org_unit() -> None:
    with pytest.raises(ValidationFailed) as err:
        services.user_create(
            actor=SYSTEM, username="x", password=None, display_name="x", org_unit=None, roles=[Role.OFFICER]
        )
    assert err.value.field == "org_unit"


def test_role_grant_and_revoke_are_audited(world: World) -> None:
    user = world.users[Role.OFFICER]
    services.role_grant(actor=SYSTEM, user=user, role=Role.LEGAL_REVIEWER)
    assert Role.LEGAL_REVIEWER in selectors.actor_for_user(user).roles
    with pytest.raises(Conflict):
        services.role_grant(actor=SYSTEM, user=user, role=Role.LEGAL_REVIEWER)
    with pytest.raises(ValidationFailed):
        services.role_revoke(actor=SYSTEM, user=user, role=Role.LEGAL_REVIEWER, reason=" ")
    services.role_revoke(actor=SYSTEM, user=user, role=Role.LEGAL_REVIEWER, reason="岗位调整")
    assert Role.LEGAL_REVIEWER not in selectors.actor_for_user(user).roles
    actions = list(
        AuditRecord.objects.filter(object_id=str(user.pk), object_type="accounts.user").values_list(
            "action", flat=True
        )
    )
    assert actions[-2:] == ["accounts.role.granted", "accounts.role.revoked"]


def test_certificates_decide_who_may_inspect(world: World) -> None:
    chief = world.actor(Role.SECTION_CHIEF)
    on = dt.date(2026, 6, 1)
    valid = selectors.officers_with_valid_certificate(actor=chief, on=on)
    assert list(valid) == [world.users[Role.OFFICER]]
    assert not selectors.officers_with_valid_certificate(actor=chief, on=dt.date(2031, 1, 1)).exists()
    with pytest.raises(ValidationFailed):
        services.certificate_issue(
            actor=SYSTEM,
            user=world.users[Role.OFFICER],
            number="N2",
            issued_on=on,
            expires_on=on - dt.timedelta(days=1),
        )


def test_api_tokens_expire_and_revoke(world: World) -> None:
    user = world.users[Role.OFFICER]
    token, secret = services.api_token_create(actor=world.actor(Role.OFFICER), user=user, name="脚本")
    assert secret.startswith("sj_") and token.key_hash != secret
    assert selectors.user_for_token(secret) == user
    assert selectors.user_for_token(secret + "x") is None
    with pytest.raises(PermissionDenied):
        services.api_token_create(
            actor=world.actor(Role.OFFICER), user=world.users[Role.BUREAU_HEAD], name="x"
        )
    _t2, expiring = services.api_token_create(
        actor=SYSTEM, user=user, name="短期", expires_at=timezone.now() + dt.timedelta(hours=1)
    )
    assert selectors.user_for_token(expiring, now=timezone.now() + dt.timedelta(hours=2)) is None
    services.api_token_revoke(actor=world.actor(Role.OFFICER), token=token)
    assert selectors.user_for_token(secret) is None


def test_api_token_command_round_trip(world: World) -> None:
    import io
    import json

    from django.core.management import call_command
    from django.test import Client

    out = io.StringIO()
    call_command("api_token", "create", "officer", "--name", "数据交换", "--days", "30", "--json", stdout=out)
    created = json.loads(out.getvalue())
    client = Client()
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {created['token']}"})
    assert me.status_code == 200 and me.json()["username"] == "officer"
    call_command("api_token", "revoke", str(created["id"]), "--reason", "离职", stdout=io.StringIO())
    again = client.get("/api/v1/me", headers={"Authorization": f"Bearer {created['token']}"})
    assert again.status_code == 401


def test_demo_counties_match_the_division_snapshot() -> None:
    from shijian.accounts.demo import COUNTIES
    from shijian.core.identifiers import division_children

    current = {d.code: d.name for d in division_children("410300") if not d.is_grouping and not d.statistical}
    assert {code: name for code, name, _en in COUNTIES} == current
