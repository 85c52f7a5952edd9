"""Admin: measure versions (adding one goes through the service and ends the previous); queries read-only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from shijian.core.admin_audit import admin_actor
from shijian.credit.joint import services
from shijian.credit.joint.domain import measure_problems, new_version_problems
from shijian.credit.joint.models import JointFeedback, JointMeasure, JointQuery


class JointMeasureForm(forms.ModelForm[JointMeasure]):
    """The new version, checked by the same rules as the service (errors on their fields, zh/en)."""

    class Meta:
        model = JointMeasure
        fields = (
            "list_type",
            "code",
            "purpose",
            "label_zh",
            "label_en",
            "departments",
            "legal_basis",
            "confidence",
            "effective_from",
            "notes",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = {k: str(data.get(k) or "") for k in self.Meta.fields if k != "effective_from"}
        problems = measure_problems(**{k: v for k, v in text.items() if k != "notes"})
        start = data.get("effective_from")
        if start is not None and not problems:
            latest = (
                JointMeasure.objects.filter(list_type=text["list_type"], code=text["code"].strip())
                .order_by("-version")
                .first()
            )
            problems = new_version_problems(
                effective_from=start, latest_from=latest.effective_from if latest is not None else None
            )
        for problem in problems:
            self.add_error(
                problem.field if problem.field in self.fields else None,
                f"{problem.message_zh} ({problem.message_en})",
            )
        return data


@admin.register(JointMeasure)
class JointMeasureAdmin(admin.ModelAdmin[JointMeasure]):
    """Measures per list type (联合惩戒措施): add a version to follow a change in the law.

    Saving a new row calls ``measure_version_add`` (audited): the previous
    version of the same list type and code ends the day before. Existing
    versions are never edited or deleted (they explain past answers); to end
    a measure without a successor use ``POST /api/v1/credit/joint/measures/<id>/end``.
    """

    list_display = (
        "list_type",
        "code",
        "version",
        "purpose",
        "label_zh",
        "confidence",
        "effective_from",
        "effective_to",
    )
    list_filter = ("list_type", "purpose", "confidence")
    search_fields = ("code", "label_zh", "label_en", "legal_basis", "departments")
    ordering = ("list_type", "code", "version")
    form = JointMeasureForm

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: JointMeasure, form: Any, change: bool) -> None:
        # The form ran the same checks; the service adds the version and ends the previous one.
        saved = services.measure_version_add(
            actor=admin_actor(request),
            list_type=obj.list_type,
            code=obj.code,
            purpose=obj.purpose,
            label_zh=obj.label_zh,
            label_en=obj.label_en,
            departments=obj.departments,
            legal_basis=obj.legal_basis,
            confidence=obj.confidence,
            effective_from=obj.effective_from,
            notes=obj.notes,
        )
        obj.pk = saved.pk
        obj.version = saved.version


class _ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    """Queries and feedback are the record: read-only (PostgreSQL refuses changes too)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(JointQuery)
class JointQueryAdmin(_ReadOnly):
    """Queries of other departments and the answers given (read-only)."""

    list_display = ("id", "uscc", "entity_name", "purpose", "on", "restricted", "department", "asked_at")
    list_filter = ("purpose", "restricted")
    search_fields = ("uscc", "entity_name", "department", "reference")


@admin.register(JointFeedback)
class JointFeedbackAdmin(_ReadOnly):
    """The departments' feedback (read-only)."""

    list_display = ("query", "action", "document_number", "acted_on", "recorded_by_label")
    list_filter = ("action",)
