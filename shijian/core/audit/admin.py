"""Read-only admin view of the audit trail."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from shijian.core.audit.models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin[AuditRecord]):
    """Audit records can be read, never added, changed or deleted here."""

    list_display = ("seq", "occurred_at", "actor", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "actor", "action")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
