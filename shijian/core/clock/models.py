"""Stored rules, calendar overrides and clocks of the statutory clock engine."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from shijian.core.clock.domain import (
    ClockEventKind,
    ClockEventSpec,
    ClockStatus,
    Confidence,
    DayKind,
    DayName,
    Period,
    RuleSpec,
    Unit,
    YearSpec,
)

ACTIVE = [ClockStatus.RUNNING.value, ClockStatus.PAUSED.value]


class Rule(models.Model):
    """One version of a deadline rule (期限规则): the period, its legal basis and when it applies.

    The version in force on a date is the one with the latest
    ``effective_from`` on or before that date (and no ``effective_to`` before
    it). A legal change is a new row with a new ``effective_from``, so clocks
    started under the old text keep the version they started with.
    """

    rule_id = models.CharField("规则编号 rule id", max_length=64, db_index=True)
    version = models.PositiveIntegerField("版本 version", default=1)
    name_zh = models.CharField("名称 name (zh)", max_length=200)
    name_en = models.CharField("英文名称 name (en)", max_length=200, blank=True, default="")
    legal_basis = models.TextField("法律依据 legal basis")
    amount = models.PositiveIntegerField(
        "期限 amount",
        help_text="数量；固定日期规则为起算年度后的年数 count; for fixed dates, years after the start year",
    )
    unit = models.CharField(
        "单位 unit",
        max_length=20,
        choices=[(u.value, f"{u.label_zh} {u.label_en}") for u in Unit],
    )
    extension_allowed = models.BooleanField("可延长 extension allowed", default=False)
    extension_amount = models.PositiveIntegerField("每次延长 extension amount", default=0)
    extension_limit = models.PositiveSmallIntegerField("最多延长次数 extension limit", default=0)
    shift_to_workday = models.BooleanField(
        "遇节假日顺延 shift to a working day",
        default=True,
        help_text="自然日/月/固定日期期限届满日不是工作日时顺延 "
        "(calendar-day, month and fixed-date ends on a non-working day move to the next working day)",
    )
    fixed_month = models.PositiveSmallIntegerField("固定月 fixed month", null=True, blank=True)
    fixed_day = models.PositiveSmallIntegerField("固定日 fixed day", null=True, blank=True)
    confidence = models.CharField(
        "可信度 confidence",
        max_length=2,
        choices=[(c.value, f"{c.value} {c.label_zh}") for c in Confidence],
    )
    notes = models.TextField("备注 notes", blank=True, default="")
    effective_from = models.DateField("生效日期 effective from")
    effective_to = models.DateField("失效日期 effective to", null=True, blank=True)
    created_at = models.DateTimeField("创建时间 created", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间 updated", auto_now=True)

    class Meta:
        verbose_name = "期限规则 deadline rule"
        verbose_name_plural = "期限规则 deadline rules"
        ordering = ["rule_id", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["rule_id", "version"], name="clock_rule_version_unique"),
            models.UniqueConstraint(fields=["rule_id", "effective_from"], name="clock_rule_effective_unique"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="clock_rule_effective_window",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} v{self.version} {self.name_zh}"

    @property
    def audit_org_unit_path(self) -> str:
        """Rules are platform-wide: their history is visible to all staff."""
        return ""

    def to_period(self) -> Period:
        """The domain period of this row (raises ``ValueError`` when inconsistent)."""
        allowed = self.extension_allowed
        return Period(
            amount=self.amount,
            unit=Unit(self.unit),
            extension_amount=self.extension_amount if allowed else 0,
            extension_limit=self.extension_limit if allowed else 0,
            shift_to_workday=self.shift_to_workday,
            fixed_month=self.fixed_month,
            fixed_day=self.fixed_day,
        )

    def to_spec(self) -> RuleSpec:
        """The domain rule of this row."""
        return RuleSpec(
            rule_id=self.rule_id,
            period=self.to_period(),
            effective_from=self.effective_from,
            version=self.version,
            effective_to=self.effective_to,
            name_zh=self.name_zh,
            name_en=self.name_en,
            legal_basis=self.legal_basis,
            confidence=Confidence(self.confidence),
            notes=self.notes,
        )

    def clean(self) -> None:
        """Check the row describes a valid period (same checks as the domain)."""
        if self.extension_allowed and (not self.extension_amount or not self.extension_limit):
            raise ValidationError(
                {
                    "extension_amount": "允许延长时须填写每次延长量和最多次数 "
                    "an allowed extension needs an amount and a limit"
                }
            )
        if not self.extension_allowed and (self.extension_amount or self.extension_limit):
            raise ValidationError(
                {
                    "extension_allowed": "未允许延长时延长量和次数应为 0 "
                    "amount and limit must be 0 when not allowed"
                }
            )
        try:
            self.to_period()
        except ValueError as exc:
            raise ValidationError(f"期限设置无效 invalid period: {exc}") from exc
        if self.effective_to is not None and self.effective_from and self.effective_to < self.effective_from:
            raise ValidationError(
                {"effective_to": "失效日期早于生效日期 effective_to is before effective_from"}
            )


class CalendarYear(models.Model):
    """A year of the override calendar (年度节假日安排), loaded from the State Council notice.

    For this year it replaces the ``chinesecalendar`` package entirely; the
    days are in ``CalendarDay``.
    """

    year = models.PositiveSmallIntegerField("年度 year", unique=True)
    source = models.CharField("来源 source (notice)", max_length=200)
    notes = models.TextField("备注 notes", blank=True, default="")
    loaded_by = models.CharField("导入人 loaded by", max_length=200, blank=True, default="")
    created_at = models.DateTimeField("创建时间 created", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间 updated", auto_now=True)

    class Meta:
        verbose_name = "工作日历年度 calendar year"
        verbose_name_plural = "工作日历年度 calendar years"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year} ({self.source})"

    @property
    def audit_org_unit_path(self) -> str:
        """The calendar is national: its history is visible to all staff."""
        return ""

    def to_spec(self) -> YearSpec:
        """The domain year table of this row and its days."""
        holidays: set[dt.date] = set()
        workdays: set[dt.date] = set()
        names: dict[dt.date, DayName] = {}
        for day in self.days.all():
            (holidays if day.kind == DayKind.HOLIDAY.value else workdays).add(day.day)
            if day.name_zh or day.name_en:
                names[day.day] = DayName(day.name_zh, day.name_en)
        return YearSpec(
            year=self.year,
            holidays=frozenset(holidays),
            workdays=frozenset(workdays),
            source=self.source,
            origin="override",
            names=names,
        )

    def summary(self) -> dict[str, Any]:
        """The audited content: source and every day (for before/after in the audit trail)."""
        return {
            "year": self.year,
            "source": self.source,
            "notes": self.notes,
            "holidays": sorted(d.day.isoformat() for d in self.days.all() if d.kind == DayKind.HOLIDAY.value),
            "workdays": sorted(
                d.day.isoformat() for d in self.days.all() if d.kind == DayKind.MAKEUP_WORKDAY.value
            ),
        }


class CalendarDay(models.Model):
    """One special day of an override year: a holiday off (放假) or a make-up working day (调休上班)."""

    calendar_year = models.ForeignKey(
        CalendarYear, verbose_name="年度 year", on_delete=models.CASCADE, related_name="days"
    )
    day = models.DateField("日期 date", unique=True)
    kind = models.CharField(
        "类型 kind",
        max_length=10,
        choices=[(k.value, f"{k.label_zh} {k.label_en}") for k in DayKind],
    )
    name_zh = models.CharField("节日 holiday (zh)", max_length=50, blank=True, default="")
    name_en = models.CharField("节日 holiday (en)", max_length=80, blank=True, default="")

    class Meta:
        verbose_name = "特殊日期 special day"
        verbose_name_plural = "特殊日期 special days"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.kind}"

    def clean(self) -> None:
        """The day must lie in its year; a make-up working day must be a weekend day."""
        if self.calendar_year_id and self.day and self.day.year != self.calendar_year.year:
            raise ValidationError(
                {"day": f"日期不在 {self.calendar_year.year} 年内 the date is not in that year"}
            )
        if self.day and self.kind == DayKind.MAKEUP_WORKDAY.value and self.day.weekday() < 5:
            raise ValidationError(
                {"day": "调休上班日须为周六或周日 a make-up working day must be a weekend day"}
            )


class Clock(models.Model):
    """A running legal period on a subject (法定期限计时), e.g. complaint acceptance.

    Generic: ``subject_type`` (``"complaints.complaint"``) + ``subject_id``
    name the subject, so the core needs no foreign key to the apps above.
    ``due_date`` and the flags are derived: every event recomputes the due
    date by replaying the events; the sweep refreshes the flags daily.
    """

    subject_type = models.CharField("对象类型 subject type", max_length=100)
    subject_id = models.CharField("对象ID subject id", max_length=64)
    org_unit_path = models.CharField("所属单位路径 org unit path", max_length=255)
    assignee_user_id = models.BigIntegerField("承办人 assignee user id", null=True, blank=True)
    rule_id = models.CharField("规则编号 rule id", max_length=64)
    rule_version = models.PositiveIntegerField("规则版本 rule version")
    started_on = models.DateField("首次起算日 first start")
    period_start = models.DateField("本期起算日 current period start")
    status = models.CharField(
        "状态 status",
        max_length=10,
        choices=[(s.value, f"{s.label_zh} {s.label_en}") for s in ClockStatus],
        default=ClockStatus.RUNNING.value,
    )
    due_date = models.DateField("到期日 due date")
    normal_due_date = models.DateField("原到期日 due date before extensions")
    extensions_used = models.PositiveSmallIntegerField("已延长次数 extensions used", default=0)
    paused_since = models.DateField("暂停起始日 paused since", null=True, blank=True)
    ended_on = models.DateField("结束日 ended on", null=True, blank=True)
    completed_late = models.BooleanField("逾期办结 completed late", default=False)
    is_due_soon = models.BooleanField("即将到期 due soon", default=False)
    is_overdue = models.BooleanField("已逾期 overdue", default=False)
    created_at = models.DateTimeField("创建时间 created", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间 updated", auto_now=True)

    jurisdiction_path_lookup = "org_unit_path"

    class Meta:
        verbose_name = "期限计时 clock"
        verbose_name_plural = "期限计时 clocks"
        ordering = ["due_date", "id"]
        indexes = [
            # The sweep and the workbench filter open clocks by due date.
            models.Index(fields=["status", "due_date"], name="clock_status_due_idx"),
            models.Index(fields=["assignee_user_id", "status", "due_date"], name="clock_assignee_idx"),
            models.Index(fields=["subject_type", "subject_id"], name="clock_subject_idx"),
            models.Index(fields=["org_unit_path"], name="clock_path_idx", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            # One open clock per subject and rule: starting twice is a bug upstream.
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "rule_id"],
                condition=Q(status__in=ACTIVE),
                name="clock_one_open_per_subject_rule",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.subject_type}:{self.subject_id} → {self.due_date}"

    @property
    def audit_org_unit_path(self) -> str:
        """Audit records of a clock belong to the subject's org unit."""
        return self.org_unit_path

    @property
    def is_active(self) -> bool:
        """True while the period is open (running or paused)."""
        return self.status in ACTIVE

    def event_specs(self) -> list[ClockEventSpec]:
        """The stored events as domain values, in order."""
        return [event.to_spec() for event in self.events.order_by("seq")]

    def explain(self, lang: str = "zh") -> str:
        """The clock's rule, history and calculation in ``lang`` (uses the platform calendar)."""
        from shijian.core.clock.selectors import clock_state

        return clock_state(clock=self).explain(lang)


