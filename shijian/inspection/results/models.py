"""Results of random inspections (抽查检查结果): categories, the result of a task, evidence, signatures.

A result goes ``draft -> completed -> published``: the inspectors record it on
site (category, one finding per checklist point, evidence files), each active
inspector of the task signs it, and the last signature completes it and
starts the publication clock (``inspection.result_publish``). Publishing
gives it a notice number and records the credit fact ``inspection.result``,
which puts it on the entity's portal timeline and feeds the risk features
and the backtesting.
"""

from __future__ import annotations

from django.db import models

from shijian.inspection.models import Task, TaskInspector


class FollowUp(models.TextChoices):
    """What a result of the category sets off when it is completed (后续处置)."""

    NONE = "none", "无 none"
    ABNORMAL_EVIDENCE = "abnormal_evidence", "经营异常名录无法联系证据 abnormal-list evidence"
    CASE_LEAD = "case_lead", "案件线索 case lead"


class ResultCategory(models.Model):
    """One result category (检查结果类别): the standard ones are seeded, a bureau may add others.

    ``problem_found`` says whether the inspection found a problem (the
    outcome the risk model is backtested against); ``follow_up`` what
    completing such a result sets off. Categories are never deleted:
    an obsolete one is deactivated, past results keep it.
    """

    code = models.CharField("类别编码 code", max_length=40, unique=True)
    label_zh = models.CharField("类别名称 label", max_length=100)
    label_en = models.CharField("英文名称 English label", max_length=200)
    problem_found = models.BooleanField("发现问题 problem found")
    follow_up = models.CharField(
        "后续处置 follow-up", max_length=20, choices=FollowUp.choices, default=FollowUp.NONE
    )
    order = models.PositiveSmallIntegerField("顺序 order", default=100)
    standard = models.BooleanField("标准类别 standard category", default=False)
    active = models.BooleanField("启用 active", default=True)

    class Meta:
        verbose_name = "检查结果类别 result category"
        verbose_name_plural = "检查结果类别 result categories"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.label_zh} {self.label_en}"


class ResultStatus(models.TextChoices):
    """Where a result stands."""

    DRAFT = "draft", "填写中 draft"
    COMPLETED = "completed", "已签字待公示 signed, awaiting publication"
    PUBLISHED = "published", "已公示 published"


class InspectionResult(models.Model):
    """The result of one inspection task (检查结果), recorded by its inspectors on site.

    ``findings`` is one entry per checklist point of the plan's items:
    ``{"item": code, "point": text, "outcome": "ok" | "problem" | "na", "note": text}``.
    ``completed_on`` is the day of the last signature (检查结束), from which
    the publication clock runs; ``notice_number`` and ``published_on`` are
    set by publication, ``credit_fact_id`` is the fact then recorded.
    """

    task = models.OneToOneField(Task, on_delete=models.PROTECT, related_name="result")
    category = models.ForeignKey(
        ResultCategory, verbose_name="检查结果 category", on_delete=models.PROTECT, related_name="+"
    )
    inspected_on = models.DateField("检查日期 inspected on")
    findings = models.JSONField("检查要点记录 findings", default=list)
    summary = models.TextField("检查情况 summary", blank=True, default="")
    status = models.CharField(
        "状态 status", max_length=10, choices=ResultStatus.choices, default=ResultStatus.DRAFT
    )
    completed_on = models.DateField("检查结束日期 completed on", null=True, blank=True)
    publish_due = models.DateField("公示期限 publication due", null=True, blank=True)
    published_on = models.DateField("公示日期 published on", null=True, blank=True)
    notice_number = models.CharField("结果公示编号 notice number", max_length=60, blank=True, default="")
    credit_fact_id = models.BigIntegerField("信用信息 credit fact", null=True, blank=True)
    follow_up_done = models.JSONField("已触发的后续处置 follow-ups done", default=dict, blank=True)
    recorded_by = models.CharField("录入人 recorded by", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    jurisdiction_path_lookup = "task__plan__lead__path"

    class Meta:
        verbose_name = "检查结果 inspection result"
        verbose_name_plural = "检查结果 inspection results"
        ordering = ["task"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice_number"],
                condition=~models.Q(notice_number=""),
                name="inspection_result_notice_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.status}"

    @property
    def audit_org_unit_path(self) -> str:
        """Audited under the plan's lead department."""
        return self.task.plan.lead.path


class ResultSignature(models.Model):
    """One inspector's signature on a result (检查人员签字): the inspector confirms its content.

    ``content_sha256`` is the hash of the result's content when signed; a
    changed result voids the signatures (they are deleted and the change is
    audited), so a signature always covers what is stored.
    """

    result = models.ForeignKey(InspectionResult, on_delete=models.CASCADE, related_name="signatures")
    task_inspector = models.ForeignKey(TaskInspector, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField("签字人 signer", max_length=100)
    certificate_number = models.CharField("执法证号 certificate", max_length=60, blank=True, default="")
    content_sha256 = models.CharField("签字内容哈希 content SHA-256", max_length=64)
    signed_at = models.DateTimeField("签字时间 signed at")

    class Meta:
        verbose_name = "检查人员签字 signature"
        verbose_name_plural = "检查人员签字 signatures"
        ordering = ["result", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["result", "task_inspector"], name="inspection_result_sign_once")
        ]

    def __str__(self) -> str:
        return f"{self.result_id} {self.signer_name}"


class EvidenceKind(models.TextChoices):
    """What an evidence file is."""

    PHOTO = "photo", "现场照片 photo"
    DOCUMENT = "document", "书证材料 document"
    RECORD = "record", "现场笔录 on-site record"


class ResultEvidence(models.Model):
    """An evidence file or photo of a result (检查证据), stored by content hash; internal."""

    result = models.ForeignKey(InspectionResult, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField("类别 kind", max_length=10, choices=EvidenceKind.choices)
    point = models.CharField("对应检查要点 checklist point", max_length=300, blank=True, default="")
    caption = models.CharField("说明 caption", max_length=300, blank=True, default="")
    filename = models.CharField("文件名 filename", max_length=200)
    size = models.PositiveIntegerField("大小 size")
    sha256 = models.CharField("哈希 SHA-256", max_length=64)
    file = models.FileField("文件 file", upload_to="inspection/evidence/", max_length=255)
    uploaded_by = models.CharField("上传人 uploaded by", max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "检查证据 evidence"
        verbose_name_plural = "检查证据 evidence"
        ordering = ["result", "id"]
        constraints = [models.UniqueConstraint(fields=["result", "sha256"], name="inspection_evidence_once")]

    def __str__(self) -> str:
        return f"{self.result_id} {self.filename}"


class ResultCounter(models.Model):
    """The last result-notice number given out per authority and year."""

    authority = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "结果公示编号 result notice counter"
        verbose_name_plural = "结果公示编号 result notice counters"
        constraints = [
            models.UniqueConstraint(fields=["authority", "year"], name="inspection_result_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.authority} {self.year}: {self.last}"
