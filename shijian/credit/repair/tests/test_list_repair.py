"""Repairs of the lists: abnormal-list removal, an individual business's status, early serious removal."""

from __future__ import annotations

import datetime as dt

import pytest

from shijian.core.errors import Conflict
from shijian.core.roles import Role
from shijian.credit.abnormal.models import AbnormalListing
from shijian.credit.abnormal.tests.factories import individual, list_for_report
from shijian.credit.domain import Severity
from shijian.credit.repair import services
from shijian.credit.repair.domain import ApplicationStatus, RepairKind
from shijian.credit.repair.models import RepairApplication
from shijian.credit.repair.tests.helpers import apply, false_disclosure_listing, penalty
from shijian.credit.serious.models import SeriousListing
from shijian.credit.serious.tests.helpers import listed_a_year_ago
from shijian.registry.models import ChangeFeedEntry, PublicFact
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
D = dt.date


def _unmet(exc: pytest.ExceptionInfo[Conflict]) -> set[str]:
    return {c["code"] for c in exc.value.details["checks"] if not c["passed"]}


def _accept_and_decide(
    world: World, application: RepairApplication, today: dt.date, **decision: object
) -> RepairApplication:
    officer = world.actor(Role.OFFICER)
    application = services.repair_accept(
        actor=officer, application=application, accept=True, reason="", today=today
    )
    return services.repair_decide(
        actor=officer, application=application, approve=True, reason="核实属实", today=today, **decision
    )


def test_an_enterprise_is_removed_from_the_abnormal_list(world: World) -> None:
    entity = make_entity(world)
    listing = false_disclosure_listing(world, entity)
    application = apply(
        world, entity, RepairKind.ABNORMAL_REMOVAL, listing.pk, today=D(2026, 3, 16), cured_on=D(2026, 3, 13)
    )
    application = _accept_and_decide(world, application, D(2026, 3, 17))
    assert application.status == ApplicationStatus.REPAIRED.value
    listing = AbnormalListing.objects.get(pk=listing.pk)
    assert listing.status == "removed" and listing.removed_on == D(2026, 3, 17)
    assert listing.cured_on == D(2026, 3, 13)
    assert listing.removal_fact_id is not None
    assert application.result_fact is not None
    assert application.result_fact.body["removal_fact"] == listing.removal_fact_id
    entry = PublicFact.objects.get(pk=listing.fact.public_fact_id)  # type: ignore[union-attr]
    assert entry.withdrawn_on == D(2026, 3, 17)
    assert ChangeFeedEntry.objects.filter(
        uscc=entity.uscc, event="fact_withdrawn", payload__cause="credit_repair"
    ).exists()


def test_an_enterprise_cannot_ask_for_status_restoration(world: World) -> None:
    entity = make_entity(world)
    listing = false_disclosure_listing(world, entity)
    with pytest.raises(Conflict) as refused:
        apply(world, entity, RepairKind.STATUS_RESTORATION, listing.pk, today=D(2026, 3, 16))
    assert _unmet(refused) == {"right_kind"}
    assert "个体工商户" in refused.value.message_zh


def test_an_individual_business_gets_its_normal_status_back(world: World) -> None:
    shop = individual(world)
    listing = false_disclosure_listing(world, shop)
    with pytest.raises(Conflict) as wrong:
        apply(world, shop, RepairKind.ABNORMAL_REMOVAL, listing.pk, today=D(2026, 3, 16))
    assert _unmet(wrong) == {"right_kind"}
    application = apply(world, shop, RepairKind.STATUS_RESTORATION, listing.pk, today=D(2026, 3, 16))
    application = _accept_and_decide(world, application, D(2026, 3, 18))
    assert application.status == ApplicationStatus.REPAIRED.value
    assert AbnormalListing.objects.get(pk=listing.pk).status == "removed"