class ClockEvent(models.Model):
    """One event of a clock (计时事件): start, pause, resume, extension, restart, stop or completion."""

    clock = models.ForeignKey(
        Clock, verbose_name="计时 clock", on_delete=models.PROTECT, related_name="events"
    )
    seq = models.PositiveIntegerField("序号 sequence")
    kind = models.CharField(
        "类型 kind", max_length=10, choices=[(k.value, f"{k.label_zh} {k.label_en}") for k in ClockEventKind]
    )
    on = models.DateField("日期 date")
    reason = models.TextField("理由 reason", blank=True, default="")
    actor = models.CharField("记录人 recorded by", max_length=200)
    actor_user_id = models.BigIntegerField("记录人ID recorded by (user id)", null=True, blank=True)
    approver = models.CharField("批准人 approved by", max_length=200, blank=True, default="")
    approver_user_id = models.BigIntegerField("批准人ID approved by (user id)", null=True, blank=True)
    due_after = models.DateField("事件后到期日 due date after the event")
    created_at = models.DateTimeField("创建时间 created", auto_now_add=True)

    class Meta:
        verbose_name = "计时事件 clock event"
        verbose_name_plural = "计时事件 clock events"
        ordering = ["clock_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["clock", "seq"], name="clock_event_seq_unique")]

    def __str__(self) -> str:
        return f"{self.clock_id}#{self.seq} {self.kind} {self.on}"

    def to_spec(self) -> ClockEventSpec:
        """This event as a domain value."""
        return ClockEventSpec(
            kind=ClockEventKind(self.kind),
            on=self.on,
            reason=self.reason,
            actor=self.actor,
            approver=self.approver,
        )
