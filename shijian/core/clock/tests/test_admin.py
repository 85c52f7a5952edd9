"""Admin edits of rules and calendar years write audit records; clocks are read-only there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.sites import AdminSite
from django.test import RequestFactory

from shijian.core.actor import Actor
from shijian.core.audit.models import AuditRecord
from shijian.core.clock.admin import ClockAdmin, RuleAdmin
from shijian.core.clock.calendar import db_calendar
from shijian.core.clock.models import CalendarDay, CalendarYear, Clock, Rule
from shijian.core.clock.services import clock_start
from shijian.core.clock.tests.conftest import HOME_UNIT
from shijian.core.roles import Role

# The clock engine is tested on the package calendar and the years a test loads itself:
# years after the package are missing (fail closed), as in production before the notice.
pytestmark = [pytest.mark.django_db, pytest.mark.without_test_calendar]

ADMIN = Actor(user_id=1, username="admin", roles=frozenset({Role.SYSTEM_ADMIN}))


def _request() -> object:
    request = RequestFactory().post("/admin/")
    request.actor = ADMIN  # type: ignore[attr-defined]
    return request


def test_rule_admin_save_and_delete_are_audited() -> None:
    admin = RuleAdmin(Rule, AdminSite())
    request = _request()
    rule = Rule(
        rule_id="test.rule",
        version=1,
        name_zh="测试",
        legal_basis="测试依据",
        amount=5,
        unit="working_days",
        confidence="M",
        effective_from=dt.date(2025, 1, 1),
    )
    admin.save_model(request, rule, form=None, change=False)  # type: ignore[arg-type]
    rule.amount = 6
    admin.save_model(request, rule, form=None, change=True)  # type: ignore[arg-type]
    created = AuditRecord.objects.get(action="clock.rule.created")
    changed = AuditRecord.objects.get(action="clock.rule.changed")
    assert created.actor == ADMIN.audit_label and created.org_unit_path == ""
    assert changed.before is not None and changed.before["amount"] == 5
    assert changed.after is not None and changed.after["amount"] == 6
    pk = rule.pk
    admin.delete_model(request, rule)  # type: ignore[arg-type]
    deleted = AuditRecord.objects.get(action="clock.rule.deleted")
    assert (
        deleted.object_id == str(pk)
        and deleted.before is not None
        and deleted.before["rule_id"] == "test.rule"
    )


def test_rule_in_use_cannot_be_deleted() -> None:
    admin = RuleAdmin(Rule, AdminSite())
    request = _request()
    used = Rule.objects.get(rule_id="complaint.accept", version=1)
    clock_start(
        actor=ADMIN,
        subject_type="complaints.complaint",
        subject_id="1",
        rule_id="complaint.accept",
        start=dt.date(2025, 9, 26),
        org_unit_path=HOME_UNIT,
    )
    assert admin.has_delete_permission(request, used) is False  # type: ignore[arg-type]


def test_rule_clean_rejects_inconsistent_extension() -> None:
    from django.core.exceptions import ValidationError

    rule = Rule(
        rule_id="x",
        name_zh="x",
        legal_basis="x",
        amount=5,
        unit="working_days",
        confidence="M",
        effective_from=dt.date(2025, 1, 1),
        extension_allowed=True,
    )
    with pytest.raises(ValidationError):
        rule.clean()
    fixed = Rule(
        rule_id="y",
        name_zh="y",
        legal_basis="y",
        amount=1,
        unit="fixed_date",
        confidence="M",
        effective_from=dt.date(2025, 1, 1),
    )
    with pytest.raises(ValidationError):
        fixed.clean()


def test_clock_admin_is_read_only() -> None:
    admin = ClockAdmin(Clock, AdminSite())
    request = _request()
    assert not admin.has_add_permission(request)  # type: ignore[arg-type]
    assert not admin.has_change_permission(request)  # type: ignore[arg-type]
    assert not admin.has_delete_permission(request)  # type: ignore[arg-type]


def test_override_day_edit_invalidates_the_cache() -> None:
    year = CalendarYear.objects.create(year=2027, source="test")
    CalendarDay.objects.create(calendar_year=year, day=dt.date(2027, 1, 1), kind="holiday")
    assert db_calendar().covers(2027)
    assert not db_calendar().is_workday(dt.date(2027, 1, 1))
    CalendarDay.objects.filter(day=dt.date(2027, 1, 1)).delete()
    assert db_calendar().is_workday(dt.date(2027, 1, 1))  # a Friday, no longer a holiday
