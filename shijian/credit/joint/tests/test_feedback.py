"""Feedback (反馈): what the department did with an answer - validated, once, only on its own query."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from shijian.core.audit.models import AuditRecord
from shijian.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from shijian.core.roles import Role
from shijian.credit.joint import selectors, services
from shijian.credit.joint.domain import FeedbackAction, Purpose
from shijian.credit.joint.models import JointFeedback, JointQuery
from shijian.testing.registry import make_entity
from shijian.testing.world import World

from .helpers import FINANCE, REFORM, D, abnormal_today, ask, partner

pytestmark = pytest.mark.django_db


def restricted_query(world: World) -> tuple[object, JointQuery]:
    """A partner's query, asked today, about an entity put on the abnormal list today."""
    actor = partner(world)
    entity = abnormal_today(world).entity
    return actor, ask(actor, entity, Purpose.BIDDING, today=timezone.localdate())


def report(actor: object, query: JointQuery, **change: object) -> JointFeedback:
    values: dict[str, object] = {
        "action": FeedbackAction.EXCLUDED,
        "acted_on": timezone.localdate(),
        "document_number": "洛发改招〔2026〕7号",
        "note": "",
    }
    values.update(change)
    return services.feedback_record(
        actor=actor,  # type: ignore[arg-type]
        query_id=query.pk,
        today=timezone.localdate(),
        **values,  # type: ignore[arg-type]
    )


def test_feedback_is_recorded_once_with_an_audit_record(world: World) -> None:
    actor, query = restricted_query(world)
    feedback = report(actor, query, note="  取消其投标资格  ")
    assert feedback.query == query and feedback.action == "excluded" and feedback.note == "取消其投标资格"
    assert feedback.recorded_by_label == "采购中心" and feedback.document_number == "洛发改招〔2026〕7号"
    record = AuditRecord.objects.get(action="credit_joint.feedback_recorded", object_id=str(feedback.pk))
    assert record.org_unit_path == query.entity.supervisor_path and record.after["action"] == "excluded"
    with pytest.raises(Conflict) as again:
        report(actor, query)
    assert again.value.code == "feedback_exists"


def test_a_colleague_of_the_same_department_may_report(world: World) -> None:
    _actor, query = restricted_query(world)
    colleague = partner(world, FINANCE, name="采购中心二")
    assert report(colleague, query).recorded_by_label == "采购中心二"


def test_another_departments_query_is_not_there(world: World) -> None:
    _actor, query = restricted_query(world)
    other = partner(world, REFORM, name="发改委")
    with pytest.raises(NotFound):
        report(other, query)
    with pytest.raises(NotFound):  # staff did not ask it either
        report(world.actor(Role.OFFICER), query)
    with pytest.raises(NotFound):
        selectors.query_get(actor=other, query_id=query.pk)
    assert list(selectors.query_list_own(actor=other)) == []
    with pytest.raises(NotFound):
        services.feedback_record(
            actor=other, query_id=999_999, action="excluded", acted_on=D(2026, 1, 1), today=D(2026, 1, 1)
        )


def test_feedback_is_refused_field_by_field(world: World) -> None:
    actor, query = restricted_query(world)
    cases = [
        ({"acted_on": D(2100, 1, 1)}, "acted_on"),  # in the future
        ({"acted_on": D(2020, 1, 1)}, "acted_on"),  # before the query
        ({"document_number": ""}, "document_number"),
        ({"action": "other"}, "note"),
        ({"action": "not_restricted", "document_number": ""}, "note"),
        ({"action": "ignored"}, "action"),
    ]
    for change, field in cases:
        with pytest.raises(ValidationFailed) as error:
            report(actor, query, **change)
        assert error.value.field == field, change
        assert error.value.message_zh and error.value.message_en
    assert not JointFeedback.objects.exists()


def test_a_restriction_cannot_be_reported_on_an_answer_without_one(world: World) -> None:
    actor = partner(world)
    query = ask(actor, make_entity(world), Purpose.HONOURS, today=timezone.localdate())
    assert query.restricted is False
    with pytest.raises(ValidationFailed) as error:
        report(actor, query)
    assert error.value.field == "action"
    assert report(actor, query, action="not_restricted", document_number="").action == "not_restricted"


def test_enterprises_cannot_report(world: World) -> None:
    _actor, query = restricted_query(world)
    with pytest.raises(PermissionDenied):
        report(world.actor(Role.ENTERPRISE), query)


def test_queries_and_feedback_cannot_be_changed_or_deleted(world: World) -> None:
    actor, query = restricted_query(world)
    feedback = report(actor, query)
    with pytest.raises(DatabaseError), transaction.atomic():
        JointQuery.objects.filter(pk=query.pk).update(restricted=False)
    with pytest.raises(DatabaseError), transaction.atomic():
        JointQuery.objects.filter(pk=query.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        JointFeedback.objects.filter(pk=feedback.pk).update(note="改过")
    query.refresh_from_db()
    assert query.restricted is True


def test_officers_of_the_jurisdiction_see_queries_and_feedback_about_an_entity(world: World) -> None:
    actor, query = restricted_query(world)
    report(actor, query)
    entity, found = selectors.entity_queries(
        actor=world.actor(Role.LEGAL_REVIEWER), entity_id=query.entity_id
    )
    assert entity == query.entity and [q.pk for q in found] == [query.pk]
    assert found[0].feedback.action == "excluded"
    assert selectors.query_get(actor=world.actor(Role.OFFICER), query_id=query.pk) == query
    elsewhere = ask(actor, make_entity(world, scope="out"), today=timezone.localdate())
    with pytest.raises(NotFound):
        selectors.entity_queries(actor=world.actor(Role.OFFICER), entity_id=elsewhere.entity_id)
    with pytest.raises(NotFound):
        selectors.query_get(actor=world.actor(Role.OFFICER), query_id=elsewhere.pk)
    with pytest.raises(NotFound):  # a partner reads its own queries, not an entity's
        selectors.entity_queries(actor=actor, entity_id=query.entity_id)  # type: ignore[arg-type]
