"""The annual-report filing window (年报报送期), pure Python.

《企业信息公示暂行条例》第八条 [V]: the report for the previous year is
filed from 1 January to 30 June; an entity registered in a year files from
the next year on - its first report is for the year it was established,
filed the following year. 第十二条 [V]: corrections until 30 June. The
deadline itself is the clock rule ``annual_report.deadline`` (passed in as a
date); the only thing fixed here is that a year's report can be filed once
that year has ended.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from shijian.core.errors import ValidationFailed


class ReportErrorCode(StrEnum):
    """Stable error codes of annual reports and ad-hoc disclosures (clients match on them)."""

    BEFORE_ESTABLISHMENT = "before_establishment"
    TOO_EARLY = "too_early"
    ALREADY_FILED = "already_filed"
    CORRECTION_CLOSED = "correction_closed"
    FORM_NOT_ALLOWED = "form_not_allowed"
    ENTITY_CLOSED = "entity_closed"
    NOTHING_CHANGED = "nothing_changed"
    NOT_APPLICABLE = "not_applicable"
    ALREADY_DISCLOSED = "already_disclosed"


class YearStatus(StrEnum):
    """Where an entity stands for one reporting year (年报状态)."""

    FILED = "filed"  # 已报送
    FILED_LATE = "filed_late"  # 逾期补报
    OPEN = "open"  # 报送期内，尚未报送
    OVERDUE = "overdue"  # 已过截止日，尚未报送

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return {"filed": "已报送", "filed_late": "已补报（逾期）", "open": "待报送", "overdue": "逾期未报"}[
            self.value
        ]

    @property
    def label_en(self) -> str:
        """English label."""
        return {"filed": "filed", "filed_late": "filed late", "open": "to be filed", "overdue": "overdue"}[
            self.value
        ]


def deadline_start(report_year: int) -> dt.date:
    """The start date given to the fixed-date rule ``annual_report.deadline``: the reporting year's last day.

    The rule version in force on that day applies, so a change made during a
    year governs that year's report.
    """
    return dt.date(report_year, 12, 31)


def filing_check(*, report_year: int, established_on: dt.date, filed_on: dt.date) -> None:
    """Refuse a report that cannot be filed yet or at all (``ValidationFailed`` on ``report_year``).

    * a year before the entity existed: there is nothing to report;
    * a year not yet over (this year's report, e.g. of an entity established
      this year): it opens on 1 January of the next year.
    """
    if report_year < established_on.year:
        raise ValidationFailed(
            "report_year",
            f"该主体成立于{established_on.isoformat()}，无需报送{report_year}年度报告",
            f"the entity was established on {established_on.isoformat()}: there is no {report_year} report",
            code=ReportErrorCode.BEFORE_ESTABLISHMENT,
        )
    if filed_on.year <= report_year:
        raise ValidationFailed(
            "report_year",
            f"{report_year}年度报告自{report_year + 1}年1月1日起报送",
            f"the {report_year} report can be filed from 1 January {report_year + 1}",
            code=ReportErrorCode.TOO_EARLY,
        )


def filing_late(*, filed_on: dt.date, deadline: dt.date) -> bool:
    """A report filed after the deadline is accepted and marked late (逾期报送)."""
    return filed_on > deadline


def correction_open(*, on: dt.date, deadline: dt.date) -> bool:
    """Corrections are possible until the deadline, that day included (第十二条)."""
    return on <= deadline


def last_report_year(today: dt.date) -> int:
    """The latest year whose report can be filed today: last year."""
    return today.year - 1


def report_years(*, established_on: dt.date, today: dt.date, earliest: int) -> list[int]:
    """The years an entity owes a report for as of ``today``, newest first, none before ``earliest``."""
    first = max(established_on.year, earliest)
    return list(range(last_report_year(today), first - 1, -1))


def year_status(*, filed: bool, late: bool, today: dt.date, deadline: dt.date) -> YearStatus:
    """The status of one reporting year."""
    if filed:
        return YearStatus.FILED_LATE if late else YearStatus.FILED
    return YearStatus.OVERDUE if today > deadline else YearStatus.OPEN
