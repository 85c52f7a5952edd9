"""Credit-risk classification (信用风险分类): score models, features, classes, their history and runs."""

from __future__ import annotations

from django.db import models

from shijian.registry.models import EntityOwned, MarketEntity

CLASS_CHOICES = [("A", "A 低风险"), ("B", "B 一般风险"), ("C", "C 较高风险"), ("D", "D 高风险")]


class ScoreMethod(models.TextChoices):
    """How a model turns data into a class."""

    SCORECARD = "scorecard", "评分卡 scorecard (features, bins, points)"
    DEDUCTION = "deduction", "扣分制 deduction from a starting score"


class ScoreModel(models.Model):
    """A versioned, reviewable risk model (风险分类模型): its whole definition is data.

    One version per ``name`` is active. Once a run or a class has used a
    version, it is read-only (change it by adding a new version); the
    weights are configuration chosen by the bureau, not law - ``notes``
    says why they are what they are.
    """

    name = models.CharField("模型名称 name", max_length=60)
    version = models.PositiveIntegerField("版本 version")
    method = models.CharField("方法 method", max_length=20, choices=ScoreMethod.choices)
    title = models.CharField("标题 title", max_length=200)
    effective_from = models.DateField("生效日期 effective from")
    definition = models.JSONField("定义 definition (features, bins, points, thresholds)")
    legal_basis = models.TextField("依据 legal basis", blank=True, default="")
    notes = models.TextField("说明 notes (why these weights)", blank=True, default="")
    active = models.BooleanField("启用 active", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "风险分类模型 score model"
        verbose_name_plural = "风险分类模型 score models"
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="scoremodel_name_version_unique"),
            models.UniqueConstraint(
                fields=["name"], condition=models.Q(active=True), name="scoremodel_one_active_per_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class IndustryRisk(models.Model):
    """The industry risk table (行业风险等级): a GB/T 4754 division (2 digits) or section letter -> level.

    Industries not listed are ``general``; entities without an industry are
    ``unknown``. The levels are the bureau's configuration.
    """

    code = models.CharField("行业代码 industry code (division or section)", max_length=5, unique=True)
    level = models.CharField(
        "风险等级 level",
        max_length=10,
        choices=[("high", "高 high"), ("medium", "中 medium"), ("low", "低 low")],
    )
    note = models.TextField("说明 note", blank=True, default="")

    class Meta:
        verbose_name = "行业风险等级 industry risk"
        verbose_name_plural = "行业风险等级 industry risks"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.level}"


