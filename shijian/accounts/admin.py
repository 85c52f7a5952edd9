"""Admin for org units, users, roles and certificates; every edit is audited."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from shijian.accounts.models import ApiToken, EnforcementCertificate, OrgUnit, User, UserRole
from shijian.core.admin_audit import AuditedAdminMixin


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedAdminMixin):
    """Org units; the path is derived from the parent."""

    list_display = ("path", "name", "kind", "division_code", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name", "path")
    readonly_fields = ("path", "depth")

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        obj.path = obj.compute_path()
        obj.depth = obj.path.count("/") - 2
        super().save_model(request, obj, form, change)


class UserRoleInline(admin.TabularInline):  # type: ignore[type-arg]
    model = UserRole
    extra = 0


class CertificateInline(admin.TabularInline):  # type: ignore[type-arg]
    model = EnforcementCertificate
    extra = 0


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin[User]):
    """Users with their roles and certificates."""

    list_display = ("username", "display_name", "org_unit", "is_active")
    list_filter = ("is_active", "role_grants__role")
    search_fields = ("username", "display_name")
    inlines = [UserRoleInline, CertificateInline]
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("机构 Org unit", {"fields": ("display_name", "org_unit", "phone")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdminMixin):
    """API tokens: the secret is never stored, only its hash."""

    list_display = ("name", "user", "prefix", "created_at", "expires_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")
