"""The licence catalogue (证照分离改革事项清单), licences and commitment verifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shijian.registry.licences.domain import LicenceStatus, ReformMode, VerificationOutcome
from shijian.registry.models import EntityOwned, MarketEntity, PublicFact

STORED_STATUSES = [s for s in LicenceStatus if s is not LicenceStatus.EXPIRED]


class LicenceItem(models.Model):
    """A licence item of the reform catalogue (涉企经营许可事项), platform-wide.

    ``verify_rule_id`` names the clock rule of the verification after a grant
    on a written commitment (告知承诺核查): ``licence.commitment_verify`` by
    default; a province may add a rule row for particular items.
    """

    code = models.CharField("事项编码 code", max_length=40, unique=True)
    name = models.CharField("许可事项 item", max_length=200)
    department = models.CharField("审批部门 approving department", max_length=200)
    legal_basis = models.TextField("设定依据 legal basis")
    reform_mode = models.CharField(
        "改革方式 reform mode", max_length=20, choices=[(m.value, m.label_zh) for m in ReformMode]
    )
    supervision_measure = models.TextField("事中事后监管措施 follow-up supervision measure")
    verify_rule_id = models.CharField(
        "核查期限规则 verification rule", max_length=64, default="licence.commitment_verify"
    )
    edition = models.CharField("清单版本 catalogue edition", max_length=100, blank=True, default="")
    active = models.BooleanField("启用 in use", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "许可事项 licence item"
        verbose_name_plural = "许可事项 licence items"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def audit_org_unit_path(self) -> str:
        """The catalogue is platform-wide: its history is visible to all staff."""
        return ""


class Licence(EntityOwned, models.Model):
    """A licence held by an entity (行政许可), published on the portal without personal data."""

    entity = models.ForeignKey(MarketEntity, on_delete=models.PROTECT, related_name="licences")
    item = models.ForeignKey(
        LicenceItem, verbose_name="许可事项 item", on_delete=models.PROTECT, related_name="licences"
    )
    number = models.CharField("许可证编号 number", max_length=100)
    scope = models.TextField("许可范围 scope")
    issued_on = models.DateField("发证日期 issued on")
    expires_on = models.DateField(
        "有效期至 expires on", null=True, blank=True, help_text="空为长期 empty = no end"
    )
    issuing_authority = models.CharField("发证机关 issuing authority", max_length=200)
    on_commitment = models.BooleanField("告知承诺 granted on a written commitment", default=False)
    status = models.CharField(
        "状态 status",
        max_length=20,
        choices=[(s.value, s.label_zh) for s in STORED_STATUSES],
        default=LicenceStatus.VALID.value,
    )
    status_since = models.DateField("状态日期 status since")
    status_reason = models.TextField("状态变更原因 reason", blank=True, default="")
    fact = models.ForeignKey(
        PublicFact,
        verbose_name="公示信息 public fact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "行政许可 licence"
        verbose_name_plural = "行政许可 licences"
        ordering = ["-issued_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="licence_item_number_unique")]

    def __str__(self) -> str:
        return f"{self.item.name} {self.number}"


class LicenceVerification(models.Model):
    """The verification (核查) of a licence granted on a written commitment, with its clock."""

    licence = models.OneToOneField(Licence, on_delete=models.PROTECT, related_name="verification")
    rule_id = models.CharField("期限规则 rule", max_length=64)
    due_on = models.DateField("核查期限 due on")
    clock = models.ForeignKey(
        "clock.Clock",
        verbose_name="期限计时 clock",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人 assignee",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(
        "核查结果 outcome",
        max_length=20,
        choices=[(o.value, o.label_zh) for o in VerificationOutcome],
        default=VerificationOutcome.PENDING.value,
    )
    found_on = models.DateField("核查日期 verified on", null=True, blank=True)
    note = models.TextField("核查情况 findings", blank=True, default="")
    late = models.BooleanField("逾期核查 verified late", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    jurisdiction_path_lookup = "licence__entity__supervisor_path"

    class Meta:
        verbose_name = "告知承诺核查 commitment verification"
        verbose_name_plural = "告知承诺核查 commitment verifications"
        ordering = ["outcome", "due_on", "id"]

    def __str__(self) -> str:
        return f"核查 {self.licence}"

    @property
    def audit_org_unit_path(self) -> str:
        """Audited under the entity's supervising unit."""
        return self.licence.entity.supervisor_path