class EntityFeatures(models.Model):
    """The risk features of one entity as of ``as_of`` (null = unknown): the run's staging table.

    Written set-based by the monthly run and per entity by incremental
    re-scoring; the columns follow ``domain.features.FEATURES``.
    """

    entity = models.OneToOneField(MarketEntity, primary_key=True, on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField("截至 as of")
    entity_type = models.CharField(max_length=20)
    age_years = models.IntegerField()
    registered_capital = models.BigIntegerField(null=True)
    # NULL is a value here: "unknown" (no industry registered), distinct from any level.
    industry_risk = models.CharField(max_length=10, null=True)  # noqa: DJ001
    status = models.CharField(max_length=20)
    reports_late = models.IntegerField(null=True)
    reports_missing = models.IntegerField(null=True)
    status_changes = models.IntegerField()
    key_changes = models.IntegerField()
    lists_in_force = models.IntegerField()
    serious_listed = models.IntegerField()
    penalties = models.IntegerField()
    penalties_serious = models.IntegerField()
    penalty_months = models.IntegerField(null=True)
    inspections_problem = models.IntegerField(null=True)
    sampling_failed = models.IntegerField()
    related_listed = models.IntegerField()
    complaints_per_size = models.IntegerField()

    class Meta:
        verbose_name = "风险指标 entity features"
        verbose_name_plural = "风险指标 entity features"

    def __str__(self) -> str:
        return f"features {self.entity_id} {self.as_of}"


class ClassificationRun(models.Model):
    """One full reclassification (全量分类), chunked by entity-id ranges and resumable.

    ``cursor`` is the last entity id done; a rerun of an unfinished run
    continues after it. ``max_entity_id`` is fixed when the run starts.
    """

    class Status(models.TextChoices):
        RUNNING = "running", "进行中 running"
        FINISHED = "finished", "完成 finished"
        FAILED = "failed", "失败 failed"

    score_model = models.ForeignKey(ScoreModel, on_delete=models.PROTECT, related_name="runs")
    as_of = models.DateField("分类基准日 as of")
    engine = models.CharField("引擎 engine", max_length=10, choices=[("sql", "SQL"), ("python", "Python")])
    status = models.CharField("状态 status", max_length=10, choices=Status.choices, default=Status.RUNNING)
    chunk_size = models.PositiveIntegerField("分块大小 chunk size")
    cursor = models.BigIntegerField("已完成至 cursor (entity id)", default=0)
    max_entity_id = models.BigIntegerField("最大主体ID max entity id")
    chunks_done = models.PositiveIntegerField(default=0)
    entities_classified = models.BigIntegerField("已分类 classified", default=0)
    classes_changed = models.BigIntegerField("类别变化 classes changed", default=0)
    started_by = models.CharField("发起人 started by", max_length=200)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "分类批次 classification run"
        verbose_name_plural = "分类批次 classification runs"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["score_model"],
                condition=models.Q(status="running"),
                name="risk_run_one_running_per_model",
            )
        ]

    def __str__(self) -> str:
        return f"{self.score_model} {self.as_of} ({self.status})"


class EntityRiskClass(EntityOwned, models.Model):
    """An entity's current class under one model name (internal: never public).

    ``bins`` holds, per feature of the scorecard, the bin index (0 =
    unknown); for a deduction model, the points deducted per rule. The
    explanation is rebuilt from them and the model's definition.
    """

    entity = models.ForeignKey(MarketEntity, on_delete=models.CASCADE, related_name="+")
    model_name = models.CharField("模型 model", max_length=60)
    score_model = models.ForeignKey(ScoreModel, on_delete=models.PROTECT, related_name="+")
    risk_class = models.CharField("风险类别 class", max_length=1, choices=CLASS_CHOICES)
    score = models.IntegerField("分数 score")
    bins = models.JSONField("分箱 bins", default=list)
    override = models.CharField("强制规则 override", max_length=40, blank=True, default="")
    as_of = models.DateField("截至 as of")
    run = models.ForeignKey(
        ClassificationRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "信用风险分类 entity risk class"
        verbose_name_plural = "信用风险分类 entity risk classes"
        constraints = [
            models.UniqueConstraint(fields=["model_name", "entity"], name="risk_class_model_entity_unique")
        ]
        indexes = [models.Index(fields=["model_name", "risk_class"], name="risk_class_model_class_idx")]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.model_name}: {self.risk_class}"


class RiskClassHistory(EntityOwned, models.Model):
    """A change of an entity's class (history kept only when the class changes), with the run."""

    entity = models.ForeignKey(MarketEntity, on_delete=models.CASCADE, related_name="+")
    model_name = models.CharField("模型 model", max_length=60)
    score_model = models.ForeignKey(ScoreModel, on_delete=models.PROTECT, related_name="+")
    risk_class = models.CharField("风险类别 class", max_length=1, choices=CLASS_CHOICES)
    previous_class = models.CharField("原类别 previous class", max_length=1, blank=True, default="")
    score = models.IntegerField("分数 score")
    as_of = models.DateField("生效 effective as of")
    run = models.ForeignKey(
        ClassificationRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "风险类别变化 risk class change"
        verbose_name_plural = "风险类别变化 risk class changes"
        ordering = ["-as_of", "-id"]
        indexes = [models.Index(fields=["entity", "model_name", "as_of"], name="risk_history_entity_idx")]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.model_name}: {self.previous_class or '-'} -> {self.risk_class}"
