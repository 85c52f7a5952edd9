"""Recording, signing and publishing inspection results; follow-ups; the publication clock."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from shijian.accounts import services as accounts
from shijian.accounts.models import EnforcementCertificate
from shijian.accounts.selectors import actor_for_user
from shijian.cases.models import CaseLead
from shijian.core.actor import Actor, system_actor
from shijian.core.audit.models import AuditRecord
from shijian.core.clock.models import Clock
from shijian.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from shijian.core.roles import Role
from shijian.credit.abnormal.models import ContactFailure
from shijian.credit.models import CreditFact
from shijian.credit.risk.selectors import backtest
from shijian.inspection.results import services as results
from shijian.inspection.results.models import InspectionResult, ResultStatus
from shijian.inspection.results.tests.helpers import (
    INSPECTED,
    TODAY,
    all_ok,
    drawn,
    inspector,
    inspectors_of,
    record,
    signed,
)
from shijian.inspection.tests.helpers import officer
from shijian.testing.world import World

pytestmark = pytest.mark.django_db


def _workdays_after(start: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``start`` by the published State Council calendar."""
    day = start
    while count:
        day += dt.timedelta(days=1)
        if chinese_calendar.is_workday(day):
            count -= 1
    return day


def test_both_signatures_complete_the_result_and_start_the_publication_clock(world: World) -> None:
    task = drawn(world).tasks.order_by("order")[0]
    first, second = inspectors_of(task)
    result = record(task)
    result = results.result_sign(actor=first, result=result, today=TODAY)
    assert result.status == ResultStatus.DRAFT  # one signature is not enough
    result = results.result_sign(actor=second, result=result, today=TODAY)
    result.refresh_from_db()
    assert result.status == ResultStatus.COMPLETED and result.completed_on == TODAY
    # 20 working days from completion (statutory-rules.md section 6), counted independently here.
    assert result.publish_due == _workdays_after(TODAY, 20)
    clock = Clock.objects.get(subject_type="inspection_result", subject_id=str(result.pk))
    assert clock.rule_id == "inspection.publish" and clock.due_date == result.publish_due
    assert [s.certificate_number for s in result.signatures.order_by("signed_at")] == [
        EnforcementCertificate.objects.get(user_id=u.user_id).number for u in (first, second)
    ]
    actions = set(AuditRecord.objects.filter(object_id=str(result.pk)).values_list("action", flat=True))
    assert {
        "inspection.result_recorded",
        "inspection.result_signed",
        "inspection.result_completed",
    } <= actions


def test_only_the_tasks_inspectors_record_and_sign(world: World) -> None:
    task = drawn(world).tasks.order_by("order")[0]
    outsider = inspector(world, "not-on-task")

    with pytest.raises(PermissionDenied):
        results.result_record(
            actor=actor_for_user(outsider),
            task=task,
            category_code="no_problem",
            inspected_on=INSPECTED,
            findings=all_ok(task),
            today=TODAY,
        )
    with pytest.raises(NotFound):  # another county's officer does not learn the task exists
        results.result_record(
            actor=_other(world),
            task=task,
            category_code="no_problem",
            inspected_on=INSPECTED,
            findings=all_ok(task),
            today=TODAY,
        )
    result = record(task)
    with pytest.raises(PermissionDenied):
        results.result_sign(actor=actor_for_user(outsider), result=result, today=TODAY)


