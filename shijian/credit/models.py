"""Credit facts (信用信息): one immutable, sourced statement per row."""

from __future__ import annotations

from django.db import models

from shijian.credit.domain import Category, Relation, Severity
from shijian.registry.models import EntityOwned, MarketEntity, Person, PublicFact


class CreditFact(EntityOwned, models.Model):
    """One credit fact about a market entity (and possibly its responsible person).

    Rows are never updated or deleted (a PostgreSQL trigger refuses it): a
    correction or revocation is a new fact whose ``supersedes`` points at
    the old one. ``public_fact`` is the portal entry of a public fact;
    ``body`` keeps the full, unmasked content for officers (the portal entry
    holds the masked copy). ``source_type``/``source_id`` name the record in
    the app that produced the fact (a listing, a case, an inspection task).
    """

    entity = models.ForeignKey(MarketEntity, on_delete=models.PROTECT, related_name="credit_facts")
    person = models.ForeignKey(
        Person,
        verbose_name="涉及人员 person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_facts",
    )
    kind = models.CharField("类别 kind", max_length=60)
    category = models.CharField(
        "信息类别 category", max_length=20, choices=[(c.value, c.label_zh) for c in Category]
    )
    title = models.CharField("标题 title", max_length=300)
    body = models.JSONField("内容 content", default=dict, blank=True)
    severity = models.CharField(
        "失信程度 severity", max_length=10, choices=[(s.value, s.label_zh) for s in Severity]
    )
    source_department = models.CharField("作出部门 source department", max_length=200)
    document_number = models.CharField("文书号 document number", max_length=100, blank=True, default="")
    legal_basis = models.TextField("法律依据 legal basis", blank=True, default="")
    decided_on = models.DateField("作出日期 decided on")
    public = models.BooleanField("对外公示 public")
    public_fact = models.OneToOneField(
        PublicFact, null=True, blank=True, on_delete=models.PROTECT, related_name="credit_fact"
    )
    supersedes = models.ForeignKey(
        "self",
        verbose_name="更正/撤销的信息 supersedes",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    relation = models.CharField(
        "关系 relation",
        max_length=10,
        blank=True,
        default="",
        choices=[(r.value, r.label_zh) for r in Relation],
    )
    reason = models.TextField("更正或撤销理由 reason", blank=True, default="")
    source_type = models.CharField("来源对象类型 source type", max_length=100, blank=True, default="")
    source_id = models.CharField("来源对象ID source id", max_length=64, blank=True, default="")
    recorded_by = models.CharField("记录人 recorded by", max_length=200)
    recorded_at = models.DateTimeField("记录时间 recorded at", auto_now_add=True)

    class Meta:
        verbose_name = "信用信息 credit fact"
        verbose_name_plural = "信用信息 credit facts"
        ordering = ["-decided_on", "-id"]
        indexes = [
            models.Index(fields=["entity", "decided_on"], name="creditfact_entity_date_idx"),
            models.Index(fields=["kind", "decided_on"], name="creditfact_kind_date_idx"),
            models.Index(fields=["source_type", "source_id"], name="creditfact_source_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(supersedes__isnull=True) & models.Q(relation=""))
                | (models.Q(supersedes__isnull=False) & ~models.Q(relation="")),
                name="creditfact_relation_with_supersedes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.decided_on})"
