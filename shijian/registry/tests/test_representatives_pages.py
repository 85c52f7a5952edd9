"""Enterprise representatives on the officer entity page, and access ending with a revocation."""

from __future__ import annotations

import pytest
from django.test import Client

from shijian.accounts.models import User
from shijian.accounts.services import user_create
from shijian.core.roles import Role
from shijian.registry import services
from shijian.registry.models import EntityRepresentative
from shijian.registry.tests.representative_helpers import (
    MASKED,
    MOBILE,
    REGISTRARS,
    SYSTEM,
    enterprise,
    entity_id,
    grant,
    officer_client,
    represented,
    today,
)
from shijian.testing.grid import (
    ANONYMOUS,
    GridCase,
    GridEndpoint,
    client_for,
    expected_status,
    grid_cases,
)
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db


# -- the staff page -------------------------------------------------------------------------


def staff_page(entity_pk: int) -> str:
    return f"/registry/entities/{entity_pk}/"


PAGE_ENDPOINTS = [
    GridEndpoint(
        name="page-grant",
        method="POST",
        url=lambda w, s: staff_page(entity_id(w, s)),
        body=lambda w, s: {"action": "grant", "username": "enterprise"},
        kind="page",
        allowed=REGISTRARS,
        ok_status=302,
    ),
    GridEndpoint(
        name="page-revoke",
        method="POST",
        url=lambda w, s: "",  # built in the test: the link belongs to the page's entity
        kind="page",
        allowed=REGISTRARS,
        ok_status=302,
    ),
]


@pytest.mark.parametrize("case", grid_cases(PAGE_ENDPOINTS), ids=lambda c: c.id)
def test_page_forms_grid(world: World, case: GridCase) -> None:
    """The page's forms are posted as forms (the shared ``check_case`` posts JSON).

    Enterprise users get 404 (the staff page does not exist for them) where the
    grid's default for a role not admitted is 403, kept for staff who may read
    the entity but not grant (the legal reviewer).
    """
    entity = make_entity(world, scope=case.scope)
    if case.endpoint.name == "page-grant":
        data = {"action": "grant", "username": "enterprise"}
    else:
        link = services.representative_grant(
            actor=SYSTEM, entity=entity, user=enterprise(world), today=today()
        )
        data = {"action": "revoke", "link": str(link.pk), "reason": "离职"}
    client, _headers = client_for(world, case.role, "page")
    response = client.post(staff_page(entity.pk), data)
    # Staff pages are not there for enterprise users and other departments' accounts.
    outsiders = (Role.ENTERPRISE.value, Role.PARTNER_DEPARTMENT.value)
    want = 404 if case.role in outsiders else expected_status(case)
    assert response.status_code == want, f"{case.id}: {response.status_code} {response.content[:300]!r}"
    if case.role == ANONYMOUS:
        assert "/login/" in response["Location"]
    elif want == 302:
        assert response["Location"] == staff_page(entity.pk)
    links = EntityRepresentative.objects.filter(entity=entity)
    if case.endpoint.name == "page-grant":
        assert links.exists() == (want == 302 and case.role != ANONYMOUS)
    else:
        assert links.filter(revoked_on__isnull=False).exists() == (want == 302 and case.role != ANONYMOUS)


def test_page_lists_representatives_with_masked_phones_and_forms(world: World) -> None:
    entity = make_entity(world)
    link = grant(
        world, entity, services.EnterpriseAccountIn(username="li.na", display_name="李娜", phone=MOBILE)
    )
    html = officer_client(world).get(staff_page(entity.pk)).content.decode()
    assert "企业联络员 representatives" in html and f'id="representative-{link.pk}"' in html
    assert "li.na" in html and "李娜" in html and MASKED in html and MOBILE not in html
    assert 'id="grant-form"' in html and 'name="csrfmiddlewaretoken"' in html and "revoke-form" in html

    reviewer = officer_client(world, Role.LEGAL_REVIEWER).get(staff_page(entity.pk)).content.decode()
    assert "li.na" in reviewer and 'id="grant-form"' not in reviewer and "revoke-form" not in reviewer


