"""Admin of the licence app: the catalogue is edited through the services (audited); licences and
verifications are shown read-only, limited to the admin user's jurisdiction (they change only
through the services, which publish and run the clocks).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from shijian.core.admin_audit import admin_actor
from shijian.core.clock.selectors import rule_set
from shijian.core.scoping import scope
from shijian.registry.licences import services
from shijian.registry.licences.domain import ReformMode
from shijian.registry.licences.models import Licence, LicenceItem, LicenceVerification


class LicenceItemForm(forms.ModelForm[LicenceItem]):
    """Catalogue item form: checks the verification rule exists before the service runs."""

    class Meta:
        model = LicenceItem
        fields = [
            "code",
            "name",
            "department",
            "legal_basis",
            "reform_mode",
            "supervision_measure",
            "verify_rule_id",
            "edition",
            "active",
        ]

    def clean_verify_rule_id(self) -> str:
        rule_id = str(self.cleaned_data["verify_rule_id"]).strip()
        if rule_id not in rule_set(rule_ids=[rule_id]).ids():
            raise forms.ValidationError(f"期限规则表中没有 {rule_id} (unknown rule)")
        return rule_id


@admin.register(LicenceItem)
class LicenceItemAdmin(admin.ModelAdmin[LicenceItem]):
    """The reform catalogue (证照分离改革事项清单); saves go through the audited services."""

    form = LicenceItemForm
    list_display = ("code", "name", "department", "reform_mode", "edition", "active")
    list_filter = ("reform_mode", "active", "edition")
    search_fields = ("code", "name", "department", "legal_basis")

    def get_readonly_fields(self, request: HttpRequest, obj: LicenceItem | None = None) -> tuple[str, ...]:
        return ("code",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: LicenceItem, form: Any, change: bool) -> None:
        data = form.cleaned_data
        actor = admin_actor(request)
        fields = {
            "name": data["name"],
            "department": data["department"],
            "legal_basis": data["legal_basis"],
            "reform_mode": ReformMode(data["reform_mode"]),
            "supervision_measure": data["supervision_measure"],
            "verify_rule_id": data["verify_rule_id"],
            "edition": data["edition"],
            "active": data["active"],
        }
        if change:
            saved = services.licence_item_update(actor=actor, item=obj, reason="admin", **fields)
        else:
            saved = services.licence_item_create(actor=actor, code=data["code"], **fields)
        obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: LicenceItem | None = None) -> bool:
        # Licences refer to their item: retire an item (active = off) instead of deleting it.
        return False


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


@admin.register(Licence)
class LicenceAdmin(_ReadOnlyScoped):
    """Licences (行政许可), read-only: recorded and changed through the services/API."""

    list_display = ("number", "item", "entity", "issued_on", "expires_on", "status", "on_commitment")
    list_filter = ("status", "on_commitment", "item__reform_mode")
    search_fields = ("number", "entity__name", "entity__uscc", "item__name")
    list_select_related = ("entity", "item")


@admin.register(LicenceVerification)
class LicenceVerificationAdmin(_ReadOnlyScoped):
    """Commitment verifications (告知承诺核查), read-only."""

    list_display = ("licence", "due_on", "outcome", "found_on", "late")
    list_filter = ("outcome", "late")
    search_fields = ("licence__number", "licence__entity__name")
    list_select_related = ("licence__entity", "licence__item")
