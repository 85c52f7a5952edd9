"""Case leads (案件线索): findings of other procedures that may open an enforcement case."""

from __future__ import annotations

from django.db import models

from shijian.accounts.models import OrgUnit
from shijian.registry.models import MarketEntity


class LeadStatus(models.TextChoices):
    """Where a case lead stands. Leads are created ``open``; the cases app proper moves them on."""

    OPEN = "open", "待核查 open"
    ACCEPTED = "accepted", "已立案 accepted"
    DISMISSED = "dismissed", "不予立案 dismissed"


class CaseLead(models.Model):
    """A case lead (案件线索) handed over by another procedure, e.g. a random-inspection result.

    ``source_type``/``source_id`` name the record that produced the lead
    (``"inspection.result"`` and the result's id): one source gives at most
    one lead (unique), so the handing-over service may be called again
    safely. ``department`` is the org unit that owns the lead and decides
    who sees it (its jurisdiction), which need not be the entity's
    supervising unit (a city-level plan inspects entities of its counties).
    """

    entity = models.ForeignKey(MarketEntity, on_delete=models.PROTECT, related_name="case_leads")
    source_type = models.CharField("来源类型 source type", max_length=50)
    source_id = models.CharField("来源编号 source id", max_length=64)
    summary = models.TextField("线索摘要 summary")
    found_on = models.DateField("发现日期 found on")
    department = models.ForeignKey(
        OrgUnit, verbose_name="承办部门 department", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态 status", max_length=10, choices=LeadStatus.choices, default=LeadStatus.OPEN
    )
    created_by = models.CharField("记录人 created by", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    jurisdiction_path_lookup = "department__path"

    class Meta:
        verbose_name = "案件线索 case lead"
        verbose_name_plural = "案件线索 case leads"
        ordering = ["-found_on", "-id"]
        constraints = [
            # One lead per source: the handing-over service relies on it to be idempotent.
            models.UniqueConstraint(fields=["source_type", "source_id"], name="cases_lead_one_per_source")
        ]
        indexes = [models.Index(fields=["status", "found_on"], name="cases_lead_status_idx")]

    def __str__(self) -> str:
        return f"{self.source_type}:{self.source_id} {self.entity_id} ({self.found_on})"

    @property
    def audit_org_unit_path(self) -> str:
        """Audited under the department that owns the lead."""
        return self.department.path
