"""Admin of annual reports and ad-hoc disclosures: read-only and limited to the admin user's
jurisdiction. Reports are the enterprise's own declarations: they are filed and corrected only by
its representatives through the services (which publish and run the clocks).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from shijian.core.admin_audit import admin_actor
from shijian.core.scoping import scope
from shijian.registry.reports.models import AdhocDisclosure, AnnualReport


class _ReadOnlyScoped(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only, limited to the admin user's jurisdiction."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope(admin_actor(request), super().get_queryset(request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(_ReadOnlyScoped):
    """Annual reports (年度报告), full content."""

    list_display = ("entity", "report_year", "form", "filed_on", "deadline", "late", "revision")
    list_filter = ("report_year", "late", "form")
    search_fields = ("entity__name", "entity__uscc")
    list_select_related = ("entity",)


@admin.register(AdhocDisclosure)
class AdhocDisclosureAdmin(_ReadOnlyScoped):
    """Ad-hoc disclosures (即时信息)."""

    list_display = ("entity", "kind", "formed_on", "due_on", "status", "filed_on", "late")
    list_filter = ("kind", "status", "late")
    search_fields = ("entity__name", "entity__uscc")
    list_select_related = ("entity",)
