"""Market entities, responsible persons, change records, public facts and the change feed."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shijian.registry.domain import EntityStatus, EntityType


class Industry(models.Model):
    """An industry code of GB/T 4754-2017 (国民经济行业分类): section, division, group or class."""

    code = models.CharField("代码 code", max_length=5, primary_key=True)
    name = models.CharField("名称 name", max_length=100)
    level = models.CharField(
        "层级 level",
        max_length=10,
        choices=[("section", "门类"), ("division", "大类"), ("group", "中类"), ("class", "小类")],
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = "行业 industry"
        verbose_name_plural = "行业 industries"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Person(models.Model):
    """A natural person recorded by the registry (法定代表人、经营者、负责人 …).

    The ID number is stored for identification and matching; it is never shown
    on public pages or in public APIs.
    """

    name = models.CharField("姓名 name", max_length=100)
    id_type = models.CharField(
        "证件类型 ID type",
        max_length=20,
        default="resident_id",
        choices=[
            ("resident_id", "居民身份证"),
            ("passport", "护照"),
            ("hk_macao_taiwan", "港澳台居民证件"),
            ("other", "其他"),
        ],
    )
    id_number = models.CharField("证件号码 ID number", max_length=40)
    phone = models.CharField("联系电话 phone", max_length=20, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "自然人 person"
        verbose_name_plural = "自然人 persons"
        constraints = [models.UniqueConstraint(fields=["id_type", "id_number"], name="person_id_unique")]

    def __str__(self) -> str:
        return self.name


class MarketEntity(models.Model):
    """One market entity (市场主体), keyed by its unified social credit code.

    ``name_search`` is the normalised name used by search (full-width, spaces,
    traditional characters and legal-form variants folded); the legal name is
    kept as registered. ``supervisor_path`` is the path of the org unit that
    supervises the entity (属地监管) and decides which officers see it.
    """

    uscc = models.CharField("统一社会信用代码 USCC", max_length=18)
    uscc_flagged = models.BooleanField(
        "代码校验位存疑 USCC check flagged",
        default=False,
        help_text="导入时经人工确认保留的早期试点代码 (kept on import with an officer's override)",
    )
    name = models.CharField("名称 name", max_length=200)
    name_search = models.CharField("检索名称 normalised name", max_length=200)
    entity_type = models.CharField(
        "类型 type", max_length=20, choices=[(t.value, t.label_zh) for t in EntityType]
    )
    foreign_invested = models.BooleanField("外商投资 foreign-invested", default=False)
    responsible_person = models.ForeignKey(
        Person,
        verbose_name="法定代表人/经营者/负责人 responsible person",
        on_delete=models.PROTECT,
        related_name="entities",
    )
    registered_capital = models.DecimalField(
        "注册资本（万元）registered capital (10k)", max_digits=18, decimal_places=4, null=True, blank=True
    )
    capital_currency = models.CharField("币种 currency", max_length=3, default="CNY")
    established_on = models.DateField("成立日期 established on")
    term_start = models.DateField("营业期限自 term from", null=True, blank=True)
    term_end = models.DateField(
        "营业期限至 term until", null=True, blank=True, help_text="空为长期 empty = no end"
    )
    address = models.CharField("住所 registered address", max_length=300)
    division_code = models.CharField("行政区划代码 division code", max_length=6)
    premises_address = models.CharField("经营场所 premises", max_length=300, blank=True, default="")
    business_scope = models.TextField("经营范围 business scope")
    industry = models.ForeignKey(
        Industry,
        verbose_name="行业 industry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,  # indexed in Meta without the extra LIKE index
    )
    registration_authority = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name="登记机关 registration authority",
        on_delete=models.PROTECT,
        related_name="registered_entities",
    )
    supervisor_path = models.CharField("监管单位路径 supervising unit path", max_length=255)
    parent_entity = models.ForeignKey(
        "self",
        verbose_name="隶属企业 parent (for branches)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
    )
    status = models.CharField(
        "登记状态 status",
        max_length=20,
        choices=[(s.value, s.label_zh) for s in EntityStatus],
        default=EntityStatus.ACTIVE.value,
    )
    status_since = models.DateField("状态日期 status since")
    suspended_until = models.DateField("歇业期限至 suspended until", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    jurisdiction_path_lookup = "supervisor_path"

    class Meta:
        verbose_name = "市场主体 market entity"
        verbose_name_plural = "市场主体 market entities"
        # One index per need: every index is paid for on each insert (a bulk import of a
        # province writes millions of rows). Django's implicit LIKE twins of unique and
        # indexed text columns are avoided by declaring the indexes here; names for the
        # exact-name and prefix tiers of search are served by the code-point-ordered index
        # of migration 0002, so there is no plain index on ``name_search``.
        constraints = [models.UniqueConstraint(fields=["uscc"], name="entity_uscc_unique")]
        indexes = [
            models.Index(
                fields=["supervisor_path"], name="entity_supervisor_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(
                fields=["division_code"], name="entity_division_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["industry"], name="entity_industry_idx"),
            models.Index(fields=["status"], name="entity_status_idx"),
            models.Index(fields=["entity_type", "status"], name="entity_type_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.uscc})"

    @property
    def audit_org_unit_path(self) -> str:
        """Audit records of an entity belong to its supervising unit."""
        return self.supervisor_path


class EntityOwned:
    """A record that belongs to one market entity.

    Officers see it where they see the entity (scoped by the entity's
    supervising unit), and its audit records belong to that unit too.
    """

    jurisdiction_path_lookup = "entity__supervisor_path"
    entity: MarketEntity

    @property
    def audit_org_unit_path(self) -> str:
        """Audited under the entity's supervising unit."""
        return self.entity.supervisor_path


