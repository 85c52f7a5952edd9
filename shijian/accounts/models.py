"""Org units, users, roles, enforcement certificates and API tokens."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models

from shijian.core.roles import Role


class OrgUnitKind(models.TextChoices):
    """What an org unit is: an administrative division or a part of a bureau."""

    PROVINCE = "province", "省级行政区 Province"
    PREFECTURE = "prefecture", "地级行政区 Prefecture"
    COUNTY = "county", "县级行政区 County"
    BUREAU = "bureau", "市场监督管理局 Bureau"
    OFFICE = "office", "市场监管所 Market-supervision office"
    SECTION = "section", "内设机构 Internal section"


DIVISION_KINDS = frozenset({OrgUnitKind.PROVINCE, OrgUnitKind.PREFECTURE, OrgUnitKind.COUNTY})


class OrgUnit(models.Model):
    """A node in the jurisdiction tree (机构/辖区).

    Administrative divisions (GB/T 2260) form the upper tree; bureaus hang under
    their division, offices (市场监管所) and sections under their bureau.
    ``path`` is the materialised path of codes (``/410000/410300/``): every
    jurisdiction check is a prefix match on it.
    """

    code = models.CharField("编码 code", max_length=40, unique=True)
    name = models.CharField("名称 name", max_length=100)
    name_en = models.CharField("英文名称 English name", max_length=200, blank=True, default="")
    kind = models.CharField("类型 kind", max_length=20, choices=OrgUnitKind.choices)
    division_code = models.CharField("行政区划代码 division code", max_length=6, blank=True, default="")
    parent = models.ForeignKey(
        "self",
        verbose_name="上级 parent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField("路径 path", max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField("层级 depth", editable=False, default=0)
    is_active = models.BooleanField("有效 active", default=True)

    jurisdiction_path_lookup = "path"

    class Meta:
        verbose_name = "机构 org unit"
        verbose_name_plural = "机构 org units"
        ordering = ["path"]
        indexes = [models.Index(fields=["path"], name="orgunit_path_idx", opclasses=["varchar_pattern_ops"])]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_org_unit_path(self) -> str:
        """Audit records of an org unit belong to the unit itself."""
        return self.path

    @property
    def is_division(self) -> bool:
        """True for administrative divisions (province, prefecture, county)."""
        return self.kind in DIVISION_KINDS

    def compute_path(self) -> str:
        """The materialised path from the parent's path and this unit's code."""
        prefix = self.parent.path if self.parent is not None else "/"
        return f"{prefix}{self.code}/"


class User(AbstractUser):
    """A person who signs in: bureau staff or an enterprise's representative.

    Staff belong to one org unit; their jurisdiction follows from it (see
    ``shijian.accounts.domain.jurisdiction_root_path``).
    """

    display_name = models.CharField("姓名 name", max_length=100, blank=True, default="")
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="所属机构 org unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField("手机号 phone", max_length=20, blank=True, default="")

    jurisdiction_path_lookup = "org_unit__path"

    class Meta:
        verbose_name = "用户 user"
        verbose_name_plural = "用户 users"

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def audit_org_unit_path(self) -> str:
        """Audit records of a user belong to the user's unit."""
        return self.org_unit.path if self.org_unit_id and self.org_unit else ""


class UserRole(models.Model):
    """One role held by a user (a user may hold several)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(
        "角色 role", max_length=30, choices=[(r.value, f"{r.label_zh} {r.label_en}") for r in Role]
    )
    granted_at = models.DateTimeField("授予时间 granted at", auto_now_add=True)

    class Meta:
        verbose_name = "角色授予 role grant"
        verbose_name_plural = "角色授予 role grants"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="userrole_unique")]

    def __str__(self) -> str:
        return f"{self.user} - {self.role}"


class EnforcementCertificate(models.Model):
    """An officer's administrative-enforcement certificate (行政执法证).

    Only officers with a certificate valid on the day may inspect or act as
    the two required officers (行政处罚法 Art. 42).
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField("执法证号 certificate number", max_length=40, unique=True)
    issued_on = models.DateField("发证日期 issued on")
    expires_on = models.DateField("有效期至 expires on")
    issuing_authority = models.CharField("发证机关 issuing authority", max_length=100, blank=True, default="")
    revoked_on = models.DateField("注销日期 revoked on", null=True, blank=True)

    class Meta:
        verbose_name = "执法证 enforcement certificate"
        verbose_name_plural = "执法证 enforcement certificates"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gte=models.F("issued_on")), name="cert_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def audit_org_unit_path(self) -> str:
        """Certificates are audited under their holder's unit."""
        return self.user.audit_org_unit_path

    def is_valid_on(self, day: dt.date) -> bool:
        """True when the certificate may be used on ``day``."""
        if self.revoked_on is not None and self.revoked_on <= day:
            return False
        return self.issued_on <= day <= self.expires_on


class ApiToken(models.Model):
    """A bearer token for the officer API. Only a SHA-256 of the secret is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称 name", max_length=100)
    prefix = models.CharField("前缀 prefix", max_length=12, db_index=True)
    key_hash = models.CharField("密钥哈希 key hash", max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间 created at", auto_now_add=True)
    expires_at = models.DateTimeField("过期时间 expires at", null=True, blank=True)
    last_used_at = models.DateTimeField("最近使用 last used", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间 revoked at", null=True, blank=True)

    class Meta:
        verbose_name = "API令牌 API token"
        verbose_name_plural = "API令牌 API tokens"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def audit_org_unit_path(self) -> str:
        """Tokens are audited under their owner's unit."""
        return self.user.audit_org_unit_path
