"""The enterprise pages: what can be repaired, the form with uploads, an application, withdrawal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from shijian.core.roles import Role
from shijian.credit.models import CreditFact
from shijian.credit.repair import services
from shijian.credit.repair.domain import RepairKind
from shijian.credit.repair.models import RepairApplication
from shijian.credit.repair.tests.helpers import PDF, PNG, SYSTEM, penalty
from shijian.registry.reports.tests.factories import represent
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db


def _represented_penalty(world: World, days_ago: int = 200) -> CreditFact:
    entity = make_entity(world)
    represent(entity, world.users[Role.ENTERPRISE])
    today = timezone.localdate()
    return penalty(world, entity, published_on=today - dt.timedelta(days=days_ago), number=f"罚-{entity.pk}")


def _enterprise(world: World) -> Client:
    client = Client()
    client.force_login(world.users[Role.ENTERPRISE])
    return client


def _form(fact: CreditFact, **files: bytes) -> dict[str, object]:
    data: dict[str, object] = {
        "applicant_name": fact.entity.name,
        "contact": "0379-64321234",
        "statement": "罚款已缴清",
    }
    for kind, content in files.items():
        extension = "png" if content.startswith(PNG[:8]) else "pdf"
        data[kind] = SimpleUploadedFile(f"{kind}.{extension}", content)
    return data


def test_the_overview_lists_what_can_be_repaired_and_why_not(world: World) -> None:
    ready = _represented_penalty(world)
    early = _represented_penalty(world, days_ago=30)
    page = _enterprise(world).get("/enterprise/repair/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"/enterprise/repair/apply/penalty_publicity/{ready.pk}/" in html
    assert f"/enterprise/repair/apply/penalty_publicity/{early.pk}/" in html
    assert "须公示满6个月" in html  # the early one says from when


def test_applying_with_materials_through_the_form(world: World) -> None:
    fact = _represented_penalty(world)
    client = _enterprise(world)
    url = f"/enterprise/repair/apply/penalty_publicity/{fact.pk}/"
    form = client.get(url)
    assert form.status_code == 200 and 'name="pledge"' in form.content.decode()
    response = client.post(url, _form(fact, application=PDF, pledge=PNG, performance_proof=PDF + b"1"))
    assert response.status_code == 302
    application = RepairApplication.objects.get(target_fact=fact)
    assert sorted(application.materials.values_list("kind", flat=True)) == [
        "application",
        "performance_proof",
        "pledge",
    ]
    detail = client.get(response["Location"])
    assert detail.status_code == 200 and "待受理" in detail.content.decode()
    withdrawn = client.post(response["Location"], {"action": "withdraw", "reason": "重新准备材料"})
    assert withdrawn.status_code == 302
    assert RepairApplication.objects.get(pk=application.pk).status == "withdrawn"


def test_a_bad_file_keeps_nothing_and_says_why(world: World) -> None:
    fact = _represented_penalty(world)
    response = _enterprise(world).post(
        f"/enterprise/repair/apply/penalty_publicity/{fact.pk}/",
        _form(fact, application=PDF, pledge=b"MZ\x90\x00not a pdf"),
    )
    assert response.status_code == 422
    assert 'data-field="file"' in response.content.decode()
    assert not RepairApplication.objects.filter(target_fact=fact).exists()


def test_someone_elses_penalty_is_not_there(world: World) -> None:
    stranger = make_entity(world)
    fact = penalty(world, stranger, published_on=timezone.localdate() - dt.timedelta(days=200), number="罚-x")
    client = _enterprise(world)
    assert client.get(f"/enterprise/repair/apply/penalty_publicity/{fact.pk}/").status_code == 404
    assert client.get("/enterprise/repair/apply/no_such_kind/1/").status_code == 404
    assert Client().get("/enterprise/repair/").status_code == 302  # to the sign-in page


def test_officers_accept_and_decide_on_the_staff_pages(world: World) -> None:
    fact = _represented_penalty(world)
    _enterprise(world).post(
        f"/enterprise/repair/apply/penalty_publicity/{fact.pk}/",
        _form(fact, application=PDF, pledge=PNG, performance_proof=PDF + b"2"),
    )
    application = RepairApplication.objects.get(target_fact=fact)
    officer = Client()
    officer.force_login(world.users[Role.OFFICER])
    listing = officer.get("/credit/repair/?status=submitted")
    assert listing.status_code == 200 and f"/credit/repair/{application.pk}/" in listing.content.decode()
    url = f"/credit/repair/{application.pk}/"
    assert officer.post(url, {"action": "accept"}).status_code == 302
    # Approval without confirming the performance is refused, with the reason on the page.
    refused = officer.post(url, {"action": "approve", "reason": ""})
    assert refused.status_code == 422 and "未确认已履行法定义务" in refused.content.decode()
    assert officer.post(url, {"action": "approve", "obligations_performed": "on"}).status_code == 302
    assert RepairApplication.objects.get(pk=application.pk).status == "repaired"
    # Enterprise users and officers of another county do not see staff pages.
    assert _enterprise(world).get(url).status_code == 404
    other = Client()
    other.force_login(world.users[Role.OFFICER])
    outside = make_entity(world, scope="out")
    foreign = penalty(
        world, outside, published_on=timezone.localdate() - dt.timedelta(days=200), number="罚-外"
    )
    theirs = services.repair_apply(
        actor=SYSTEM,
        kind=RepairKind.PENALTY_PUBLICITY,
        target_id=foreign.pk,
        applicant_name="外县公司",
        contact="0379-1",
        statement="申请",
        today=timezone.localdate(),
    )
    assert other.get(f"/credit/repair/{theirs.pk}/").status_code == 404
