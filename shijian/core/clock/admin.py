"""Admin for the rule table and the calendar overrides (audited), and a read-only view of clocks.

Every add, change and delete made here writes one audit record with the
before/after values. Clocks are changed only through services, so their
admin is read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from shijian.core.admin_audit import AuditedAdminMixin, admin_actor
from shijian.core.audit.services import audit_record
from shijian.core.clock.models import CalendarDay, CalendarYear, Clock, ClockEvent, Rule


@admin.register(Rule)
class RuleAdmin(AuditedAdminMixin):
    """Deadline rules (期限规则): editable; every change is audited.

    To follow a change in the law, add a new row (same rule id, next version,
    new effective-from date) rather than editing the old one: open clocks
    keep the version they started under.
    """

    list_display = (
        "rule_id",
        "version",
        "name_zh",
        "amount",
        "unit",
        "extension_allowed",
        "confidence",
        "effective_from",
        "effective_to",
    )
    list_filter = ("unit", "confidence", "extension_allowed")
    search_fields = ("rule_id", "name_zh", "name_en", "legal_basis")
    ordering = ("rule_id", "effective_from")

    def has_delete_permission(self, request: HttpRequest, obj: Rule | None = None) -> bool:
        # A version that clocks were started under is history: it cannot be deleted.
        if obj is not None and Clock.objects.filter(rule_id=obj.rule_id, rule_version=obj.version).exists():
            return False
        return super().has_delete_permission(request, obj)


class CalendarDayInline(admin.TabularInline[CalendarDay, CalendarYear]):
    """The holidays and make-up working days of an override year."""

    model = CalendarDay
    extra = 0
    fields = ("day", "kind", "name_zh", "name_en")


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin[CalendarYear]):
    """Override years of the working-day calendar (工作日历): audited like the rules.

    Prefer ``shijian calendar load FILE``, which validates the whole year at once.
    """

    list_display = ("year", "source", "loaded_by", "updated_at")
    search_fields = ("source",)
    inlines = [CalendarDayInline]

    def save_related(
        self,
        request: HttpRequest,
        form: ModelForm[CalendarYear],
        formsets: list[BaseInlineFormSet[Any, Any, Any]],
        change: bool,
    ) -> None:
        # One audit record for the year and its days together, written after the
        # inline days are saved. The year row is already saved here, so its old
        # field values come from the form's initial data; the days are not yet.
        obj = form.instance
        before = None
        if change:
            before = obj.summary()
            before.update({k: form.initial[k] for k in ("year", "source", "notes") if k in form.initial})
        super().save_related(request, form, formsets, change)
        audit_record(
            actor=admin_actor(request),
            action="clock.calendar.changed" if change else "clock.calendar.created",
            obj=obj,
            before=before,
            after=obj.summary(),
            reason="admin",
        )

    def delete_model(self, request: HttpRequest, obj: CalendarYear) -> None:
        before = obj.summary()
        pk = obj.pk
        super().delete_model(request, obj)
        audit_record(
            actor=admin_actor(request),
            action="clock.calendar.deleted",
            object_type=CalendarYear._meta.label_lower,
            object_id=pk,
            before=before,
            reason="admin",
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class ClockEventInline(admin.TabularInline[ClockEvent, Clock]):
    """A clock's events, read-only."""

    model = ClockEvent
    extra = 0
    can_delete = False
    fields = ("seq", "kind", "on", "reason", "actor", "approver", "due_after")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Clock)
class ClockAdmin(admin.ModelAdmin[Clock]):
    """Clocks, read-only: they change only through the clock services (which audit)."""

    list_display = (
        "id",
        "rule_id",
        "subject_type",
        "subject_id",
        "status",
        "due_date",
        "is_overdue",
        "is_due_soon",
    )
    list_filter = ("status", "rule_id", "is_overdue", "is_due_soon")
    search_fields = ("subject_id", "org_unit_path")
    inlines = [ClockEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
