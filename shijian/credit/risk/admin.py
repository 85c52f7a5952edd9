"""Admin: score models (reviewable, read-only once used), the industry risk table, runs (read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from shijian.core.admin_audit import AuditedAdminMixin
from shijian.credit.risk.domain import DefinitionError, deduction_parse, scorecard_parse
from shijian.credit.risk.models import (
    ClassificationRun,
    EntityRiskClass,
    IndustryRisk,
    RiskClassHistory,
    ScoreMethod,
    ScoreModel,
)


def score_model_used(model: ScoreModel) -> bool:
    """A version that classified anything is frozen: change it by adding a new version."""
    return (
        ClassificationRun.objects.filter(score_model=model).exists()
        or EntityRiskClass.objects.filter(score_model=model).exists()
        or RiskClassHistory.objects.filter(score_model=model).exists()
    )


@admin.register(ScoreModel)
class ScoreModelAdmin(AuditedAdminMixin):
    """Review the definition (features, bins, points, thresholds) and the notes on its weights."""

    list_display = ("name", "version", "method", "title", "effective_from", "active")
    list_filter = ("name", "method", "active")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and score_model_used(obj):
            return [f.name for f in self.model._meta.fields]
        return ("created_at",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or not score_model_used(obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # A definition that does not parse is refused here rather than failing the monthly run.
        try:
            (deduction_parse if obj.method == ScoreMethod.DEDUCTION else scorecard_parse)(obj.definition)
        except DefinitionError as exc:
            from django.core.exceptions import ValidationError

            raise ValidationError(exc.problems) from None
        super().save_model(request, obj, form, change)


@admin.register(IndustryRisk)
class IndustryRiskAdmin(AuditedAdminMixin):
    """The configurable industry risk table."""

    list_display = ("code", "level", "note")


@admin.register(ClassificationRun)
class ClassificationRunAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Runs are written by the command only."""

    list_display = (
        "id",
        "score_model",
        "as_of",
        "engine",
        "status",
        "cursor",
        "max_entity_id",
        "entities_classified",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
