"""Random inspections (双随机、一公开): the item list, plans, strata, witnesses, the draw and its tasks.

A plan goes ``draft -> frozen -> committed -> drawn``: freezing materialises
the entity directory (检查对象名录库) per stratum as a snapshot file whose
SHA-256 and size are published; witnesses then commit to secrets; the draw
reveals them and selects the entities with ``shijian.inspection.domain.draw``.
"""

from __future__ import annotations

from django.db import models

from shijian.accounts.models import OrgUnit, User
from shijian.registry.models import MarketEntity


class ItemKind(models.TextChoices):
    """General items have a sampling-ratio ceiling; key items have none (一般事项 / 重点事项)."""

    GENERAL = "general", "一般检查事项 general item"
    KEY = "key", "重点检查事项 key item"


class PlanKind(models.TextChoices):
    """Annual or special plan (年度计划 / 专项计划)."""

    ANNUAL = "annual", "年度抽查计划 annual plan"
    SPECIAL = "special", "专项抽查计划 special plan"


class PlanStatus(models.TextChoices):
    """Where a plan stands: draft -> frozen (snapshots published) -> committed -> drawn."""

    DRAFT = "draft", "草稿 draft"
    FROZEN = "frozen", "名录已固定 directory frozen"
    COMMITTED = "committed", "见证人已承诺 witnesses committed"
    DRAWN = "drawn", "已抽取 drawn"


