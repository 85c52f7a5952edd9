"""Objections (异议): the period, accept/verify clocks across National Day, upheld and rejected."""

from __future__ import annotations

import pytest

from shijian.core.clock.models import Clock
from shijian.core.errors import Conflict, NotFound, ValidationFailed
from shijian.core.roles import Role
from shijian.credit.abnormal import services
from shijian.credit.abnormal.domain import ListingStatus, ObjectionStatus
from shijian.credit.abnormal.models import AbnormalListing, AbnormalObjection
from shijian.credit.models import CreditFact
from shijian.credit.selectors import facts_in_force
from shijian.registry.models import PublicFact
from shijian.registry.reports.tests.factories import represent
from shijian.testing.registry import make_entity
from shijian.testing.world import World

from .factories import D, list_for_report

pytestmark = pytest.mark.django_db
PUBLISHED = D(2026, 9, 1)


def listed(world: World) -> AbnormalListing:
    entity = make_entity(world)
    represent(entity, world.users[Role.ENTERPRISE])
    listing = list_for_report(world, entity, decided_on=PUBLISHED)
    # objection.submit = 30 days from publication 2026-09-01 -> 10-01, National Day (10-01..10-07 off):
    # moved to the next working day, 2026-10-08.
    assert listing.objection_until == D(2026, 10, 8)
    assert listing.listed_late  # abnormal.list was due 2026-07-15
    return listing


def file(world: World, listing: AbnormalListing, today: object, **kwargs: str) -> AbnormalObjection:
    values = {
        "objector_name": "洛阳市测试商贸有限公司",
        "contact": "0379-64321234",
        "reason": "已于6月28日报送",
    }
    values.update(kwargs)
    return services.objection_file(
        actor=world.actor(Role.ENTERPRISE),
        listing=listing,
        today=today,
        **values,  # type: ignore[arg-type]
    )


def test_late_objection_is_refused(world: World) -> None:
    listing = listed(world)
    with pytest.raises(Conflict) as error:
        file(world, listing, D(2026, 10, 9))
    assert error.value.code == "objection_late" and error.value.field == "filed_on"
    assert "2026-10-08" in error.value.message_zh
    assert file(world, listing, D(2026, 10, 8)).status == ObjectionStatus.SUBMITTED  # the last day counts


def test_accept_and_verify_clocks_in_working_days(world: World) -> None:
    objection = file(world, listed(world), D(2026, 9, 15))
    # objection.accept = 5 WD from Tue 09-15: 09-16, 09-17, 09-18, Sun 09-20 (make-up day), 09-21
    # -> due 09-21.
    assert objection.accept_due == D(2026, 9, 21)
    objection = services.objection_accept(
        actor=world.actor(Role.OFFICER), objection=objection, accept=True, today=D(2026, 9, 16)
    )
    # objection.verify = 20 WD from Wed 09-16: 09-17 #1, 09-18 #2, Sun 09-20 #3, 09-21..09-24 #4-7,
    # (09-25..09-27 Mid-autumn), 09-28..09-30 #8-10, (10-01..10-07 National Day), 10-08 #11, 10-09 #12,
    # Sat 10-10 #13, 10-12..10-16 #14-18, 10-19 #19, 10-20 #20 -> due 2026-10-20.
    assert objection.status == ObjectionStatus.ACCEPTED and objection.verify_due == D(2026, 10, 20)
    accept_clock = Clock.objects.get(pk=objection.accept_clock_id)
    assert accept_clock.status == "completed" and not accept_clock.completed_late
    assert Clock.objects.get(pk=objection.verify_clock_id).status == "running"


def test_upheld_objection_annuls_the_listing(world: World) -> None:
    listing = listed(world)
    objection = file(world, listing, D(2026, 9, 15))
    services.objection_accept(
        actor=world.actor(Role.OFFICER), objection=objection, accept=True, today=D(2026, 9, 16)
    )
    with pytest.raises(ValidationFailed) as no_reply:
        services.objection_decide(
            actor=world.actor(Role.OFFICER), objection=objection, upheld=True, reply="", today=D(2026, 10, 9)
        )
    assert no_reply.value.field == "reply"
    decided = services.objection_decide(
        actor=world.actor(Role.SECTION_CHIEF),
        objection=objection,
        upheld=True,
        reply="经核实，你公司已于2026年6月28日通过纸质方式报送年度报告，系录入遗漏。",
        document_number="涧市监异议〔2026〕2号",
        today=D(2026, 10, 9),
    )
    assert decided.status == ObjectionStatus.UPHELD
    assert "异议成立" in decided.reply and listing.document_number in decided.reply
    listing.refresh_from_db()
    assert listing.status == ListingStatus.ANNULLED
    assert not facts_in_force().filter(pk=listing.fact_id).exists()  # revoked: it should never have been
    revocation = CreditFact.objects.get(supersedes_id=listing.fact_id)
    assert revocation.relation == "revokes" and revocation.document_number == "涧市监异议〔2026〕2号"
    assert PublicFact.objects.get(credit_fact__pk=listing.fact_id).withdrawn_on == D(2026, 10, 9)
    assert not Clock.objects.get(pk=decided.verify_clock_id).completed_late


def test_rejected_objection_keeps_the_listing(world: World) -> None:
    listing = listed(world)
    objection = file(world, listing, D(2026, 9, 15))
    services.objection_accept(
        actor=world.actor(Role.OFFICER), objection=objection, accept=True, today=D(2026, 9, 16)
    )
    decided = services.objection_decide(
        actor=world.actor(Role.OFFICER),
        objection=objection,
        upheld=False,
        reply="未提供报送证明。",
        today=D(2026, 10, 21),
    )
    assert decided.status == ObjectionStatus.REJECTED and "维持原列入决定" in decided.reply
    assert Clock.objects.get(pk=decided.verify_clock_id).completed_late  # due 10-20
    listing.refresh_from_db()
    assert listing.status == ListingStatus.LISTED


def test_refusing_to_accept_needs_a_reason_and_writes_the_reply(world: World) -> None:
    objection = file(world, listed(world), D(2026, 9, 15))
    with pytest.raises(ValidationFailed) as error:
        services.objection_accept(
            actor=world.actor(Role.OFFICER), objection=objection, accept=False, today=D(2026, 9, 16)
        )
    assert error.value.field == "reason"
    refused = services.objection_accept(
        actor=world.actor(Role.OFFICER),
        objection=objection,
        accept=False,
        reason="未提交任何证明材料",
        today=D(2026, 9, 16),
    )
    assert refused.status == ObjectionStatus.REFUSED and "不予受理" in refused.reply


def test_objection_input_and_who_may_object(world: World) -> None:
    listing = listed(world)
    with pytest.raises(ValidationFailed) as error:
        file(world, listing, D(2026, 9, 15), reason="  ")
    assert error.value.field == "reason"
    stranger = list_for_report(world, make_entity(world), decided_on=PUBLISHED)
    with pytest.raises(NotFound):
        file(world, stranger, D(2026, 9, 15))
    file(world, listing, D(2026, 9, 15))
    with pytest.raises(Conflict) as pending:
        file(world, listing, D(2026, 9, 16))
    assert pending.value.code == "objection_pending"