def _other(world: World) -> Actor:
    """An officer of the other county's bureau (outside the plan's jurisdiction)."""
    user = accounts.user_create(
        actor=system_actor("tests"),
        username="elsewhere",
        password=None,
        display_name="外县检查员",
        org_unit=world.other_bureau,
        roles=[Role.OFFICER],
    )
    return actor_for_user(user)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda f: f[:-1], "findings"),
        (lambda f: [*f, {"item": f[0]["item"], "point": "不存在的要点", "outcome": "ok"}], "findings[2]"),
        (lambda f: [{**f[0], "outcome": "maybe"}, *f[1:]], "findings[0]"),
        (lambda f: [{**f[0], "outcome": "problem", "note": ""}, *f[1:]], "findings[0]"),
        (lambda f: [f[0], f[0], *f[1:]], "findings[1]"),
    ],
    ids=["missing-point", "unknown-point", "bad-outcome", "problem-without-note", "twice"],
)
def test_findings_must_cover_the_checklist(world: World, change, field: str) -> None:  # type: ignore[no-untyped-def]
    task = drawn(world).tasks.order_by("order")[0]
    with pytest.raises(ValidationFailed) as caught:
        record(task, findings=change(all_ok(task)))
    assert caught.value.field == field
    assert caught.value.message_zh and caught.value.message_en
    assert not InspectionResult.objects.filter(task=task).exists()


def test_a_failed_point_cannot_be_no_problem_and_dates_are_checked(world: World) -> None:
    task = drawn(world).tasks.order_by("order")[0]
    failing = all_ok(task)
    failing[0] = {**failing[0], "outcome": "problem", "note": "健康证明过期"}
    with pytest.raises(ValidationFailed) as caught:
        record(task, findings=failing)
    assert caught.value.field == "category"
    assert record(task, category="corrected", findings=failing).category.code == "corrected"
    for day in (dt.date(2026, 3, 31), dt.date(2026, 7, 1)):  # outside the plan's window
        with pytest.raises(ValidationFailed) as caught:
            record(task, inspected_on=day, today=dt.date(2026, 7, 2))
        assert caught.value.field == "inspected_on"
    with pytest.raises(ValidationFailed):  # in the future
        record(task, inspected_on=dt.date(2026, 4, 20), today=TODAY)
    with pytest.raises(ValidationFailed) as caught:
        record(task, category="no-such-category")
    assert caught.value.field == "category"


def test_a_change_voids_signatures_and_a_completed_result_is_final(world: World) -> None:
    task = drawn(world).tasks.order_by("order")[0]
    first, second = inspectors_of(task)
    result = results.result_sign(actor=first, result=record(task), today=TODAY)
    assert result.signatures.count() == 1
    result = record(task, category="no_activity")
    assert result.signatures.count() == 0  # the signature covered other content
    assert AuditRecord.objects.filter(
        action="inspection.result_signatures_voided", object_id=str(result.pk)
    ).exists()
    results.result_sign(actor=first, result=result, today=TODAY)
    with pytest.raises(Conflict) as caught:
        results.result_sign(actor=first, result=result, today=TODAY)
    assert caught.value.code == "already_signed"
    results.result_sign(actor=second, result=result, today=TODAY)
    with pytest.raises(Conflict) as caught:
        record(task)
    assert caught.value.code == "result_completed"
    result.refresh_from_db()
    assert result.category.code == "no_activity"


def test_an_inspector_without_a_valid_certificate_cannot_sign(world: World) -> None:
    task = drawn(world).tasks.order_by("order")[0]
    first = inspectors_of(task)[0]
    EnforcementCertificate.objects.filter(user_id=first.user_id).update(revoked_on=dt.date(2026, 4, 1))
    with pytest.raises(Conflict) as caught:
        results.result_sign(actor=first, result=record(task), today=TODAY)
    assert caught.value.code == "no_certificate"


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_evidence_is_checked_by_content_and_voids_signatures(world: World) -> None:
    task = drawn(world).tasks.order_by("order")[0]
    first = inspectors_of(task)[0]
    result = results.result_sign(actor=first, result=record(task), today=TODAY)
    with pytest.raises(ValidationFailed) as caught:
        results.result_evidence_add(
            actor=first, result=result, kind="photo", filename="现场.jpg", content=b"MZ\x90\x00 not an image"
        )
    assert caught.value.field == "file"
    evidence = results.result_evidence_add(
        actor=first, result=result, kind="photo", filename="../现场.png", content=PNG, caption="门头"
    )
    assert evidence.filename == "现场.png" and evidence.file.read() == PNG
    assert result.signatures.count() == 0
    with pytest.raises(Conflict):
        results.result_evidence_add(
            actor=first, result=result, kind="photo", filename="again.png", content=PNG
        )
    with pytest.raises(ValidationFailed) as caught:
        results.result_evidence_add(
            actor=first, result=result, kind="photo", filename="b.png", content=PNG + b"1", point="无此要点"
        )
    assert caught.value.field == "point"