def test_page_grant_and_revoke_redirect_with_a_message(world: World) -> None:
    entity = make_entity(world)
    client = officer_client(world)
    granted = client.post(
        staff_page(entity.pk),
        {
            "action": "grant",
            "username": "li.na",
            "create_account": "1",
            "display_name": "李娜",
            "phone": MOBILE,
        },
        follow=True,
    )
    assert granted.redirect_chain == [(staff_page(entity.pk), 302)]
    html = granted.content.decode()
    assert "已开设企业用户账号" in html and "li.na" in html and "administrator sets it" in html
    link = EntityRepresentative.objects.get(entity=entity, user__username="li.na")

    revoked = client.post(
        staff_page(entity.pk), {"action": "revoke", "link": str(link.pk), "reason": "离职"}, follow=True
    )
    assert revoked.redirect_chain == [(staff_page(entity.pk), 302)]
    assert "已撤销" in revoked.content.decode() and "已撤销 revoked" in revoked.content.decode()
    link.refresh_from_db()
    assert link.revoked_on == today()
    history = client.get(f"/history/registry.entityrepresentative/{link.pk}/").content.decode()
    assert "registry.representative.granted" in history and "registry.representative.revoked" in history
    # The link's history belongs to the entity's supervising unit: another county's officer gets 404.
    other_officer = user_create(
        actor=SYSTEM,
        username="other-county-officer",
        password=None,
        display_name="老城区执法人员",
        org_unit=world.other_bureau,
        roles=[Role.OFFICER],
    )
    outsider = Client()
    outsider.force_login(other_officer)
    assert outsider.get(f"/history/registry.entityrepresentative/{link.pk}/").status_code == 404
    assert outsider.get(staff_page(entity.pk)).status_code == 404


def test_page_errors_are_shown_next_to_the_form_in_both_languages(world: World) -> None:
    entity = make_entity(world)
    client = officer_client(world)
    response = client.post(staff_page(entity.pk), {"action": "grant", "username": "officer"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="grant-error"' in html
    assert "机关工作人员账号" in html and "is a staff account" in html
    assert 'value="officer"' in html  # the input is kept

    bad_date = client.post(
        staff_page(entity.pk), {"action": "grant", "username": "enterprise", "granted_on": "1.2."}
    )
    assert bad_date.status_code == 422 and "YYYY-MM-DD" in bad_date.content.decode()

    link = grant(world, entity)
    no_reason = client.post(staff_page(entity.pk), {"action": "revoke", "link": str(link.pk), "reason": ""})
    assert no_reason.status_code == 422
    assert (
        'id="revoke-error"' in no_reason.content.decode()
        and "a reason is required" in no_reason.content.decode()
    )


def test_page_refuses_links_of_other_entities_and_unknown_actions(world: World) -> None:
    entity = make_entity(world)
    other_link = grant(world, make_entity(world))
    client = officer_client(world)
    response = client.post(
        staff_page(entity.pk), {"action": "revoke", "link": str(other_link.pk), "reason": "x"}
    )
    assert response.status_code == 404
    assert (
        client.post(staff_page(entity.pk), {"action": "revoke", "link": "x", "reason": "x"}).status_code
        == 404
    )
    assert client.post(staff_page(entity.pk), {"action": "delete"}).status_code == 400
    other_link.refresh_from_db()
    assert other_link.revoked_on is None


def test_page_forms_need_the_csrf_token(world: World) -> None:
    entity = make_entity(world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users[Role.OFFICER])
    response = client.post(staff_page(entity.pk), {"action": "grant", "username": "enterprise"})
    assert response.status_code == 403
    assert not EntityRepresentative.objects.filter(entity=entity).exists()


# -- access ends with the revocation ----------------------------------------------------------


def test_a_revoked_representative_loses_the_enterprise_pages_and_api_at_once(world: World) -> None:
    entity = make_entity(world)
    user = enterprise(world)
    officer = officer_client(world)
    officer.post(staff_page(entity.pk), {"action": "grant", "username": user.username})
    link = EntityRepresentative.objects.get(entity=entity, user=user)
    # A second, current representative of the same entity must not keep the first one's access.
    grant(world, entity, services.EnterpriseAccountIn(username="li.na", display_name="李娜", phone=MOBILE))

    client = Client()
    client.force_login(user)
    pages = [
        f"/enterprise/entities/{entity.pk}/",
        f"/enterprise/entities/{entity.pk}/annual-report/",
        f"/enterprise/entities/{entity.pk}/disclosure/",
        f"/api/v1/enterprise/entities/{entity.pk}",
        f"/api/v1/enterprise/entities/{entity.pk}/licences",
    ]
    assert entity.name in client.get("/enterprise/").content.decode()
    assert [client.get(path).status_code for path in pages] == [200] * len(pages)
    assert [e["id"] for e in client.get("/api/v1/enterprise/entities").json()] == [entity.pk]

    revoked = officer.post(
        staff_page(entity.pk), {"action": "revoke", "link": str(link.pk), "reason": "离职"}
    )
    assert revoked.status_code == 302

    # The same session, the next request: the entity is gone.
    assert entity.name not in client.get("/enterprise/").content.decode()
    assert [client.get(path).status_code for path in pages] == [404] * len(pages)
    assert client.get("/api/v1/enterprise/entities").json() == []
    filed = client.post(
        f"/api/v1/enterprise/entities/{entity.pk}/disclosures",
        {"kind": "penalty", "formed_on": today().isoformat()},
        content_type="application/json",
    )
    assert filed.status_code == 404
    assert represented(world) == []
    # The other representative still acts for the entity.
    assert represented(world, User.objects.get(username="li.na")) == [entity.pk]
