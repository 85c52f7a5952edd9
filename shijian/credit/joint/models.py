"""Joint punishment (联合惩戒): versioned measures per list type, departments' queries, their feedback."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shijian.accounts.models import OrgUnit
from shijian.credit.joint.domain import Confidence, FeedbackAction, ListType, Purpose
from shijian.registry.models import EntityOwned, MarketEntity


class JointMeasure(models.Model):
    """One version of a measure that applies to entities on a list (联合惩戒措施), with its legal basis.

    Rule data, not code: a change in the law is a new version (same list type
    and code, next version number, new ``effective_from``), which ends the
    previous version the day before (``effective_to``). Rows are never
    deleted, so an answer given on any day can be explained later. The
    serious-list rows mirror the serious list's catalogue
    (``serious.domain.DEFAULT_MEASURES``): a serious listing records its own
    measures, these rows give their wording, departments and basis.
    """

    list_type = models.CharField(
        "名录类型 list type", max_length=20, choices=[(t.value, t.label_zh) for t in ListType]
    )
    code = models.CharField("措施代码 code", max_length=40)
    version = models.PositiveSmallIntegerField("版本 version", default=1)
    purpose = models.CharField(
        "惩戒事项 purpose", max_length=20, choices=[(p.value, p.value) for p in Purpose]
    )
    label_zh = models.CharField("措施 measure (zh)", max_length=200)
    label_en = models.CharField("措施 measure (en)", max_length=200)
    departments = models.CharField("实施部门 implementing departments", max_length=300)
    legal_basis = models.TextField("法律依据 legal basis")
    confidence = models.CharField(
        "依据可信度 confidence", max_length=2, choices=[(c.value, c.value) for c in Confidence]
    )
    effective_from = models.DateField("生效日期 effective from")
    effective_to = models.DateField("失效日期（含）effective to (last day)", null=True, blank=True)
    notes = models.TextField("说明 notes", blank=True, default="")
    created_by = models.CharField("录入人 created by", max_length=200, default="migration")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "联合惩戒措施 joint-punishment measure"
        verbose_name_plural = "联合惩戒措施 joint-punishment measures"
        ordering = ["list_type", "code", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["list_type", "code", "version"], name="joint_measure_version_unique"
            ),
            models.UniqueConstraint(
                fields=["list_type", "code"],
                condition=models.Q(effective_to__isnull=True),
                name="joint_measure_one_open_version",
            ),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="joint_measure_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.list_type}.{self.code} v{self.version}"

    @property
    def audit_org_unit_path(self) -> str:
        """Rule data is national: audited without an org unit (administrators see it)."""
        return ""


class JointQuery(EntityOwned, models.Model):
    """One question a department asked (联合惩戒查询) and the answer it got, kept as given.

    ``answer`` is the snapshot of the reasons (list, decision number,
    authority, dates, measure and its version, legal basis) and
    ``listings`` the listings in force on the day, so a later dispute is
    settled by what was answered, not by what the lists say today. The
    department is the asker's org unit (``department_unit``) and kind
    (``by_partner``: a partner department, or bureau staff); names are
    copied so that a renamed unit or user does not change the record.
    PostgreSQL refuses UPDATE and DELETE of these rows (migration 0003).
    """

    entity = models.ForeignKey(MarketEntity, on_delete=models.PROTECT, related_name="joint_queries")
    uscc = models.CharField("统一社会信用代码 USCC", max_length=18)
    entity_name = models.CharField("名称 name", max_length=200)
    purpose = models.CharField(
        "惩戒事项 purpose", max_length=20, choices=[(p.value, p.value) for p in Purpose]
    )
    on = models.DateField("查询基准日 day asked about")
    restricted = models.BooleanField("是否受限 restricted")
    answer = models.JSONField("答复理由 reasons", default=list)
    listings = models.JSONField("在列名录 listings in force", default=list)
    reference = models.CharField(
        "部门业务编号 department's reference", max_length=100, blank=True, default=""
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    asked_by_label = models.CharField("查询人 asked by", max_length=200)
    department_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="查询部门 department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.CharField("查询部门 department", max_length=100, blank=True, default="")
    by_partner = models.BooleanField("协同部门查询 asked by a partner department", default=False)
    asked_at = models.DateTimeField("查询时间 asked at")

    class Meta:
        verbose_name = "联合惩戒查询 joint-punishment query"
        verbose_name_plural = "联合惩戒查询 joint-punishment queries"
        ordering = ["-asked_at", "-id"]
        indexes = [
            models.Index(fields=["entity", "asked_at"], name="joint_query_entity_idx"),
            models.Index(fields=["department_unit", "asked_at"], name="joint_query_department_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.uscc} {self.purpose} {self.on}"


class JointFeedback(models.Model):
    """What the department did with an answer (反馈): the action, its document, the date, a note.

    One per query; immutable like the query (migration 0003).
    """

    query = models.OneToOneField(JointQuery, on_delete=models.PROTECT, related_name="feedback")
    action = models.CharField(
        "处理结果 action", max_length=20, choices=[(a.value, a.label_zh) for a in FeedbackAction]
    )
    document_number = models.CharField("部门文书编号 document", max_length=100, blank=True, default="")
    acted_on = models.DateField("处理日期 acted on")
    note = models.TextField("说明 note", blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_label = models.CharField("反馈人 recorded by", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    jurisdiction_path_lookup = "query__entity__supervisor_path"

    class Meta:
        verbose_name = "联合惩戒反馈 joint-punishment feedback"
        verbose_name_plural = "联合惩戒反馈 joint-punishment feedback"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.query_id} {self.action}"

    @property
    def audit_org_unit_path(self) -> str:
        """Audited under the entity's supervising unit."""
        return self.query.entity.supervisor_path
