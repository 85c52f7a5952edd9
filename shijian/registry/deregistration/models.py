"""Simplified-deregistration notices and the objections lodged against them."""

from __future__ import annotations

from django.db import models

from shijian.registry.deregistration.domain import NoticeStatus, ObjectionStatus
from shijian.registry.models import EntityOwned, MarketEntity


class DeregistrationNotice(EntityOwned, models.Model):
    """A simplified-deregistration application and its public notice (简易注销公告)."""

    entity = models.ForeignKey(MarketEntity, on_delete=models.PROTECT, related_name="deregistration_notices")
    applied_on = models.DateField("申请日期 applied on")
    notice_start = models.DateField("公示起 notice from")
    notice_end = models.DateField("公示止 notice until")
    rule_version = models.PositiveIntegerField("期限规则版本 rule version")
    status = models.CharField(
        "状态 status",
        max_length=20,
        default=NoticeStatus.NOTICE.value,
        choices=[(s.value, s.value) for s in NoticeStatus],
    )
    decided_on = models.DateField("办结日期 decided on", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "简易注销公告 simplified-deregistration notice"
        verbose_name_plural = "简易注销公告 simplified-deregistration notices"
        ordering = ["-notice_start", "-id"]

    def __str__(self) -> str:
        return f"{self.entity.name} {self.notice_start}"


class Objection(models.Model):
    """An objection to a simplified deregistration (异议), lodged by anyone during the notice.

    The objector's contact details are kept for the officer only; the public
    notice shows that an objection exists, never who lodged it.
    """

    notice = models.ForeignKey(DeregistrationNotice, on_delete=models.PROTECT, related_name="objections")
    objector_name = models.CharField("异议人 objector", max_length=200)
    objector_kind = models.CharField(
        "异议人类别 objector kind",
        max_length=20,
        choices=[
            ("creditor", "债权人"),
            ("employee", "职工"),
            ("authority", "有关部门"),
            ("other", "其他利害关系人"),
        ],
    )
    contact = models.CharField("联系方式 contact", max_length=100)
    reason = models.TextField("异议理由 reason")
    lodged_on = models.DateField("提出日期 lodged on")
    status = models.CharField(
        "处理结果 status",
        max_length=20,
        default=ObjectionStatus.PENDING.value,
        choices=[(s.value, s.value) for s in ObjectionStatus],
    )
    outcome_note = models.TextField("处理意见 outcome note", blank=True, default="")

    jurisdiction_path_lookup = "notice__entity__supervisor_path"

    class Meta:
        verbose_name = "异议 objection"
        verbose_name_plural = "异议 objections"
        ordering = ["lodged_on", "id"]

    def __str__(self) -> str:
        return f"{self.objector_name} → {self.notice}"

    @property
    def audit_org_unit_path(self) -> str:
        """Audited under the entity's supervising unit."""
        return self.notice.entity.supervisor_path
