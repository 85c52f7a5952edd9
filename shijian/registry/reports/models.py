"""Annual reports (年度报告) and ad-hoc disclosures (即时信息) filed by entities."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shijian.registry.models import EntityOwned, MarketEntity, PublicFact
from shijian.registry.reports.domain import DisclosureKind, ReportForm


class AnnualReport(EntityOwned, models.Model):
    """One entity's annual report for one year (年度报告), as last filed or corrected.

    ``payload`` holds every field of the catalogue version the report was
    filed under (public and non-public alike: officers see all of it);
    ``public_fields`` lists the optional fields the filer chose to publish.
    Only the public part reaches the portal (``fact``). Earlier versions of
    a corrected report are kept in the audit trail (before/after).
    """

    entity = models.ForeignKey(MarketEntity, on_delete=models.PROTECT, related_name="annual_reports")
    report_year = models.PositiveSmallIntegerField("报告年度 report year")
    form = models.CharField("表单 form", max_length=20, choices=[(f.value, f.label_zh) for f in ReportForm])
    catalogue_version = models.CharField("填报项目录版本 catalogue version", max_length=40)
    payload = models.JSONField("填报内容 content", default=dict)
    public_fields = models.JSONField("选择公示的项目 optional fields published", default=list)
    filed_on = models.DateField("报送日期 filed on")
    deadline = models.DateField("报送截止日 deadline")
    deadline_rule_version = models.PositiveIntegerField("截止日规则版本 deadline rule version")
    late = models.BooleanField("逾期报送 filed late", default=False)
    revision = models.PositiveSmallIntegerField("版本 revision", default=1)
    corrected_on = models.DateField("最近更正日期 last corrected on", null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人 filed by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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
        verbose_name = "年度报告 annual report"
        verbose_name_plural = "年度报告 annual reports"
        ordering = ["-report_year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "report_year"], name="annual_report_entity_year_unique")
        ]
        indexes = [models.Index(fields=["report_year", "late"], name="annual_report_year_late_idx")]

    def __str__(self) -> str:
        return f"{self.entity.name} {self.report_year}年度报告"


class DisclosureStatus(models.TextChoices):
    """Where an ad-hoc disclosure stands."""

    RECORDED = "recorded", "待公示 recorded"
    FILED = "filed", "已公示 disclosed"


class AdhocDisclosure(EntityOwned, models.Model):
    """One item of ad-hoc information (即时信息) an entity must disclose within 20 working days.

    Recording the date the information formed starts a clock
    (``registry.adhoc_disclosure``); filing the content stops it and
    publishes it. ``late`` is set when it was filed after ``due_on``.
    """

    entity = models.ForeignKey(MarketEntity, on_delete=models.PROTECT, related_name="adhoc_disclosures")
    kind = models.CharField(
        "类别 kind", max_length=30, choices=[(k.value, k.label_zh) for k in DisclosureKind]
    )
    formed_on = models.DateField("信息形成日期 formed on")
    due_on = models.DateField("公示期限 due on")
    status = models.CharField(
        "状态 status", max_length=20, choices=DisclosureStatus.choices, default=DisclosureStatus.RECORDED
    )
    content = models.JSONField("公示内容 content", default=dict)
    filed_on = models.DateField("公示日期 filed on", null=True, blank=True)
    late = models.BooleanField("逾期公示 disclosed late", default=False)
    clock = models.ForeignKey(
        "clock.Clock",
        verbose_name="期限计时 clock",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人 recorded by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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
        verbose_name = "即时信息 ad-hoc disclosure"
        verbose_name_plural = "即时信息 ad-hoc disclosures"
        ordering = ["-formed_on", "-id"]
        indexes = [models.Index(fields=["entity", "status"], name="disclosure_entity_status_idx")]

    def __str__(self) -> str:
        return f"{self.entity.name} {DisclosureKind(self.kind).label_zh} {self.formed_on}"
