"""Listings on the abnormal-operations list, their evidence, objections, follow-up proposals and sweeps.

The evidence includes the contact failures (无法联系) other procedures find, which queue the letters.
"""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.db import models

from shijian.accounts.models import OrgUnit
from shijian.credit.abnormal.domain import (
    Ground,
    ListingStatus,
    Mode,
    ObjectionStatus,
    ProposalKind,
    ProposalStatus,
)
from shijian.credit.models import CreditFact
from shijian.registry.models import EntityOwned, MarketEntity


def _choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(m.value, m.value) for m in enum]


class AbnormalListing(EntityOwned, models.Model):
    """One listing decision (列入经营异常名录决定) - or, for an individual business, the abnormal status.

    The listing is a public credit fact (``fact``, kind ``abnormal.listed``);
    removal records ``removal_fact`` (``abnormal.removed``) and takes the
    listing's portal entry off. ``report_year`` is set for ground (1),
    ``disclosure`` for ground (2) when the ordered disclosure is on the platform.
    """

    entity = models.ForeignKey(MarketEntity, on_delete=models.PROTECT, related_name="abnormal_listings")
    mode = models.CharField("措施 mode", max_length=10, choices=_choices(Mode))
    ground = models.CharField("列入事由 ground", max_length=30, choices=_choices(Ground))
    report_year = models.PositiveSmallIntegerField("未报年度 report year", null=True, blank=True)
    disclosure = models.ForeignKey(
        "registry_reports.AdhocDisclosure",
        verbose_name="责令公示的即时信息 ordered disclosure",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField("列入理由 reason", blank=True, default="")
    ground_on = models.DateField("事由确认日期 ground established on")
    decided_on = models.DateField("列入日期 decided on")
    list_due = models.DateField("列入期限 listing due by")
    listed_late = models.BooleanField("逾期列入 listed late", default=False)
    authority = models.ForeignKey(
        OrgUnit, verbose_name="作出决定机关 authority", on_delete=models.PROTECT, related_name="+"
    )
    document_number = models.CharField("决定书文号 decision number", max_length=100, unique=True)
    objection_until = models.DateField("异议期限至 objections until")
    status = models.CharField(
        "状态 status", max_length=10, choices=_choices(ListingStatus), default=ListingStatus.LISTED.value
    )
    # Set right after the listing row exists (the fact names the listing as its source).
    fact = models.OneToOneField(
        CreditFact,
        verbose_name="列入信用信息 listing fact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cured_on = models.DateField("整改日期 cured on", null=True, blank=True)
    cure_note = models.TextField("整改情况 cure", blank=True, default="")
    remove_due = models.DateField("移出期限 removal due by", null=True, blank=True)
    removed_on = models.DateField("移出日期 removed on", null=True, blank=True)
    removed_late = models.BooleanField("逾期移出 removed late", default=False)
    removal_document_number = models.CharField(
        "移出决定书文号 removal decision number", max_length=100, blank=True, default=""
    )
    removal_fact = models.OneToOneField(
        CreditFact,
        verbose_name="移出信用信息 removal fact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    list_clock = models.ForeignKey(
        "clock.Clock", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    remove_clock = models.ForeignKey(
        "clock.Clock", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sweep = models.ForeignKey(
        "SweepRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="listings"
    )
    recorded_by = models.CharField("记录人 recorded by", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "经营异常名录列入 abnormal listing"
        verbose_name_plural = "经营异常名录列入 abnormal listings"
        ordering = ["-decided_on", "-id"]
        constraints = [
            # Never list twice for the same missing report (the sweep relies on it).
            models.UniqueConstraint(
                fields=["entity", "report_year"],
                condition=models.Q(ground="annual_report"),
                name="abnormal_one_listing_per_report_year",
            ),
            models.CheckConstraint(
                condition=~models.Q(ground="annual_report") | models.Q(report_year__isnull=False),
                name="abnormal_report_year_for_ground_1",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "ground"], name="abnormal_status_ground_idx"),
            models.Index(fields=["entity", "status"], name="abnormal_entity_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.document_number} {self.entity.name}"


class RegisteredLetter(EntityOwned, models.Model):
    """A registered letter (挂号信) sent to the registered address: the evidence of ground (4)."""

    entity = models.ForeignKey(MarketEntity, on_delete=models.PROTECT, related_name="registered_letters")
    sent_on = models.DateField("寄出日期 sent on")
    tracking_number = models.CharField("挂号信编号 tracking number", max_length=30)
    address = models.CharField("寄送地址 address", max_length=300)
    returned_unsigned = models.BooleanField("无人签收退回 returned unsigned", default=False)
    returned_on = models.DateField("退回日期 returned on", null=True, blank=True)
    note = models.TextField("备注 note", blank=True, default="")
    recorded_by = models.CharField("记录人 recorded by", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "挂号信 registered letter"
        verbose_name_plural = "挂号信 registered letters"
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "tracking_number"], name="abnormal_letter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.sent_on}"


class ContactFailure(EntityOwned, models.Model):
    """A finding of another procedure that the entity is unreachable at its registered address.

    通过登记的住所或者经营场所无法联系: e.g. a random-inspection result
    (``source_type`` ``"inspection.result"``). It is not itself the evidence of
    ground (4) - listing still needs the two registered letters returned
    unsigned - but it puts the entity on the abnormal section's work queue
    (send the letters). One finding per source (unique), so the hand-over
    may be repeated safely. ``reference`` is the source's document number or
    a short description.
    """

    entity = models.ForeignKey(MarketEntity, on_delete=models.PROTECT, related_name="contact_failures")
    found_on = models.DateField("发现日期 found on")
    source_type = models.CharField("来源类型 source type", max_length=50)
    source_id = models.CharField("来源编号 source id", max_length=64)
    reference = models.CharField("文书编号或说明 reference", max_length=200)
    note = models.TextField("备注 note", blank=True, default="")
    recorded_by = models.CharField("记录人 recorded by", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "无法联系发现 contact failure"
        verbose_name_plural = "无法联系发现 contact failures"
        ordering = ["-found_on", "-id"]
        constraints = [
            # One finding per source: the recording service relies on it to be idempotent.
            models.UniqueConstraint(
                fields=["source_type", "source_id"], name="abnormal_contact_failure_one_per_source"
            )
        ]
        indexes = [models.Index(fields=["entity", "found_on"], name="abnormal_contact_entity_idx")]

    def __str__(self) -> str:
        return f"{self.reference} {self.found_on}"


class AbnormalObjection(models.Model):
    """An objection to a listing (异议), filed by the enterprise within the objection period.

    ``accept_clock`` runs ``objection.accept`` from filing, ``verify_clock``
    ``objection.verify`` from acceptance. ``reply`` is the reply letter
    (异议处理答复) sent to the enterprise.
    """

    listing = models.ForeignKey(AbnormalListing, on_delete=models.PROTECT, related_name="objections")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    objector_name = models.CharField("异议人 objector", max_length=200)
    contact = models.CharField("联系方式 contact", max_length=100)
    reason = models.TextField("异议理由 reason")
    filed_on = models.DateField("提出日期 filed on")
    status = models.CharField(
        "状态 status", max_length=10, choices=_choices(ObjectionStatus), default=ObjectionStatus.SUBMITTED
    )
    accept_due = models.DateField("受理期限 accept by")
    accepted_on = models.DateField("受理日期 accepted on", null=True, blank=True)
    verify_due = models.DateField("核实期限 verify by", null=True, blank=True)
    decided_on = models.DateField("办结日期 decided on", null=True, blank=True)
    reply = models.TextField("答复 reply letter", blank=True, default="")
    accept_clock = models.ForeignKey(
        "clock.Clock", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verify_clock = models.ForeignKey(
        "clock.Clock", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    jurisdiction_path_lookup = "listing__entity__supervisor_path"

    class Meta:
        verbose_name = "经营异常名录异议 objection to a listing"
        verbose_name_plural = "经营异常名录异议 objections to listings"
        ordering = ["filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.objector_name} → {self.listing}"

    @property
    def audit_org_unit_path(self) -> str:
        """Audited under the entity's supervising unit."""
        return self.listing.entity.supervisor_path


class EnforcementProposal(EntityOwned, models.Model):
    """A follow-up an officer must confirm (2024 Art. 18): revoke the licence, or open a penalty case."""

    entity = models.ForeignKey(MarketEntity, on_delete=models.PROTECT, related_name="abnormal_proposals")
    kind = models.CharField("建议类别 kind", max_length=20, choices=_choices(ProposalKind))
    status = models.CharField(
        "状态 status", max_length=10, choices=_choices(ProposalStatus), default=ProposalStatus.PENDING
    )
    grounds = models.TextField("依据 grounds")
    listings = models.ManyToManyField(AbnormalListing, related_name="proposals", blank=True)
    proposed_on = models.DateField("提出日期 proposed on")
    decided_on = models.DateField("处理日期 decided on", null=True, blank=True)
    decided_by = models.CharField("处理人 decided by", max_length=200, blank=True, default="")
    document_number = models.CharField("决定书文号 document number", max_length=100, blank=True, default="")
    note = models.TextField("处理意见 note", blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "处置建议 enforcement proposal"
        verbose_name_plural = "处置建议 enforcement proposals"
        ordering = ["status", "-proposed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.entity.name}"


class SweepStatus(models.TextChoices):
    """Where a sweep run stands."""

    RUNNING = "running", "进行中 running"
    FINISHED = "finished", "已完成 finished"


class SweepRun(models.Model):
    """The annual sweep for one report year (未年报企业批量列入): resumable, one per report year.

    ``cursor`` is the last entity id whose batch committed; a re-run continues
    after it. The unique listing per (entity, report year) makes a second
    pass list nobody twice.
    """

    report_year = models.PositiveSmallIntegerField("报告年度 report year", unique=True)
    status = models.CharField("状态 status", max_length=10, choices=SweepStatus.choices)
    cursor = models.BigIntegerField("游标 cursor (last entity id done)", default=0)
    total = models.IntegerField("待处理数 candidates at start", default=0)
    listed = models.IntegerField("列入名录 listed", default=0)
    marked = models.IntegerField("标记异常状态 abnormal status", default=0)
    failed = models.IntegerField("失败 failed", default=0)
    errors = models.JSONField("错误 errors", default=list)
    batches = models.IntegerField("批次 batches", default=0)
    decided_on = models.DateField("列入日期 decided on")
    started_by = models.CharField("操作人 started by", max_length=200)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "未年报列入批处理 annual sweep"
        verbose_name_plural = "未年报列入批处理 annual sweeps"
        ordering = ["-report_year"]

    def __str__(self) -> str:
        return f"{self.report_year} {self.status}"


class DecisionCounter(models.Model):
    """Running numbers of decisions per authority, year and series (异列 listing, 异移 removal)."""

    authority = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=10)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["authority", "year", "series"], name="abnormal_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.authority_id} {self.series} {self.year}: {self.last}"