class InspectionItem(models.Model):
    """One entry of the inspection-item list (随机抽查事项清单); public.

    Versioned by ``active``: a changed item is a new row with the same code
    and the old one deactivated, so that plans keep the version they used.
    ``ratio_ceiling`` (a decimal string, e.g. ``"0.05"``) is the
    sampling-ratio ceiling of a general item with its ``ceiling_basis``
    (the legal basis of the ceiling); key items have none. ``checklist``
    is a list of inspection points (strings); ``applies_to`` is
    ``{"entity_types": [...], "industries": [...], "licence_items": [...]}``.
    """

    code = models.CharField("事项编码 code", max_length=40)
    name = models.CharField("事项名称 name", max_length=200)
    department = models.CharField("实施部门 department", max_length=200)
    legal_basis = models.TextField("检查依据 legal basis")
    kind = models.CharField("事项类别 kind", max_length=10, choices=ItemKind.choices)
    ratio_ceiling = models.CharField("抽查比例上限 ratio ceiling", max_length=12, blank=True, default="")
    ceiling_basis = models.TextField("比例上限依据 ceiling basis", blank=True, default="")
    checklist = models.JSONField("检查要点 checklist", default=list, blank=True)
    applies_to = models.JSONField("适用对象 applies to", default=dict, blank=True)
    active = models.BooleanField("启用 active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "随机抽查事项 inspection item"
        verbose_name_plural = "随机抽查事项 inspection items"
        ordering = ["code", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(active=True), name="inspection_item_one_active_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Plan(models.Model):
    """A random-inspection plan (抽查计划), single-department or joint (联合抽查, 一次多查).

    ``directory_filters`` selects the entity directory from the registry
    (see ``shijian.inspection.directory``); ``ratios`` maps a stratum id
    (credit-risk class ``A``..``D``, ``U`` for unclassified) to a decimal
    string; ``min_count``/``max_count`` bound each stratum's sample.
    Entities selected by another plan drawn within ``exclude_inspected_days``
    are left out of the directory (无事不扰).
    """

    number = models.CharField("计划编号 number", max_length=60, unique=True)
    title = models.CharField("计划名称 title", max_length=200)
    kind = models.CharField("计划类别 kind", max_length=10, choices=PlanKind.choices)
    year = models.PositiveSmallIntegerField("年度 year")
    lead = models.ForeignKey(
        OrgUnit, verbose_name="牵头部门 lead", on_delete=models.PROTECT, related_name="+"
    )
    assisting = models.ManyToManyField(
        OrgUnit, verbose_name="配合部门 assisting", related_name="+", blank=True
    )
    items = models.ManyToManyField(InspectionItem, verbose_name="抽查事项 items", related_name="plans")
    directory_filters = models.JSONField("名录筛选条件 directory filters", default=dict, blank=True)
    ratios = models.JSONField("分类抽查比例 ratios per class", default=dict)
    min_count = models.PositiveIntegerField("每层最少抽取 minimum per stratum", default=0)
    max_count = models.PositiveIntegerField("每层最多抽取 maximum per stratum", null=True, blank=True)
    exclude_inspected_days = models.PositiveIntegerField(
        "近期已抽查排除天数 exclude inspected within", default=0
    )
    inspectors_per_task = models.PositiveSmallIntegerField("每户检查人员数 inspectors per task", default=2)
    workload_cap = models.PositiveSmallIntegerField("每名检查人员任务上限 workload cap", default=20)
    avoid_inspected_days = models.PositiveIntegerField(
        "近期检查过同一主体回避天数 avoid entities inspected within", default=365
    )
    window_start = models.DateField("检查开始 window start")
    window_end = models.DateField("检查结束 window end")
    status = models.CharField(
        "状态 status", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    notice_published_on = models.DateField("计划公示日期 notice published on", null=True, blank=True)
    frozen_at = models.DateTimeField("名录固定时间 frozen at", null=True, blank=True)
    created_by = models.CharField("创建人 created by", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    jurisdiction_path_lookup = "lead__path"

    class Meta:
        verbose_name = "抽查计划 inspection plan"
        verbose_name_plural = "抽查计划 inspection plans"
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(inspectors_per_task__gte=2), name="inspection_plan_two_inspectors"
            ),
            models.CheckConstraint(
                condition=models.Q(window_end__gte=models.F("window_start")), name="inspection_plan_window"
            ),
            models.CheckConstraint(condition=models.Q(workload_cap__gte=1), name="inspection_plan_cap"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def audit_org_unit_path(self) -> str:
        """Who may read the plan's history: the lead department's jurisdiction."""
        return self.lead.path


class Stratum(models.Model):
    """One stratum of a frozen plan: its snapshot file, size and SHA-256 (published before the draw).

    The snapshot is stored with Django storage at
    ``inspection/<plan id>/<stratum id>.txt``: the sorted USCCs, one a line.
    ``stratum_id`` is the published id (``S1``..); ``risk_class`` the
    credit-risk class it holds (``A``..``D``, ``U``), internal: never on a
    public page or in the published record.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="strata")
    stratum_id = models.CharField("分层 stratum", max_length=10)
    risk_class = models.CharField(
        "信用风险分类（内部） credit-risk class (internal)",
        max_length=10,
        blank=True,
        default="",
        db_default="",
    )
    ratio = models.CharField("抽查比例 ratio", max_length=12)
    min_count = models.PositiveIntegerField("最少 minimum", default=0)
    max_count = models.PositiveIntegerField("最多 maximum", null=True, blank=True)
    size = models.PositiveIntegerField("名录规模 size")
    snapshot_sha256 = models.CharField("快照哈希 snapshot SHA-256", max_length=64)
    snapshot = models.FileField("名录快照 snapshot", upload_to="inspection/", max_length=255)

    class Meta:
        verbose_name = "抽查分层 stratum"
        verbose_name_plural = "抽查分层 strata"
        ordering = ["plan", "stratum_id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "stratum_id"], name="inspection_stratum_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}/{self.stratum_id} ({self.size})"


class WitnessCommitment(models.Model):
    """A witness's commitment (见证人承诺值): SHA-256 of a secret, revealed at the draw."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="commitments")
    order = models.PositiveSmallIntegerField("顺序 order")
    witness_name = models.CharField("见证人 witness", max_length=100)
    witness_unit = models.CharField("见证人单位 witness unit", max_length=200, blank=True, default="")
    commitment = models.CharField("承诺值 commitment", max_length=64)
    revealed_secret = models.CharField("公开的密钥 revealed secret", max_length=500, blank=True, default="")
    committed_at = models.DateTimeField(auto_now_add=True)
    revealed_at = models.DateTimeField("公开时间 revealed at", null=True, blank=True)

    class Meta:
        verbose_name = "见证人承诺 witness commitment"
        verbose_name_plural = "见证人承诺 witness commitments"
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="inspection_commitment_order"),
            models.UniqueConstraint(fields=["plan", "commitment"], name="inspection_commitment_distinct"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}#{self.order} {self.witness_name}"


class Draw(models.Model):
    """The performed draw of a plan: the seed and the published record (``shijian-draw-v1`` JSON)."""

    plan = models.OneToOneField(Plan, on_delete=models.PROTECT, related_name="draw")
    seed = models.CharField("种子 seed", max_length=64)
    record = models.JSONField("抽取记录 record")
    drawn_at = models.DateTimeField("抽取时间 drawn at")
    drawn_by = models.CharField("操作人 drawn by", max_length=200)

    class Meta:
        verbose_name = "抽取结果 draw"
        verbose_name_plural = "抽取结果 draws"

    def __str__(self) -> str:
        return f"{self.plan_id} {self.seed[:12]}"


class Task(models.Model):
    """An inspection task created by the draw: one selected entity of a plan (检查任务)."""

    # No index of its own: the unique (plan, entity) and (plan, order) indexes serve lookups by plan,
    # and a draw writes a hundred thousand rows at once.
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="tasks", db_index=False)
    entity = models.ForeignKey(MarketEntity, on_delete=models.PROTECT, related_name="inspection_tasks")
    stratum_id = models.CharField("分层 stratum", max_length=10)
    order = models.PositiveIntegerField("抽中顺序 order in selection")
    created_at = models.DateTimeField(auto_now_add=True)

    jurisdiction_path_lookup = "plan__lead__path"

    class Meta:
        verbose_name = "检查任务 inspection task"
        verbose_name_plural = "检查任务 inspection tasks"
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "entity"], name="inspection_task_entity_once"),
            models.UniqueConstraint(fields=["plan", "order"], name="inspection_task_order"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}#{self.order} {self.entity_id}"


