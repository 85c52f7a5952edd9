"""An admin mixin that puts every admin edit into the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot


def admin_actor(request: HttpRequest) -> Actor:
    """The Actor of an admin request (set by the accounts middleware)."""
    actor = getattr(request, "actor", None)
    if actor is None:
        raise RuntimeError("request.actor missing: is ActorMiddleware installed?")
    return actor  # type: ignore[no-any-return]


class AuditedAdminMixin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Writes an audit record (before/after) for each save and delete made in the admin."""

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm[Any], change: bool) -> None:
        before = None
        if change and obj.pk is not None:
            previous = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = model_snapshot(previous) if previous is not None else None
        super().save_model(request, obj, form, change)
        audit_record(
            actor=admin_actor(request),
            action=f"{obj._meta.label_lower}.{'changed' if change else 'created'}",
            obj=obj,
            before=before,
            after=model_snapshot(obj),
            reason="admin",
        )

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        before = model_snapshot(obj)
        label, pk = obj._meta.label_lower, obj.pk
        path = str(getattr(obj, "audit_org_unit_path", "") or "")
        super().delete_model(request, obj)
        audit_record(
            actor=admin_actor(request),
            action=f"{label}.deleted",
            object_type=label,
            object_id=str(pk),
            org_unit_path=path,
            before=before,
            reason="admin",
        )

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        # One audited delete per object, never a silent bulk delete.
        for obj in queryset:
            self.delete_model(request, obj)