def test_a_missing_report_must_be_filed_first(world: World) -> None:
    entity = make_entity(world)
    listing = list_for_report(world, entity)
    with pytest.raises(Conflict) as refused:
        apply(world, entity, RepairKind.ABNORMAL_REMOVAL, listing.pk, today=D(2026, 7, 13))
    assert _unmet(refused) == {"cured"}
    assert "补报并公示年度报告" in refused.value.message_zh


def test_a_removed_listing_cannot_be_repaired_again(world: World) -> None:
    entity = make_entity(world)
    listing = false_disclosure_listing(world, entity)
    _accept_and_decide(
        world,
        apply(world, entity, RepairKind.ABNORMAL_REMOVAL, listing.pk, today=D(2026, 3, 16)),
        D(2026, 3, 16),
    )
    with pytest.raises(Conflict) as refused:
        apply(world, entity, RepairKind.ABNORMAL_REMOVAL, listing.pk, today=D(2026, 3, 20), materials=())
    assert _unmet(refused) == {"listed"}


def test_serious_listing_ends_early_after_a_year(world: World) -> None:
    entity = make_entity(world)
    listing = listed_a_year_ago(world, entity)  # decided Tue 2025-09-15
    with pytest.raises(Conflict) as early:
        apply(world, entity, RepairKind.SERIOUS_EARLY, listing.pk, today=D(2026, 9, 14))
    assert _unmet(early) == {"listed_long_enough"}
    assert "2026-09-15" in early.value.message_zh
    application = apply(world, entity, RepairKind.SERIOUS_EARLY, listing.pk, today=D(2026, 9, 15))
    officer = world.actor(Role.OFFICER)
    application = services.repair_accept(
        actor=officer, application=application, accept=True, reason="", today=D(2026, 9, 16)
    )
    with pytest.raises(Conflict) as unconfirmed:
        services.repair_decide(
            actor=officer,
            application=application,
            approve=True,
            obligations_performed=True,
            reason="",
            today=D(2026, 9, 18),
        )
    assert _unmet(unconfirmed) == {"harm_removed"}
    application = services.repair_decide(
        actor=officer,
        application=application,
        approve=True,
        obligations_performed=True,
        harm_removed=True,
        reason="罚款已缴清，问题食品已召回销毁",
        today=D(2026, 9, 18),
    )
    listing = SeriousListing.objects.get(pk=listing.pk)
    assert listing.status == "removed" and listing.removal_kind == "early"
    assert listing.removed_on == D(2026, 9, 18)
    assert listing.removal_document_number == application.decision_number
    assert application.result_fact is not None
    assert application.result_fact.body["removal_fact"] == listing.removed_fact_id
    assert PublicFact.objects.get(pk=listing.listed_fact.public_fact_id).withdrawn_on == D(2026, 9, 18)  # type: ignore[union-attr]


def test_a_heavier_penalty_since_the_listing_blocks_early_removal(world: World) -> None:
    entity = make_entity(world)
    listing = listed_a_year_ago(world, entity)
    penalty(world, entity, published_on=D(2026, 2, 2), number="罚〔2026〕66号", severity=Severity.SERIOUS)
    with pytest.raises(Conflict) as refused:
        apply(world, entity, RepairKind.SERIOUS_EARLY, listing.pk, today=D(2026, 9, 16))
    assert _unmet(refused) == {"no_new_heavier_penalty"}
    assert "罚〔2026〕66号" in refused.value.message_zh


def test_a_running_restriction_blocks_early_removal(world: World) -> None:
    entity = make_entity(world)
    listing = listed_a_year_ago(world, entity)
    SeriousListing.objects.filter(pk=listing.pk).update(restriction_until=D(2027, 3, 1))
    with pytest.raises(Conflict) as refused:
        apply(world, entity, RepairKind.SERIOUS_EARLY, listing.pk, today=D(2026, 9, 16))
    assert _unmet(refused) == {"restriction_ended"}
    assert "2027-03-01" in refused.value.message_zh