class FormerName(models.Model):
    """A name the entity used before (曾用名)."""

    entity = models.ForeignKey(MarketEntity, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField("曾用名 former name", max_length=200)
    used_until = models.DateField("使用至 used until")

    class Meta:
        verbose_name = "曾用名 former name"
        verbose_name_plural = "曾用名 former names"
        ordering = ["-used_until"]

    def __str__(self) -> str:
        return self.name


class EntityChange(models.Model):
    """A dated change record (变更记录): which item changed, from what, to what.

    Lifecycle events (registration, suspension, revocation, deregistration,
    relocation) are change records too, with the status as the item.
    """

    entity = models.ForeignKey(MarketEntity, on_delete=models.CASCADE, related_name="changes")
    item = models.CharField("变更事项 item", max_length=50)
    before = models.TextField("变更前 before", blank=True, default="")
    after = models.TextField("变更后 after", blank=True, default="")
    changed_on = models.DateField("变更日期 date")
    document_number = models.CharField("文书号 document number", max_length=100, blank=True, default="")
    public = models.BooleanField("公示 public", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "变更记录 change record"
        verbose_name_plural = "变更记录 change records"
        ordering = ["-changed_on", "-id"]
        indexes = [models.Index(fields=["entity", "changed_on"], name="change_entity_date_idx")]

    def __str__(self) -> str:
        return f"{self.item} {self.changed_on}"


class EntityRepresentative(models.Model):
    """An enterprise user allowed to act for an entity (企业联络员/经办人)."""

    entity = models.ForeignKey(MarketEntity, on_delete=models.CASCADE, related_name="representatives")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="represented_entities"
    )
    granted_on = models.DateField("授权日期 granted on")
    revoked_on = models.DateField("撤销日期 revoked on", null=True, blank=True)

    class Meta:
        verbose_name = "企业经办人 entity representative"
        verbose_name_plural = "企业经办人 entity representatives"
        constraints = [models.UniqueConstraint(fields=["entity", "user"], name="representative_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.entity}"


class PublicFact(EntityOwned, models.Model):
    """A fact published about an entity on the portal, with its provenance (公示信息).

    Apps register a kind of fact (``shijian.registry.publication``) with its
    publicity window and masking rules and publish through
    ``services.public_fact_publish``. A fact disappears from public views
    when its window ends or it is withdrawn; it is never edited.
    """

    entity = models.ForeignKey(MarketEntity, on_delete=models.CASCADE, related_name="public_facts")
    kind = models.CharField("类别 kind", max_length=50, db_index=True)
    title = models.CharField("标题 title", max_length=300)
    body = models.JSONField("内容（已脱敏）content (masked)", default=dict)
    source_department = models.CharField("作出部门 source department", max_length=200)
    document_number = models.CharField("文书号 document number", max_length=100, blank=True, default="")
    decided_on = models.DateField("作出日期 decided on")
    published_on = models.DateField("公示日期 published on")
    public_until = models.DateField("公示截止 public until", null=True, blank=True)
    withdrawn_on = models.DateField("撤下日期 withdrawn on", null=True, blank=True)
    withdrawn_reason = models.TextField("撤下原因 withdrawal reason", blank=True, default="")
    source_type = models.CharField("来源对象类型 source object type", max_length=100, blank=True, default="")
    source_id = models.CharField("来源对象ID source object id", max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "公示信息 public fact"
        verbose_name_plural = "公示信息 public facts"
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["entity", "published_on"], name="fact_entity_date_idx")]

    def __str__(self) -> str:
        return self.title


class ChangeFeedEntry(models.Model):
    """One public event in order (registration, change, fact published or withdrawn).

    The id is the cursor of ``/api/v1/public/changes?after=``; payloads hold
    public, masked data only.
    """

    uscc = models.CharField("统一社会信用代码 USCC", max_length=18)  # read by id (the cursor) only
    event = models.CharField("事件 event", max_length=40)
    payload = models.JSONField("内容 payload", default=dict)
    occurred_at = models.DateTimeField("时间 occurred at", auto_now_add=True)

    class Meta:
        verbose_name = "变动订阅 change-feed entry"
        verbose_name_plural = "变动订阅 change-feed entries"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.event} {self.uscc}"


class ImportRun(models.Model):
    """One bulk import of a registry file, resumable: rows up to ``rows_done`` are in."""

    file_name = models.CharField("文件 file", max_length=300)
    file_sha256 = models.CharField("文件哈希 file SHA-256", max_length=64, db_index=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        "状态 status",
        max_length=20,
        default="running",
        choices=[("running", "进行中"), ("finished", "完成"), ("failed", "失败")],
    )
    rows_done = models.BigIntegerField("已处理行数 rows done", default=0)
    rows_ok = models.BigIntegerField("成功行数 rows imported", default=0)
    rows_failed = models.BigIntegerField("错误行数 rows failed", default=0)
    error_report = models.CharField("错误报告 error report", max_length=300, blank=True, default="")
    actor = models.CharField("操作人 actor", max_length=200)
    deferred = models.JSONField(
        "暂缓的索引与约束 deferred indexes and constraints",
        default=list,
        blank=True,
        help_text="批量装载期间删除、结束时重建的对象 (dropped for a bulk load, rebuilt at its end)",
    )

    class Meta:
        verbose_name = "批量导入 import run"
        verbose_name_plural = "批量导入 import runs"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.status})"
