"""Contact failures found elsewhere (无法联系): recording, the letters queue, ground (4) unchanged, API."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.utils import timezone

from shijian.core.audit.models import AuditRecord
from shijian.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from shijian.core.roles import Role
from shijian.credit.abnormal import selectors, services
from shijian.credit.abnormal.domain import Ground, ListingStatus
from shijian.credit.abnormal.models import AbnormalListing, ContactFailure
from shijian.credit.abnormal.selectors import LetterProgress
from shijian.registry.models import MarketEntity
from shijian.testing.grid import STAFF, GridCase, GridEndpoint, check_case, client_for, grid_cases
from shijian.testing.registry import make_entity
from shijian.testing.world import World

from .factories import SYSTEM, D, send_letters

pytestmark = pytest.mark.django_db
TODAY = D(2026, 9, 1)
_sources = itertools.count(1)


def finding(world: World, entity: MarketEntity | None = None, **overrides: Any) -> ContactFailure:
    """An inspection result found ``entity`` unreachable (recorded by the system unless ``actor``)."""
    values: dict[str, Any] = {
        "actor": SYSTEM,
        "entity": entity if entity is not None else make_entity(world),
        "found_on": D(2026, 7, 1),
        "source_type": "inspection.result",
        "source_id": str(next(_sources)),
        "reference": "洛涧市监抽查〔2026〕3号检查结果",
        "today": TODAY,
    }
    values.update(overrides)
    return services.contact_failure_record(**values)


def list_unreachable(world: World, entity: MarketEntity, *, on: dt.date = TODAY) -> AbnormalListing:
    return services.abnormal_list(
        actor=world.actor(Role.OFFICER),
        entity=entity,
        ground=Ground.UNREACHABLE,
        ground_on=on,
        decided_on=on,
        today=on,
    )


# -- recording -------------------------------------------------------------------------------


def test_an_officer_records_a_finding_audited_under_the_supervisor(world: World) -> None:
    entity = make_entity(world)
    found = finding(
        world, entity, actor=world.actor(Role.OFFICER), source_id="55", note="  门店已关闭，无人  "
    )
    found.refresh_from_db()
    assert (found.entity, found.found_on, found.source_type, found.source_id) == (
        entity,
        D(2026, 7, 1),
        "inspection.result",
        "55",
    )
    assert found.reference == "洛涧市监抽查〔2026〕3号检查结果" and found.note == "门店已关闭，无人"
    assert found.recorded_by.startswith("user:")
    record = AuditRecord.objects.get(
        action="credit.abnormal.contact_failure_recorded", object_id=str(found.pk)
    )
    assert record.org_unit_path == entity.supervisor_path and record.after["reference"] == found.reference


def test_one_finding_per_source(world: World) -> None:
    entity = make_entity(world)
    first = finding(world, entity, source_id="9")
    again = finding(world, entity, source_id="9", reference="", found_on=D(2026, 8, 1))
    assert again.pk == first.pk and again.found_on == D(2026, 7, 1)
    assert ContactFailure.objects.count() == 1
    audits = AuditRecord.objects.filter(action="credit.abnormal.contact_failure_recorded")
    assert audits.count() == 1
    assert finding(world, entity, source_type="complaints.report", source_id="9").pk != first.pk
    with pytest.raises(Conflict) as error:
        finding(world, source_id="9")  # the same source for another entity
    assert error.value.code == "contact_failure_source_taken" and error.value.field == "source_id"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reference": "  "}, "reference"),
        ({"reference": "号" * 201}, "reference"),
        ({"found_on": D(2026, 9, 2)}, "found_on"),
        ({"found_on": D(2020, 5, 7)}, "found_on"),  # before the entity was established
        ({"source_type": ""}, "source_type"),
        ({"source_id": " "}, "source_id"),
    ],
)
def test_bad_input_names_the_field(world: World, overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        finding(world, **overrides)
    assert error.value.field == field and error.value.message_zh and error.value.message_en
    assert not ContactFailure.objects.exists()


def test_credit_officers_of_the_jurisdiction_only(world: World) -> None:
    outside = make_entity(world, scope="out")
    for role in (Role.OFFICER, Role.LEGAL_REVIEWER, Role.ENTERPRISE):
        with pytest.raises(NotFound):
            finding(world, outside, actor=world.actor(role))
    with pytest.raises(PermissionDenied):
        finding(world, actor=world.actor(Role.LEGAL_REVIEWER))
    assert finding(world, outside, actor=world.actor(Role.SYSTEM_ADMIN)).entity == outside
    assert finding(world, outside).entity == outside  # the system actor


# -- the work queue ----------------------------------------------------------------------------


def test_the_queue_shows_where_the_letters_stand(world: World) -> None:
    officer = world.actor(Role.OFFICER)
    to_send = finding(world, found_on=D(2026, 7, 20)).entity
    under_way = finding(world, found_on=D(2026, 7, 1)).entity
    send_letters(world, under_way, D(2026, 7, 5), today=TODAY)  # one letter: not yet evidence
    complete = finding(world, found_on=D(2026, 7, 10)).entity
    send_letters(world, complete, D(2026, 7, 11), D(2026, 7, 31), today=TODAY)  # 20 days apart
    old_letter = finding(world, found_on=D(2026, 7, 15)).entity
    send_letters(world, old_letter, D(2026, 3, 1), today=TODAY)  # sent before the finding
    queue = selectors.contact_failure_queue(actor=officer, on=TODAY)
    # Oldest finding first.
    assert [x.entity for x in queue] == [under_way, complete, old_letter, to_send]
    progress = {x.entity.pk: x for x in queue}
    assert progress[to_send.pk].progress is LetterProgress.TO_SEND
    assert progress[to_send.pk].letters_sent == 0 and progress[to_send.pk].evidence is None
    assert progress[under_way.pk].progress is LetterProgress.UNDER_WAY
    assert (progress[under_way.pk].letters_sent, progress[under_way.pk].letters_unsigned) == (1, 1)
    assert progress[old_letter.pk].progress is LetterProgress.TO_SEND
    done = progress[complete.pk]
    assert done.progress is LetterProgress.COMPLETE and done.letters_unsigned == 2
    # The same evidence as the listing checks.
    assert done.evidence == services.letter_evidence_for(entity=complete, on=TODAY)
    assert done.evidence is not None and done.evidence.established_on == D(2026, 8, 5)
    # As of an earlier day, the later letter is not there yet.
    earlier = {x.entity.pk: x for x in selectors.contact_failure_queue(actor=officer, on=D(2026, 7, 20))}
    assert earlier[complete.pk].progress is LetterProgress.UNDER_WAY
    assert under_way.pk not in {
        x.entity.pk for x in selectors.contact_failure_queue(actor=officer, on=D(2026, 6, 30))
    }


def test_several_findings_make_one_item(world: World) -> None:
    entity = make_entity(world)
    older = finding(world, entity, found_on=D(2026, 6, 1))
    newer = finding(world, entity, found_on=D(2026, 8, 1))
    [item] = selectors.contact_failure_queue(actor=world.actor(Role.OFFICER), on=TODAY)
    assert item.failures == (newer, older) and item.first_found_on == D(2026, 6, 1)


def test_the_queue_is_scoped_and_leaves_out_closed_and_listed_entities(world: World) -> None:
    officer = world.actor(Role.OFFICER)
    theirs = finding(world, make_entity(world, scope="out")).entity
    closed = finding(world).entity
    MarketEntity.objects.filter(pk=closed.pk).update(status="revoked")
    listed = finding(world, found_on=D(2026, 7, 1)).entity
    send_letters(world, listed, D(2026, 7, 2), D(2026, 7, 22), today=TODAY)
    listing = list_unreachable(world, listed)
    mine = finding(world).entity
    assert [x.entity for x in selectors.contact_failure_queue(actor=officer, on=TODAY)] == [mine]
    everyone = selectors.contact_failure_queue(actor=world.actor(Role.SYSTEM_ADMIN), on=TODAY)
    assert {x.entity.pk for x in everyone} == {theirs.pk, mine.pk}
    assert selectors.contact_failure_queue(actor=world.actor(Role.LEGAL_REVIEWER), on=TODAY)
    for role in (Role.ENTERPRISE, Role.PARTNER_DEPARTMENT):
        with pytest.raises(PermissionDenied):
            selectors.contact_failure_queue(actor=world.actor(role), on=TODAY)
    # Removed again later (contact restored): the finding that led to the listing stays done ...
    AbnormalListing.objects.filter(pk=listing.pk).update(status=ListingStatus.REMOVED)
    assert [x.entity for x in selectors.contact_failure_queue(actor=officer, on=TODAY)] == [mine]
    # ... a new finding after the listing puts the entity back on the queue.
    same_day = finding(world, listed, found_on=TODAY)  # the listing day: the listing followed it
    assert listed.pk not in {x.entity.pk for x in selectors.contact_failure_queue(actor=officer, on=TODAY)}
    later = D(2026, 9, 2)
    again = finding(world, listed, found_on=later, today=later)
    back = {x.entity.pk: x for x in selectors.contact_failure_queue(actor=officer, on=later)}
    assert back[listed.pk].failures == (again,) and same_day not in back[listed.pk].failures


# -- ground (4) is unchanged -----------------------------------------------------------------


def test_a_finding_alone_does_not_list_and_the_refusal_says_so(world: World) -> None:
    entity = make_entity(world)
    finding(world, entity, found_on=D(2026, 7, 1))
    with pytest.raises(Conflict) as error:
        list_unreachable(world, entity)
    assert error.value.code == "letters_missing" and error.value.field == "ground"
    assert "2026-07-01" in error.value.message_zh and "洛涧市监抽查〔2026〕3号" in error.value.message_zh
    assert "found unreachable on 2026-07-01" in error.value.message_en
    send_letters(world, entity, D(2026, 7, 2), D(2026, 7, 22), today=TODAY)
    assert list_unreachable(world, entity).ground == Ground.UNREACHABLE
    assert selectors.contact_failure_queue(actor=world.actor(Role.OFFICER), on=TODAY) == []


def test_without_a_finding_the_refusal_is_as_before(world: World) -> None:
    with pytest.raises(Conflict) as error:
        list_unreachable(world, make_entity(world))
    assert error.value.message_en.endswith("are required")


# -- API -------------------------------------------------------------------------------------

URL = "/api/v1/credit/abnormal/contact-failures"
ENDPOINTS = [GridEndpoint(name="queue", method="GET", url=lambda w, s: URL, scoped=False, allowed=STAFF)]


@pytest.mark.parametrize("case", grid_cases(ENDPOINTS), ids=lambda c: c.id)
def test_api_grid(world: World, case: GridCase) -> None:
    check_case(world, case)


def test_the_api_lists_my_queue(world: World) -> None:
    today = timezone.localdate()
    found = finding(world, found_on=today - dt.timedelta(days=3), source_id="r-1", today=today)
    finding(world, make_entity(world, scope="out"), found_on=today, today=today)
    client, headers = client_for(world, Role.OFFICER.value, "api")
    answer = client.get(URL, headers=headers)
    assert answer.status_code == 200, answer.content
    [row] = answer.json()
    assert row["entity_id"] == found.entity_id and row["uscc"] == found.entity.uscc
    assert row["entity_name"] == found.entity.name and row["address"] == found.entity.address
    assert row["progress"] == "to_send" and row["progress_zh"] == "待寄送挂号信"
    assert row["letters_sent"] == 0 and row["evidence_established_on"] is None
    assert row["first_found_on"] == found.found_on.isoformat()
    assert [(f["id"], f["source_id"], f["reference"]) for f in row["failures"]] == [
        (found.pk, "r-1", found.reference)
    ]
    assert client.get(f"{URL}?offset=1", headers=headers).json() == []
