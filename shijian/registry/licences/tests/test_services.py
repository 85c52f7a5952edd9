"""Licences on PostgreSQL: catalogue, grant and publication, commitment verification, the signal."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest

from shijian.core.actor import system_actor
from shijian.core.audit.models import AuditRecord
from shijian.core.clock.domain import ClockStatus
from shijian.core.clock.models import Clock
from shijian.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from shijian.core.roles import Role
from shijian.registry.licences import services
from shijian.registry.licences.domain import LicenceErrorCode, LicenceStatus, ReformMode, VerificationOutcome
from shijian.registry.licences.models import Licence, LicenceItem, LicenceVerification
from shijian.registry.licences.signals import commitment_broken
from shijian.registry.models import MarketEntity, PublicFact
from shijian.registry.publication import fact_kind
from shijian.testing.privacy import personal_data_found
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
D = dt.date
ISSUED = D(2026, 9, 1)  # Tuesday
# licence.commitment_verify: 30 working days (seed value), the issue day not counted. By hand:
#  09-02..09-04 (3), 09-07..09-11 (8), 09-14..09-18 (13), Sun 09-20 make-up working day (14),
#  09-21..09-24 (18); 09-25..09-27 Mid-Autumn off; 09-28..09-30 (21); 10-01..10-07 National Day off;
#  10-08, 10-09 (23), Sat 10-10 make-up working day (24), 10-12..10-16 (29), 10-19 Monday (30) -> due.
VERIFY_DUE = D(2026, 10, 19)
TODAY = D(2026, 9, 2)


def item(world: World, *, mode: ReformMode = ReformMode.COMMITMENT, code: str = "SC-001") -> LicenceItem:
    return services.licence_item_create(
        actor=world.actor(Role.BUREAU_HEAD),
        code=code,
        name="食品经营许可（仅销售预包装食品除外）",
        department="洛阳市涧西区市场监督管理局",
        legal_basis="《中华人民共和国食品安全法》第三十五条",
        reform_mode=mode,
        supervision_measure="开展“双随机、一公开”监管，对告知承诺取得许可的经营者开展全覆盖核查",
        edition="2021年全国版",
    )


def grant(world: World, entity: MarketEntity, licence_item: LicenceItem, **kwargs: Any) -> Licence:
    values: dict[str, Any] = {
        "number": "JY14103050012345",
        "scope": "预包装食品销售（含冷藏冷冻食品），散装食品销售",
        "issued_on": ISSUED,
        "expires_on": D(2031, 8, 31),
        "on_commitment": True,
        "today": TODAY,
    }
    values.update(kwargs)
    actor = values.pop("actor", world.actor(Role.OFFICER))
    return services.licence_grant(actor=actor, entity=entity, item=licence_item, **values)


@pytest.fixture
def received() -> Iterator[list[dict[str, Any]]]:
    calls: list[dict[str, Any]] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        calls.append({"sender": sender, **kwargs})

    commitment_broken.connect(receiver, weak=False)
    yield calls
    commitment_broken.disconnect(receiver)


def test_catalogue_is_edited_by_heads_and_admins_and_audited(world: World) -> None:
    created = item(world)
    assert AuditRecord.objects.filter(
        action="registry.licence_item.created", object_id=str(created.pk)
    ).exists()
    with pytest.raises(PermissionDenied):
        services.licence_item_create(
            actor=world.actor(Role.OFFICER),
            code="SC-002",
            name="x",
            department="x",
            legal_basis="x",
            reform_mode=ReformMode.OPTIMISED,
            supervision_measure="x",
        )
    with pytest.raises(Conflict) as err:
        item(world)
    assert err.value.code == LicenceErrorCode.DUPLICATE_CODE
    with pytest.raises(ValidationFailed) as verr:
        services.licence_item_create(
            actor=system_actor("tests"),
            code="SC-003",
            name="x",
            department="x",
            legal_basis="x",
            reform_mode=ReformMode.COMMITMENT,
            supervision_measure="x",
            verify_rule_id="no.such.rule",
        )
    assert verr.value.field == "verify_rule_id"
    updated = services.licence_item_update(actor=world.actor(Role.SYSTEM_ADMIN), item=created, active=False)
    assert updated.active is False
    change = AuditRecord.objects.get(action="registry.licence_item.changed")
    assert change.before["active"] is True and change.after["active"] is False


def test_grant_publishes_the_licence_without_personal_data(world: World) -> None:
    entity = make_entity(world)
    licence = grant(world, entity, item(world, mode=ReformMode.OPTIMISED), on_commitment=False)
    fact = PublicFact.objects.get(pk=licence.fact_id)
    assert fact.kind == "registry.licence" and fact_kind(fact.kind).section == "licences"
    assert (
        fact.document_number == "JY14103050012345" and fact.source_department == "洛阳市涧西区市场监督管理局"
    )
    assert fact.body["item"].startswith("食品经营许可") and fact.body["expires_on"] == "2031-08-31"
    text = json.dumps(fact.body, ensure_ascii=False) + fact.title
    assert personal_data_found(text) == []
    assert entity.responsible_person.name not in text and entity.supervisor_path not in text
    assert not LicenceVerification.objects.exists()
    assert AuditRecord.objects.filter(action="registry.licence.granted", object_id=str(licence.pk)).exists()


def test_commitment_grant_opens_a_verification_with_a_clock(world: World) -> None:
    entity = make_entity(world)
    licence = grant(world, entity, item(world), assignee_user_id=world.users[Role.OFFICER].pk)
    verification = LicenceVerification.objects.get(licence=licence)
    clock = Clock.objects.get(pk=verification.clock_id)
    assert clock.subject_type == "registry_licences.verification" and clock.subject_id == str(verification.pk)
    assert clock.rule_id == "licence.commitment_verify" and clock.org_unit_path == entity.supervisor_path
    assert clock.due_date == VERIFY_DUE and verification.due_on == VERIFY_DUE
    assert clock.assignee_user_id == world.users[Role.OFFICER].pk
    audit = AuditRecord.objects.get(action="registry.licence.granted")
    assert audit.after["verification"]["due_on"] == "2026-10-19"


def test_kept_commitment_stops_the_clock_without_a_signal(
    world: World, received: list[dict[str, Any]]
) -> None:
    licence = grant(world, make_entity(world), item(world))
    verification = services.verification_record(
        actor=world.actor(Role.OFFICER),
        verification=licence.verification,
        outcome=VerificationOutcome.KEPT,
        found_on=D(2026, 9, 15),
        today=D(2026, 9, 15),
    )
    assert verification.outcome == "kept" and verification.late is False
    assert Clock.objects.get(pk=verification.clock_id).status == ClockStatus.COMPLETED
    assert received == []
    with pytest.raises(Conflict) as err:
        services.verification_record(
            actor=world.actor(Role.OFFICER),
            verification=verification,
            outcome=VerificationOutcome.BROKEN,
            found_on=D(2026, 9, 16),
            note="x",
            today=D(2026, 9, 16),
        )
    assert err.value.code == LicenceErrorCode.ALREADY_VERIFIED


def test_broken_commitment_sends_the_signal_and_publishes_nothing_more(
    world: World, received: list[dict[str, Any]]
) -> None:
    entity = make_entity(world)
    licence = grant(world, entity, item(world))
    facts_before = PublicFact.objects.filter(entity=entity).count()
    with pytest.raises(ValidationFailed):  # findings are required
        services.verification_record(
            actor=world.actor(Role.OFFICER),
            verification=licence.verification,
            outcome=VerificationOutcome.BROKEN,
            found_on=D(2026, 10, 20),
            today=D(2026, 10, 20),
        )
    verification = services.verification_record(
        actor=world.actor(Role.OFFICER),
        verification=licence.verification,
        outcome=VerificationOutcome.BROKEN,
        found_on=D(2026, 10, 20),
        note="现场无冷藏设施，与承诺的经营条件不符",
        today=D(2026, 10, 20),
    )
    assert verification.late is True  # one day after 2026-10-19
    assert len(received) == 1
    call = received[0]
    assert call["sender"] is LicenceVerification and call["verification"].pk == verification.pk
    assert call["licence"].pk == licence.pk and call["entity"].pk == entity.pk
    assert call["found_on"] == D(2026, 10, 20) and "冷藏" in call["note"]
    # The registry publishes nothing of its own (the credit app, listening, records a credit fact).
    registry_facts = PublicFact.objects.filter(entity=entity).exclude(kind__startswith="credit.")
    assert registry_facts.count() == facts_before
    assert AuditRecord.objects.filter(action="registry.licence.verified").get().reason == "broken"


def test_a_failing_receiver_rolls_the_outcome_back(world: World) -> None:
    licence = grant(world, make_entity(world), item(world))

    def broken_receiver(sender: Any, **kwargs: Any) -> None:
        raise RuntimeError("credit app down")

    commitment_broken.connect(broken_receiver, weak=False)
    try:
        with pytest.raises(RuntimeError):
            services.verification_record(
                actor=world.actor(Role.OFFICER),
                verification=licence.verification,
                outcome=VerificationOutcome.BROKEN,
                found_on=D(2026, 9, 10),
                note="与承诺不符",
                today=D(2026, 9, 10),
            )
    finally:
        commitment_broken.disconnect(broken_receiver)
    assert LicenceVerification.objects.get(licence=licence).outcome == "pending"


def test_grant_permissions_and_refusals(world: World) -> None:
    commitment_item = item(world)
    with pytest.raises(NotFound):
        grant(world, make_entity(world, scope="out"), commitment_item)
    with pytest.raises(PermissionDenied):
        grant(world, make_entity(world), commitment_item, actor=world.actor(Role.LEGAL_REVIEWER))
    with pytest.raises(NotFound):
        grant(world, make_entity(world), commitment_item, actor=world.actor(Role.ENTERPRISE))
    abolished = item(world, mode=ReformMode.ABOLISHED, code="SC-009")
    with pytest.raises(Conflict):
        grant(world, make_entity(world), abolished, on_commitment=False)
    optimised = item(world, mode=ReformMode.OPTIMISED, code="SC-010")
    with pytest.raises(ValidationFailed):
        grant(world, make_entity(world), optimised)
    entity = make_entity(world)
    grant(world, entity, commitment_item)
    with pytest.raises(Conflict) as err:
        grant(world, entity, commitment_item)
    assert err.value.code == LicenceErrorCode.DUPLICATE_NUMBER


def test_status_change_republishes(world: World) -> None:
    licence = grant(world, make_entity(world), item(world, mode=ReformMode.OPTIMISED), on_commitment=False)
    old = licence.fact_id
    changed = services.licence_status_change(
        actor=world.actor(Role.OFFICER),
        licence=licence,
        status=LicenceStatus.REVOKED,
        on=D(2026, 9, 2),
        reason="以欺骗手段取得许可，依法撤销",
        today=TODAY,
    )
    assert PublicFact.objects.get(pk=old).withdrawn_on == TODAY
    fact = PublicFact.objects.get(pk=changed.fact_id)
    assert fact.title.endswith("（撤销（吊销））") and fact.body["status"] == "revoked"
    with pytest.raises(Conflict):
        services.licence_status_change(
            actor=world.actor(Role.OFFICER),
            licence=changed,
            status=LicenceStatus.VALID,
            on=TODAY,
            reason="x",
            today=TODAY,
        )
    with pytest.raises(ValidationFailed):
        services.licence_status_change(
            actor=world.actor(Role.OFFICER),
            licence=changed,
            status=LicenceStatus.CANCELLED,
            on=TODAY,
            reason=" ",
            today=TODAY,
        )
