"""Credit-repair applications (信用修复申请), their materials and the letter-number counters."""

from __future__ import annotations

from django.db import models

from shijian.core.clock.models import Clock
from shijian.credit.abnormal.models import AbnormalListing
from shijian.credit.models import CreditFact
from shijian.credit.repair.domain import ApplicationStatus, MaterialKind, RepairKind
from shijian.credit.serious.models import SeriousListing
from shijian.registry.models import EntityOwned, MarketEntity

_LIST_KINDS = ["abnormal_removal", "status_restoration"]


class RepairApplication(EntityOwned, models.Model):
    """One application for credit repair and its handling (受理 → 决定 → 执行).

    ``target_fact`` is the credit fact whose publicity the repair ends (the
    penalty, or the listing's fact); ``abnormal_listing``/``serious_listing``
    is set for the list kinds. ``checks`` keeps the eligibility checks as
    last evaluated (at submission, then at the decision) so that the record
    shows why it was decided as it was. Clocks: ``credit_repair.accept``
    from submission, ``credit_repair.decide`` from acceptance,
    ``credit_repair.execute`` from the decision.
    """

    entity = models.ForeignKey(MarketEntity, on_delete=models.PROTECT, related_name="repair_applications")
    kind = models.CharField(
        "修复类别 kind", max_length=30, choices=[(k.value, k.label_zh) for k in RepairKind]
    )
    status = models.CharField(
        "状态 status",
        max_length=20,
        choices=[(s.value, s.label_zh) for s in ApplicationStatus],
        default=ApplicationStatus.SUBMITTED.value,
    )
    target_fact = models.ForeignKey(
        CreditFact, verbose_name="修复的信用信息 target fact", on_delete=models.PROTECT, related_name="+"
    )
    abnormal_listing = models.ForeignKey(
        AbnormalListing, null=True, blank=True, on_delete=models.PROTECT, related_name="repair_applications"
    )
    serious_listing = models.ForeignKey(
        SeriousListing, null=True, blank=True, on_delete=models.PROTECT, related_name="repair_applications"
    )
    authority = models.CharField("办理机关 handling authority", max_length=200)
    applicant_name = models.CharField("申请人 applicant", max_length=200)
    contact = models.CharField("联系方式 contact", max_length=100)
    statement = models.TextField("申请事由及整改情况 statement")
    cured_on = models.DateField("整改完成日期 cured on", null=True, blank=True)
    filed_by_user_id = models.BigIntegerField("提交用户 filed by user", null=True, blank=True)
    filed_by = models.CharField("提交人 filed by", max_length=200)
    submitted_on = models.DateField("申请日期 submitted on")
    checks = models.JSONField("资格核验 eligibility checks", default=list, blank=True)
    accept_due = models.DateField("受理期限 accept by")
    accepted_on = models.DateField("受理日期 accepted on", null=True, blank=True)
    acceptance_number = models.CharField("受理通知书文号 acceptance letter", max_length=100, blank=True)
    decide_due = models.DateField("决定期限 decide by", null=True, blank=True)
    decided_on = models.DateField("决定日期 decided on", null=True, blank=True)
    decision_number = models.CharField("决定书文号 decision letter", max_length=100, blank=True)
    decided_by = models.CharField("承办人 decided by", max_length=200, blank=True, default="")
    obligations_performed = models.BooleanField("已履行法定义务 obligations performed", null=True)
    harm_removed = models.BooleanField("危害后果已消除 harm removed", null=True)
    reason = models.TextField("理由 reason", blank=True, default="")
    execute_due = models.DateField("执行期限 execute by", null=True, blank=True)
    executed_on = models.DateField("执行日期 executed on", null=True, blank=True)
    result_fact = models.ForeignKey(
        CreditFact,
        verbose_name="修复结果信息 result fact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accept_clock = models.ForeignKey(Clock, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decide_clock = models.ForeignKey(Clock, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    execute_clock = models.ForeignKey(
        Clock, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "信用修复申请 credit-repair application"
        verbose_name_plural = "信用修复申请 credit-repair applications"
        ordering = ["-submitted_on", "-id"]
        indexes = [
            models.Index(fields=["status", "accept_due"], name="repair_status_due_idx"),
            models.Index(fields=["entity", "submitted_on"], name="repair_entity_date_idx"),
        ]
        constraints = [
            # One application at a time per repaired fact: a second waits for the first.
            models.UniqueConstraint(
                fields=["target_fact"],
                condition=models.Q(status__in=["submitted", "accepted"]),
                name="repair_one_open_per_fact",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=_LIST_KINDS, abnormal_listing__isnull=False)
                    | models.Q(kind="serious_early", serious_listing__isnull=False)
                    | models.Q(kind="penalty_publicity")
                ),
                name="repair_kind_has_its_listing",
            ),
        ]

    def __str__(self) -> str:
        return f"{RepairKind(self.kind).label_zh} - {self.entity_id} ({self.submitted_on})"

    @property
    def status_enum(self) -> ApplicationStatus:
        """The status as the domain enum."""
        return ApplicationStatus(self.status)

    @property
    def kind_enum(self) -> RepairKind:
        """The kind as the domain enum."""
        return RepairKind(self.kind)


def _material_path(instance: RepairMaterial, filename: str) -> str:
    # The stored name is the content hash: the uploaded name is kept only for display.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"credit_repair/{instance.application_id}/{instance.sha256[:32]}.{extension}"


class RepairMaterial(models.Model):
    """One uploaded material of an application (申请材料): never public, served to its readers only."""

    application = models.ForeignKey(RepairApplication, on_delete=models.PROTECT, related_name="materials")
    kind = models.CharField(
        "材料类别 kind", max_length=30, choices=[(m.value, m.label_zh) for m in MaterialKind]
    )
    file = models.FileField("文件 file", upload_to=_material_path, max_length=300)
    filename = models.CharField("原文件名 file name", max_length=200)
    size = models.PositiveIntegerField("大小 size (bytes)")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.CharField("上传人 uploaded by", max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "信用修复申请材料 repair material"
        verbose_name_plural = "信用修复申请材料 repair materials"
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return f"{self.filename} ({MaterialKind(self.kind).label_zh})"

    @property
    def entity(self) -> MarketEntity:
        """The application's entity (scoping and audit)."""
        return self.application.entity

    @property
    def audit_org_unit_path(self) -> str:
        """Audited under the entity's supervising unit."""
        return self.application.entity.supervisor_path


class RepairCounter(models.Model):
    """The last letter number given out per authority, year and series (受理/决定)."""

    authority = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "信用修复文书编号 repair letter counter"
        verbose_name_plural = "信用修复文书编号 repair letter counters"
        constraints = [models.UniqueConstraint(fields=["authority", "year"], name="repaircounter_unique")]

    def __str__(self) -> str:
        return f"{self.authority} {self.year}: {self.last}"
