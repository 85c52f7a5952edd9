"""Listings on the serious-violation list (严重违法失信名单) and the party's submissions."""

from __future__ import annotations

from django.db import models

from shijian.credit.models import CreditFact
from shijian.credit.serious.domain import HeavierPenalty, ListingStatus, SubmissionKind
from shijian.registry.models import EntityOwned, MarketEntity, Person


class SeriousListing(EntityOwned, models.Model):
    """One listing procedure, from the proposal (列入建议) to the removal (移出).

    Created from a case's penalty decision (the cases app calls
    ``serious_proposal_create``) or by an officer. The dates that come from
    the rule table (notice deadlines, publication due date, end of listing,
    end of the person bar) are stored with the listing when they are
    computed, so a later rule change does not move them. ``person`` is the
    responsible person at the time of the decision (for the 3-year bar of
    企业信息公示暂行条例 Art. 18 when ``bars_person``).
    """

    entity = models.ForeignKey(MarketEntity, on_delete=models.PROTECT, related_name="serious_listings")
    status = models.CharField(
        "状态 status",
        max_length=12,
        choices=[(s.value, s.label_zh) for s in ListingStatus],
        default=ListingStatus.PROPOSED.value,
    )
    # -- the proposal: the case and its penalty decision --------------------------------
    category = models.CharField("列入情形 category", max_length=40)
    bars_person = models.BooleanField("限制法定代表人任职 bars the person", default=False)
    heavier_penalty_kind = models.CharField(
        "较重行政处罚种类 heavier penalty",
        max_length=30,
        choices=[(k.value, k.label_zh) for k in HeavierPenalty],
    )
    penalty_document_number = models.CharField("处罚决定书文号 penalty decision number", max_length=100)
    penalty_decided_on = models.DateField("处罚决定日期 penalty decided on")
    penalty_description = models.TextField("处罚内容 penalty", blank=True, default="")
    facts = models.TextField("违法事实 facts")
    legal_basis = models.TextField("列入依据 legal basis")
    case_reference = models.CharField("案件编号 case reference", max_length=100, blank=True, default="")
    source_type = models.CharField("来源对象类型 source type", max_length=100, blank=True, default="")
    source_id = models.CharField("来源对象ID source id", max_length=64, blank=True, default="")
    proposed_on = models.DateField("建议日期 proposed on")
    proposed_by = models.CharField("建议人 proposed by", max_length=200)
    # -- the notice (告知) ---------------------------------------------------------------
    notice_document_number = models.CharField(
        "告知书文号 notice number", max_length=100, blank=True, default=""
    )
    notice_served_on = models.DateField("告知送达日期 notice served on", null=True, blank=True)
    statement_due = models.DateField("陈述申辩期限 statement due", null=True, blank=True)
    hearing_request_due = models.DateField("听证申请期限 hearing request due", null=True, blank=True)
    # -- approval one level up (上一级批准) ----------------------------------------------
    approval_unit = models.CharField("批准机关 approving bureau", max_length=100, blank=True, default="")
    approved_by_user_id = models.BigIntegerField("批准人 approver", null=True, blank=True)
    approved_by = models.CharField("批准人 approver", max_length=200, blank=True, default="")
    approved_on = models.DateField("批准日期 approved on", null=True, blank=True)
    approval_note = models.TextField("批准意见 approval note", blank=True, default="")
    # -- the listing decision (列入决定) ------------------------------------------------
    decision_number = models.CharField(
        "列入决定书文号 decision number", max_length=100, blank=True, default=""
    )
    decided_on = models.DateField("列入日期 decided on", null=True, blank=True)
    deciding_authority = models.CharField(
        "作出决定机关 deciding authority", max_length=100, blank=True, default=""
    )
    restriction_until = models.DateField("决定确定的限制期至 restriction until", null=True, blank=True)
    listed_until = models.DateField("列入期满日 listed until", null=True, blank=True)
    measures = models.JSONField("管理措施 measures", default=list, blank=True)
    person = models.ForeignKey(
        Person, verbose_name="法定代表人（负责人）person", null=True, blank=True, on_delete=models.PROTECT
    )
    person_bar_until = models.DateField("任职限制期至 person barred until", null=True, blank=True)
    publish_due = models.DateField("公示期限 publish due", null=True, blank=True)
    published_on = models.DateField("公示日期 published on", null=True, blank=True)
    listed_fact = models.OneToOneField(
        CreditFact, null=True, blank=True, on_delete=models.PROTECT, related_name="serious_listing"
    )
    # -- removal (移出) -------------------------------------------------------------------
    removed_on = models.DateField("移出日期 removed on", null=True, blank=True)
    removal_kind = models.CharField(
        "移出方式 removal",
        max_length=10,
        blank=True,
        default="",
        choices=[("expired", "期满移出"), ("early", "提前移出（信用修复）")],
    )
    removal_reason = models.TextField("移出理由 removal reason", blank=True, default="")
    removal_document_number = models.CharField(
        "移出决定书文号 removal number", max_length=100, blank=True, default=""
    )
    removed_fact = models.OneToOneField(
        CreditFact, null=True, blank=True, on_delete=models.PROTECT, related_name="serious_removal"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "严重违法失信名单 serious-violation listing"
        verbose_name_plural = "严重违法失信名单 serious-violation listings"
        ordering = ["-proposed_on", "-id"]
        indexes = [
            models.Index(fields=["status", "listed_until"], name="serious_status_until_idx"),
            models.Index(fields=["person", "person_bar_until"], name="serious_person_bar_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "penalty_document_number"],
                condition=~models.Q(status__in=["refused", "removed"]),
                name="serious_one_open_per_decision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.entity.name} {self.decision_number or self.penalty_document_number}"


class SeriousSubmission(models.Model):
    """A statement, defence, hearing request, hearing or waiver after the notice (陈述、申辩、听证)."""

    listing = models.ForeignKey(SeriousListing, on_delete=models.PROTECT, related_name="submissions")
    kind = models.CharField(
        "类别 kind", max_length=20, choices=[(k.value, k.label_zh) for k in SubmissionKind]
    )
    received_on = models.DateField("日期 on")
    summary = models.TextField("内容摘要 summary")
    outcome = models.TextField("采纳情况/听证结论 outcome", blank=True, default="")
    recorded_by = models.CharField("记录人 recorded by", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    jurisdiction_path_lookup = "listing__entity__supervisor_path"

    class Meta:
        verbose_name = "陈述申辩听证 submission"
        verbose_name_plural = "陈述申辩听证 submissions"
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.received_on}"

    @property
    def audit_org_unit_path(self) -> str:
        """Audited under the entity's supervising unit."""
        return self.listing.entity.supervisor_path
