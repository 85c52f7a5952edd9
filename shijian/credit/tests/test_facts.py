"""Credit facts on PostgreSQL: provenance, publication, immutability, corrections, revocations, the grid."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import DatabaseError, transaction
from django.test import Client

from shijian.core.actor import system_actor
from shijian.core.audit.models import AuditRecord
from shijian.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from shijian.core.roles import Role
from shijian.credit import services
from shijian.credit.models import CreditFact
from shijian.credit.selectors import credit_record, facts_in_force
from shijian.credit.signals import credit_fact_recorded
from shijian.registry.licences import services as licence_services
from shijian.registry.licences.domain import ReformMode, VerificationOutcome
from shijian.registry.models import ChangeFeedEntry, PublicFact
from shijian.testing.grid import STAFF, GridCase, GridEndpoint, check_case, client_for, grid_cases
from shijian.testing.privacy import personal_data_found
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 11, 20)
SYSTEM = system_actor("tests")
CREDIT_OFFICERS = frozenset({Role.OFFICER, Role.SECTION_CHIEF, Role.BUREAU_HEAD, Role.SYSTEM_ADMIN})


def penalty(world: World, **overrides: Any) -> CreditFact:
    values: dict[str, Any] = {
        "actor": world.actor(Role.OFFICER),
        "entity": overrides.pop("entity", None) or make_entity(world),
        "kind": "penalty",
        "title": "销售不符合食品安全标准的食品",
        "decided_on": D(2026, 10, 12),
        "source_department": "洛阳市涧西区市场监督管理局",
        "document_number": "涧市监处罚〔2026〕15号",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
        "body": {"fine_yuan": 50000, "party_phone": "13912345678"},
        "today": TODAY,
    }
    values.update(overrides)
    return services.credit_fact_record(**values)


def test_public_fact_reaches_the_portal_with_provenance_and_the_feed(world: World, client: Client) -> None:
    heard: list[CreditFact] = []

    def listener(sender: Any, fact: CreditFact, **_: Any) -> None:
        heard.append(fact)

    credit_fact_recorded.connect(listener, weak=False)
    try:
        fact = penalty(world)
    finally:
        credit_fact_recorded.disconnect(listener)
    assert heard == [fact]
    assert fact.public and fact.category == "penalty" and fact.severity == "general"
    entry = fact.public_fact
    assert entry is not None and entry.kind == "credit.penalty"
    assert entry.document_number == "涧市监处罚〔2026〕15号"
    assert entry.body["party_phone"] == "139****5678"  # masked on the portal, kept for officers
    assert fact.body["party_phone"] == "13912345678"
    assert entry.public_until is not None and entry.public_until > TODAY  # penalty.publicity window
    page = client.get(f"/entities/{fact.entity.uscc}/")
    text = page.content.decode()
    assert "销售不符合食品安全标准的食品" in text and "涧市监处罚〔2026〕15号" in text
    assert "洛阳市涧西区市场监督管理局" in text
    assert personal_data_found(text) == []
    event = ChangeFeedEntry.objects.filter(uscc=fact.entity.uscc, event="fact_published").get()
    assert event.payload["document_number"] == "涧市监处罚〔2026〕15号"
    assert AuditRecord.objects.filter(action="credit.fact.recorded", object_id=str(fact.pk)).count() == 1


def test_internal_kinds_stay_internal(world: World) -> None:
    entity = make_entity(world)
    fact = services.credit_fact_record(
        actor=world.actor(Role.OFFICER),
        entity=entity,
        kind="complaint.received",
        title="消费者投诉：预付卡退费",
        decided_on=D(2026, 11, 2),
        source_department="12315",
        today=TODAY,
    )
    assert fact.public is False and fact.public_fact is None
    assert not PublicFact.objects.filter(entity=entity).exclude(kind="registry.lifecycle").exists()
    with pytest.raises(ValidationFailed) as error:
        services.credit_fact_record(
            actor=world.actor(Role.OFFICER),
            entity=entity,
            kind="complaint.received",
            title="投诉",
            decided_on=D(2026, 11, 2),
            source_department="12315",
            document_number="X-1",
            public=True,
            today=TODAY,
        )
    assert error.value.field == "public"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "no.such.kind"}, "kind"),
        ({"title": "  "}, "title"),
        ({"source_department": ""}, "source_department"),
        ({"document_number": ""}, "document_number"),
        ({"decided_on": D(2026, 11, 21)}, "decided_on"),
        ({"decided_on": D(2019, 1, 1)}, "decided_on"),  # before the entity was established (2020-05-08)
    ],
)
def test_provenance_is_required(world: World, overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        penalty(world, **overrides)
    assert error.value.field == field
    assert error.value.message_zh and error.value.message_en
    assert not CreditFact.objects.exists()


def test_person_facts_only_for_kinds_that_allow_them(world: World) -> None:
    entity = make_entity(world)
    fact = penalty(world, entity=entity, person=entity.responsible_person)
    assert fact.person_id == entity.responsible_person_id
    with pytest.raises(ValidationFailed) as error:
        services.credit_fact_record(
            actor=world.actor(Role.OFFICER),
            entity=entity,
            kind="sampling.failed",
            title="抽检不合格",
            decided_on=D(2026, 11, 2),
            source_department="洛阳市市场监督管理局",
            document_number="洛市监抽〔2026〕3号",
            person=entity.responsible_person,
            today=TODAY,
        )
    assert error.value.field == "person"


def test_facts_are_immutable_in_the_database(world: World) -> None:
    fact = penalty(world)
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        CreditFact.objects.filter(pk=fact.pk).update(title="改过的标题")
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        CreditFact.objects.filter(pk=fact.pk).delete()
    assert CreditFact.objects.get(pk=fact.pk).title == "销售不符合食品安全标准的食品"


def test_correction_replaces_the_fact_everywhere(world: World, client: Client) -> None:
    old = penalty(world)
    new = services.credit_fact_correct(
        actor=world.actor(Role.SECTION_CHIEF),
        fact=old,
        reason="文书号录入错误",
        document_number="涧市监处罚〔2026〕16号",
        today=TODAY,
    )
    assert new.supersedes_id == old.pk and new.relation == "corrects"
    assert new.title == old.title and new.decided_on == old.decided_on  # carried over
    assert list(facts_in_force().filter(entity=old.entity)) == [new]
    old_entry = PublicFact.objects.get(pk=old.public_fact_id)
    assert old_entry.withdrawn_on == TODAY and "文书号录入错误" in old_entry.withdrawn_reason
    text = client.get(f"/entities/{old.entity.uscc}/").content.decode()
    assert "涧市监处罚〔2026〕16号" in text and "涧市监处罚〔2026〕15号" not in text
    with pytest.raises(Conflict) as error:
        services.credit_fact_correct(actor=world.actor(Role.OFFICER), fact=old, reason="再改", today=TODAY)
    assert error.value.code == "already_superseded"
    with pytest.raises(ValidationFailed) as reason_error:
        services.credit_fact_correct(actor=world.actor(Role.OFFICER), fact=new, reason=" ", today=TODAY)
    assert reason_error.value.field == "reason"


def test_revocation_takes_the_fact_off_and_is_final(world: World) -> None:
    fact = penalty(world)
    revocation = services.credit_fact_revoke(
        actor=world.actor(Role.OFFICER),
        fact=fact,
        reason="行政复议决定撤销原处罚决定",
        decided_on=D(2026, 11, 18),
        document_number="洛政复决〔2026〕88号",
        today=TODAY,
    )
    assert revocation.relation == "revokes" and revocation.public is False
    assert not facts_in_force().filter(entity=fact.entity).exists()
    assert PublicFact.objects.get(pk=fact.public_fact_id).withdrawn_on == TODAY
    record = credit_record(actor=world.actor(Role.LEGAL_REVIEWER), entity=fact.entity)
    assert [f.pk for f in record.history] == [revocation.pk, fact.pk] and record.in_force == []
    with pytest.raises(Conflict) as error:
        services.credit_fact_revoke(
            actor=world.actor(Role.OFFICER), fact=revocation, reason="x", decided_on=TODAY, today=TODAY
        )
    assert error.value.code == "revocation_final"


def test_only_officers_of_the_jurisdiction_record(world: World) -> None:
    outside = make_entity(world, scope="out")
    with pytest.raises(NotFound):
        penalty(world, entity=outside)
    with pytest.raises(PermissionDenied):
        penalty(world, actor=world.actor(Role.LEGAL_REVIEWER))
    with pytest.raises(NotFound):
        credit_record(actor=world.actor(Role.OFFICER), entity=outside)


def test_a_broken_licence_commitment_becomes_a_public_credit_fact(world: World) -> None:
    entity = make_entity(world)
    item = licence_services.licence_item_create(
        actor=world.actor(Role.BUREAU_HEAD),
        code="SC-009",
        name="食品经营许可",
        department="洛阳市涧西区市场监督管理局",
        legal_basis="《中华人民共和国食品安全法》第三十五条",
        reform_mode=ReformMode.COMMITMENT,
        supervision_measure="对告知承诺取得许可的经营者开展全覆盖核查",
    )
    licence = licence_services.licence_grant(
        actor=world.actor(Role.OFFICER),
        entity=entity,
        item=item,
        number="JY14103050099999",
        scope="预包装食品销售",
        issued_on=D(2026, 9, 1),
        expires_on=D(2031, 8, 31),
        on_commitment=True,
        today=D(2026, 9, 2),
    )
    licence_services.verification_record(
        actor=world.actor(Role.OFFICER),
        verification=licence.verification,
        outcome=VerificationOutcome.BROKEN,
        found_on=D(2026, 10, 20),
        note="现场无冷藏设施，与承诺的经营条件不符",
        today=D(2026, 10, 20),
    )
    fact = CreditFact.objects.get(entity=entity)
    assert fact.kind == "licence.commitment_broken" and fact.decided_on == D(2026, 10, 20)
    assert fact.document_number == "JY14103050099999" and "冷藏" in fact.body["findings"]
    assert fact.source_type == "registry_licences.licenceverification"
    assert fact.public_fact is not None and fact.public_fact.kind == "credit.other"


# -- API ----------------------------------------------------------------------------------


def entity_id(world: World, scope: str) -> int:
    return make_entity(world, scope=scope).pk


def fact_id(world: World, scope: str) -> int:
    return penalty(world, actor=SYSTEM, entity=make_entity(world, scope=scope)).pk


FACT_BODY = {
    "kind": "other_department",
    "title": "欠缴社会保险费",
    "decided_on": "2026-11-02",
    "source_department": "洛阳市人力资源和社会保障局",
    "document_number": "洛人社监〔2026〕7号",
}

ENDPOINTS = [
    GridEndpoint(name="kinds", method="GET", url=lambda w, s: "/api/v1/credit/kinds", scoped=False),
    GridEndpoint(
        name="record", method="GET", url=lambda w, s: f"/api/v1/credit/entities/{entity_id(w, s)}/facts"
    ),
    GridEndpoint(
        name="record-fact",
        method="POST",
        url=lambda w, s: f"/api/v1/credit/entities/{entity_id(w, s)}/facts",
        body=lambda w, s: FACT_BODY,
        allowed=CREDIT_OFFICERS,
        ok_status=201,
    ),
    GridEndpoint(
        name="correct",
        method="POST",
        url=lambda w, s: f"/api/v1/credit/facts/{fact_id(w, s)}/correct",
        body=lambda w, s: {"reason": "金额有误", "body": {"fine_yuan": 30000}},
        allowed=CREDIT_OFFICERS,
        ok_status=201,
    ),
    GridEndpoint(
        name="revoke",
        method="POST",
        url=lambda w, s: f"/api/v1/credit/facts/{fact_id(w, s)}/revoke",
        body=lambda w, s: {"reason": "复议撤销", "decided_on": "2026-11-18"},
        allowed=CREDIT_OFFICERS,
        ok_status=201,
    ),
]


@pytest.mark.parametrize("case", grid_cases(ENDPOINTS), ids=lambda c: c.id)
def test_api_grid(world: World, case: GridCase) -> None:
    check_case(world, case)


def test_api_record_lists_history_with_relations(world: World) -> None:
    fact = penalty(world)
    client, headers = client_for(world, Role.OFFICER.value, "api")
    corrected = client.post(
        f"/api/v1/credit/facts/{fact.pk}/correct",
        {"reason": "金额有误", "body": {"fine_yuan": 30000}},
        content_type="application/json",
        headers=headers,
    )
    assert corrected.status_code == 201, corrected.content
    answer = client.get(f"/api/v1/credit/entities/{fact.entity_id}/facts", headers=headers).json()
    assert [(f["id"], f["in_force"], f["relation"]) for f in answer["facts"]] == [
        (corrected.json()["id"], True, "corrects"),
        (fact.pk, False, ""),
    ]
    assert answer["facts"][0]["body"] == {"fine_yuan": 30000}
    refused = client.post(
        f"/api/v1/credit/entities/{fact.entity_id}/facts",
        {**FACT_BODY, "document_number": ""},
        content_type="application/json",
        headers=headers,
    )
    assert refused.status_code == 422
    assert refused.json()["field"] == "document_number" and refused.json()["message_en"]


def test_grid_covers_staff_roles() -> None:
    assert CREDIT_OFFICERS < STAFF
