"""Serious-violation list: expiry and early removal, the restriction query, the registry hooks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import override_settings

from shijian.core.actor import system_actor
from shijian.core.clock.models import Clock
from shijian.core.errors import PermissionDenied, ValidationFailed
from shijian.core.roles import Role
from shijian.credit.selectors import credit_record
from shijian.credit.serious import selectors, services
from shijian.credit.serious.domain import ListingStatus, Purpose, RepairConditions
from shijian.credit.serious.tests.helpers import (
    DECIDED_ON,
    PENALTY_ON,
    TODAY,
    approved,
    listed,
    published,
)
from shijian.registry.deregistration.services import eligibility_refusals
from shijian.registry.models import ChangeFeedEntry, PublicFact
from shijian.registry.services import PersonIn, entity_change
from shijian.testing.registry import make_entity, next_person
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
D = dt.date
SYSTEM = system_actor("tests")
ALL_MET = RepairConditions(
    restriction_ended=True, obligations_performed=True, harm_removed=True, no_new_heavier_penalty=True
)


# -- removal -------------------------------------------------------------------------------------------


def test_automatic_expiry_is_idempotent_and_takes_the_listing_off_the_portal(world: World) -> None:
    listing = published(world)
    entry = listing.listed_fact.public_fact  # type: ignore[union-attr]
    assert services.serious_expire(actor=SYSTEM, today=D(2029, 9, 14)) == []  # the last day listed
    assert services.serious_expire(actor=SYSTEM, today=D(2029, 9, 16)) == [listing.pk]
    assert services.serious_expire(actor=SYSTEM, today=D(2029, 9, 16)) == []
    listing.refresh_from_db()
    entry.refresh_from_db()
    assert listing.status == ListingStatus.REMOVED.value and listing.removal_kind == "expired"
    assert listing.removed_on == D(2029, 9, 15)
    assert entry.withdrawn_on == D(2029, 9, 16) and "期满移出" in entry.withdrawn_reason
    assert ChangeFeedEntry.objects.filter(
        uscc=listing.entity.uscc, event="fact_withdrawn", payload__fact_id=entry.pk
    ).exists()
    removed = listing.removed_fact
    assert removed is not None and removed.kind == "serious.removed" and removed.public is False
    kinds = [f.kind for f in credit_record(actor=SYSTEM, entity=listing.entity).history]
    assert kinds == ["serious.removed", "serious.listed"]


def test_an_unpublished_listing_expires_and_its_clock_stops(world: World) -> None:
    listing = listed(world)
    assert services.serious_expire(actor=SYSTEM, today=D(2029, 9, 20)) == [listing.pk]
    clock = Clock.objects.get(subject_type="credit_serious.seriouslisting", subject_id=str(listing.pk))
    assert clock.status == "stopped"


def test_early_removal_only_after_one_year_and_with_the_conditions(world: World) -> None:
    listing = published(world)
    officer = world.actor(Role.OFFICER)
    # serious.repair_after: 12 months from 2026-09-14 -> possible from 2027-09-14.
    with pytest.raises(ValidationFailed) as early:
        services.serious_remove_early(
            actor=officer,
            listing=listing,
            removed_on=D(2027, 9, 13),
            conditions=ALL_MET,
            reason="信用修复",
            today=D(2027, 9, 20),
        )
    assert early.value.field == "removed_on" and "2027-09-14" in early.value.message_zh
    unmet = RepairConditions(
        restriction_ended=True, obligations_performed=False, harm_removed=True, no_new_heavier_penalty=True
    )
    with pytest.raises(ValidationFailed) as condition:
        services.serious_remove_early(
            actor=officer,
            listing=listing,
            removed_on=D(2027, 9, 14),
            conditions=unmet,
            reason="信用修复",
            today=D(2027, 9, 20),
        )
    assert condition.value.field == "conditions.obligations_performed"
    with pytest.raises(ValidationFailed) as reason:
        services.serious_remove_early(
            actor=officer,
            listing=listing,
            removed_on=D(2027, 9, 14),
            conditions=ALL_MET,
            reason=" ",
            today=D(2027, 9, 20),
        )
    assert reason.value.field == "reason"
    removed = services.serious_remove_early(
        actor=officer,
        listing=listing,
        removed_on=D(2027, 9, 14),
        conditions=ALL_MET,
        reason="已履行行政处罚决定，完成信用修复",
        document_number="涧市监信修〔2027〕3号",
        today=D(2027, 9, 20),
    )
    assert removed.status == ListingStatus.REMOVED.value and removed.removal_kind == "early"
    assert removed.listed_fact.public_fact.withdrawn_on == D(2027, 9, 20)  # type: ignore[union-attr]
    assert removed.removed_fact.document_number == "涧市监信修〔2027〕3号"  # type: ignore[union-attr]
    assert services.serious_expire(actor=SYSTEM, today=D(2030, 1, 1)) == []
    with pytest.raises(ValidationFailed) as again:
        services.serious_remove_early(
            actor=officer,
            listing=removed,
            removed_on=D(2027, 9, 20),
            conditions=ALL_MET,
            reason="x",
            today=D(2027, 9, 20),
        )
    assert again.value.field == "status"


def test_early_removal_waits_for_the_restriction_of_the_decision(world: World) -> None:
    listing = approved(world)
    listing = services.serious_decide(
        actor=world.actor(Role.OFFICER),
        listing=listing,
        decision_number="涧市监列严〔2026〕6号",
        decided_on=DECIDED_ON,
        restriction_until=D(2028, 3, 1),
        today=TODAY,
    )
    with pytest.raises(ValidationFailed) as error:
        services.serious_remove_early(
            actor=world.actor(Role.OFFICER),
            listing=listing,
            removed_on=D(2027, 10, 1),
            conditions=ALL_MET,
            reason="修复",
            today=D(2027, 10, 1),
        )
    assert error.value.field == "conditions.restriction_ended" and "2028-03-01" in error.value.message_zh


# -- restrictions and hooks ------------------------------------------------------------------------------


def test_restriction_selector_answers_with_the_listing(world: World) -> None:
    listing = approved(world)
    listing = services.serious_decide(
        actor=world.actor(Role.OFFICER),
        listing=listing,
        decision_number="涧市监列严〔2026〕7号",
        decided_on=DECIDED_ON,
        measures=["key_supervision", "procurement"],
        today=TODAY,
    )
    reader = world.actor(Role.LEGAL_REVIEWER)
    procurement = selectors.entity_restriction(
        actor=reader, entity=listing.entity, purpose=Purpose.PROCUREMENT, on=TODAY
    )
    assert procurement.restricted and procurement.reasons[0].decision_number == "涧市监列严〔2026〕7号"
    assert "政府采购法" in procurement.reasons[0].legal_basis
    honours = selectors.entity_restriction(
        actor=reader, entity=listing.entity, purpose=Purpose.HONOURS, on=TODAY
    )
    assert not honours.restricted
    before = selectors.entity_restriction(
        actor=reader, entity=listing.entity, purpose=Purpose.PROCUREMENT, on=D(2026, 9, 13)
    )
    assert not before.restricted
    after = selectors.entity_restriction(
        actor=reader, entity=listing.entity, purpose=Purpose.PROCUREMENT, on=D(2029, 9, 15)
    )
    assert not after.restricted  # the period ended, even before the sweep ran
    with pytest.raises(PermissionDenied):
        selectors.entity_restriction(
            actor=world.actor(Role.ENTERPRISE), entity=listing.entity, purpose=Purpose.PROCUREMENT, on=TODAY
        )


def test_listed_entity_is_not_eligible_for_simplified_deregistration(world: World) -> None:
    listing = listed(world)
    refusals = eligibility_refusals(listing.entity, TODAY)
    assert [r.check_id for r in refusals] == ["credit.serious"]
    assert "涧市监列严〔2026〕1号" in refusals[0].message_zh
    assert eligibility_refusals(listing.entity, D(2026, 9, 13)) == []  # not yet listed
    with override_settings(
        SHIJIAN={**settings.SHIJIAN, "SIMPLIFIED_DEREGISTRATION_DISABLED_CHECKS": ["credit.serious"]}
    ):
        assert eligibility_refusals(listing.entity, TODAY) == []


def test_false_disclosure_bars_the_legal_representative_elsewhere(world: World) -> None:
    # A name other than the factories' default: the registry compares responsible persons by name.
    listing = listed(
        world, category="false_disclosure", entity=make_entity(world, responsible=next_person("李娜"))
    )
    assert listing.bars_person is True
    # serious.person_bar: 36 months from 2026-09-14 -> 2029-09-14.
    assert listing.person_bar_until == D(2029, 9, 14)
    person = listing.person
    assert person is not None
    same = PersonIn(name=person.name, id_number=person.id_number)
    # Registration of another enterprise with the barred person is refused, naming the listing.
    with pytest.raises(ValidationFailed) as error:
        make_entity(world, responsible=same, today=TODAY)
    assert error.value.code == "person_barred" and error.value.field == "responsible_person"
    assert listing.entity.name in error.value.message_zh and "涧市监列严〔2026〕1号" in error.value.message_zh
    assert "2029-09-14" in error.value.message_en
    # So is a change of another enterprise's legal representative to that person.
    other = make_entity(world)
    with pytest.raises(ValidationFailed) as change:
        entity_change(
            actor=SYSTEM, entity=other, changes={"responsible_person": same}, changed_on=TODAY, today=TODAY
        )
    assert change.value.code == "person_barred"
    # Early removal does not lift the bar (it runs from the decision for 3 years).
    services.serious_remove_early(
        actor=world.actor(Role.OFFICER),
        listing=listing,
        removed_on=D(2027, 9, 14),
        conditions=ALL_MET,
        reason="修复",
        today=D(2027, 9, 20),
    )
    with pytest.raises(ValidationFailed):
        make_entity(world, responsible=same, today=D(2027, 9, 20))
    # Before the decision and after the bar the person may be appointed.
    assert make_entity(world, responsible=same, today=D(2026, 9, 13)).responsible_person == person
    changed = entity_change(
        actor=SYSTEM,
        entity=other,
        changes={"responsible_person": same},
        changed_on=D(2029, 9, 15),
        today=D(2029, 9, 15),
    )
    assert changed.responsible_person == person


def test_other_categories_do_not_bar_the_person(world: World) -> None:
    listing = listed(world)
    person = listing.person
    assert person is not None
    entity = make_entity(
        world, responsible=PersonIn(name=person.name, id_number=person.id_number), today=TODAY
    )
    assert entity.responsible_person == person


def test_publication_facts_do_not_leak_to_other_entities(world: World) -> None:
    listing = published(world)
    assert PublicFact.objects.filter(kind="credit.serious").count() == 1
    assert PublicFact.objects.get(kind="credit.serious").entity_id == listing.entity_id
    assert PENALTY_ON < DECIDED_ON