def test_publication_records_a_public_fact_and_stops_the_clock(world: World) -> None:
    the_plan = drawn(world)
    task = the_plan.tasks.order_by("order")[0]
    result = signed(task)
    planner = officer(world)
    with pytest.raises(Conflict):
        results.result_publish(actor=planner, result=record(the_plan.tasks.order_by("order")[1]), today=TODAY)
    published = results.result_publish(actor=planner, result=result, today=TODAY)
    assert published.status == ResultStatus.PUBLISHED and published.published_on == TODAY
    assert published.notice_number.endswith("号") and "〔2026〕" in published.notice_number
    fact = CreditFact.objects.get(pk=published.credit_fact_id)
    assert fact.kind == "inspection.result" and fact.entity_id == task.entity_id
    assert fact.document_number == published.notice_number and fact.public_fact is not None
    assert fact.body["problem_found"] is False and fact.body["plan"] == the_plan.number
    clock = Clock.objects.get(subject_type="inspection_result", subject_id=str(result.pk))
    assert clock.status == "completed"
    with pytest.raises(Conflict) as caught:
        results.result_publish(actor=planner, result=published, today=TODAY)
    assert caught.value.code == "already_published"
    other = _other(world)
    with pytest.raises(NotFound):
        results.result_publish(actor=other, result=signed(the_plan.tasks.order_by("order")[2]), today=TODAY)


def test_follow_ups_feed_the_abnormal_list_and_open_case_leads(world: World) -> None:
    tasks = list(drawn(world).tasks.order_by("order"))
    unreachable = signed(
        tasks[0], category="unreachable", findings=[{**f, "outcome": "na"} for f in all_ok(tasks[0])]
    )
    failure = ContactFailure.objects.get(pk=unreachable.follow_up_done["abnormal_evidence"])
    assert failure.entity_id == tasks[0].entity_id and failure.found_on == INSPECTED
    pending = signed(tasks[1], category="pending")
    lead = CaseLead.objects.get(pk=pending.follow_up_done["case_lead"])
    assert lead.entity_id == tasks[1].entity_id and lead.source_id == str(pending.pk)
    assert (
        signed(
            tasks[2],
            category="corrected",
            findings=[{**f, "outcome": "problem", "note": "未亮照经营"} for f in all_ok(tasks[2])],
        ).follow_up_done
        == {}
    )
    assert not CaseLead.objects.filter(source_id=str(tasks[2].pk)).exists()


def test_published_results_feed_the_backtesting(world: World) -> None:
    the_plan = drawn(world)
    tasks = list(the_plan.tasks.order_by("order"))
    planner = officer(world)
    results.result_publish(actor=planner, result=signed(tasks[0]), today=TODAY)
    results.result_publish(actor=planner, result=signed(tasks[1], category="pending"), today=TODAY)
    outcome = backtest(actor=world.actor(Role.BUREAU_HEAD))
    assert outcome.inspections == 2
    assert sum(rate.problems for rate in outcome.by_class) == 1


def test_publishing_a_plan_publishes_every_completed_result(world: World) -> None:
    the_plan = drawn(world)
    tasks = list(the_plan.tasks.order_by("order"))
    signed(tasks[0])
    signed(tasks[1])
    record(tasks[2])
    published = results.plan_results_publish(actor=officer(world), plan_id=the_plan.pk, today=TODAY)
    assert [r.task_id for r in published] == [tasks[0].pk, tasks[1].pk]
    assert len({r.notice_number for r in published}) == 2