class InspectorProfile(models.Model):
    """An officer's entry in the inspector directory (执法检查人员名录库): specialties and availability.

    An officer without a profile counts as available with no specialties.
    ``available = False`` takes the officer out of every assignment;
    ``unavailable_from``/``unavailable_until`` (inclusive, either open) out
    of assignments whose day falls in that period.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="inspector_profile")
    specialties = models.JSONField("专业领域 specialties", default=list, blank=True)
    available = models.BooleanField("可参加检查 available", default=True)
    unavailable_from = models.DateField("不可用起 unavailable from", null=True, blank=True)
    unavailable_until = models.DateField("不可用止 unavailable until", null=True, blank=True)

    jurisdiction_path_lookup = "user__org_unit__path"

    class Meta:
        verbose_name = "检查人员 inspector"
        verbose_name_plural = "检查人员名录 inspector directory"

    def __str__(self) -> str:
        return str(self.user)


class ConflictKind(models.TextChoices):
    """Why an officer must avoid an entity (回避事由)."""

    FORMER_EMPLOYMENT = "former_employment", "曾在该主体任职 former employment"
    RELATIVE = "relative", "近亲属关系 relative"
    BUSINESS_INTEREST = "business_interest", "利害关系 business interest"
    OTHER = "other", "其他 other"


class ConflictDeclaration(models.Model):
    """A conflict register entry (回避登记): the officer is never assigned to the entity while it is valid."""

    officer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="inspection_conflicts")
    entity = models.ForeignKey(MarketEntity, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("事由 kind", max_length=20, choices=ConflictKind.choices)
    note = models.TextField("说明 note", blank=True, default="")
    valid_from = models.DateField("有效期起 valid from")
    valid_until = models.DateField("有效期止 valid until", null=True, blank=True)
    recorded_by = models.CharField("登记人 recorded by", max_length=200)
    recorded_at = models.DateTimeField(auto_now_add=True)

    jurisdiction_path_lookup = "officer__org_unit__path"

    class Meta:
        verbose_name = "回避登记 conflict declaration"
        verbose_name_plural = "回避登记 conflict declarations"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.officer_id} / {self.entity_id} ({self.kind})"

    @property
    def audit_org_unit_path(self) -> str:
        """Audited under the officer's unit."""
        return self.officer.audit_org_unit_path


class WithdrawalRequester(models.TextChoices):
    """Who asked for an inspector's withdrawal (回避申请人)."""

    PARTY = "party", "当事人申请 party"
    OFFICER = "officer", "检查人员自行回避 officer"
    BUREAU = "bureau", "机关决定 bureau"


class TaskInspector(models.Model):
    """One inspector of a task (检查人员), assigned by the draw or as a replacement after a withdrawal.

    ``rank_key`` is the officer's ``inspector_rank`` for the task; a withdrawn
    row keeps its reason, who asked and the row that replaced it. A row a
    planner added by hand for a task the draw could not staff has
    ``assigned_manually`` and its ``assignment_reason``
    (``shijian.inspection.resolution``).
    """

    # Served by the unique (task, officer) and (task, position) indexes.
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="inspectors", db_index=False)
    officer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="inspection_assignments")
    rank_key = models.CharField("排序值 rank key", max_length=64)
    position = models.PositiveSmallIntegerField("顺位 position")
    assigned_at = models.DateTimeField("指派时间 assigned at")
    withdrawn_at = models.DateTimeField("回避时间 withdrawn at", null=True, blank=True)
    withdrawal_reason = models.TextField("回避理由 withdrawal reason", blank=True, default="")
    withdrawal_requested_by = models.CharField(
        "回避申请人 requested by", max_length=10, choices=WithdrawalRequester.choices, blank=True, default=""
    )
    assigned_manually = models.BooleanField("人工指派 assigned by hand", default=False, db_default=False)
    assignment_reason = models.TextField("指派理由 reason", blank=True, default="", db_default="")
    replaced_by = models.ForeignKey(
        "self",
        verbose_name="替换人员 replaced by",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    jurisdiction_path_lookup = "task__plan__lead__path"

    class Meta:
        verbose_name = "任务检查人员 task inspector"
        verbose_name_plural = "任务检查人员 task inspectors"
        ordering = ["task", "position"]
        constraints = [
            models.UniqueConstraint(fields=["task", "officer"], name="inspection_task_officer_once"),
            models.UniqueConstraint(fields=["task", "position"], name="inspection_task_position"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}/{self.officer_id}"

    @property
    def audit_org_unit_path(self) -> str:
        """Audited under the plan's lead department."""
        return self.task.plan.lead.path
