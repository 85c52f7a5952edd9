"""The explanation trace of a deadline (期限计算过程): events rendered in Chinese and English.

A trace is a date-ordered list of ``TraceEvent``: the start, every statutory
holiday and make-up working day crossed, every pause and the days it kept
out of the count, the shift to a working day, extensions, and the due date.
Each event renders as one line (``text("zh")`` / ``text("en")``) and as a
JSON object (``as_dict``), so the same trace feeds the officer's screen, the
CLI and the API.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from shijian.core.clock.domain.calendar import weekday_text
from shijian.core.clock.domain.rules import Unit


class TraceKind(StrEnum):
    """What a trace line records."""

    START = "start"  # 起算日
    HOLIDAY = "holiday"  # 法定节假日
    MAKEUP_WORKDAY = "makeup_workday"  # 调休上班日
    PAUSE = "pause"  # 暂停/扣除期间
    OPEN_PAUSE = "open_pause"  # 暂停中（尚未恢复）
    PERIOD_END = "period_end"  # 期间届满日（顺延前）
    SHIFT = "shift"  # 顺延至工作日
    NORMAL_DUE = "normal_due"  # 原到期日（延长前）
    EXTENSION = "extension"  # 延长
    DUE = "due"  # 到期日


# Same-day ordering: the start first, the due date last.
_ORDER = {
    TraceKind.START: 0,
    TraceKind.HOLIDAY: 1,
    TraceKind.MAKEUP_WORKDAY: 1,
    TraceKind.PAUSE: 1,
    TraceKind.OPEN_PAUSE: 1,
    TraceKind.PERIOD_END: 2,
    TraceKind.SHIFT: 3,
    TraceKind.NORMAL_DUE: 4,
    TraceKind.EXTENSION: 5,
    TraceKind.DUE: 9,
}


def _d(day: dt.date | None, lang: str) -> str:
    """A date with its weekday, e.g. ``2025-10-09（星期四）`` / ``2025-10-09 (Thu)``."""
    if day is None:
        return ""
    return (
        f"{day.isoformat()}（{weekday_text(day, 'zh')}）"
        if lang == "zh"
        else (f"{day.isoformat()} ({weekday_text(day, 'en')})")
    )


@dataclass(frozen=True, slots=True)
class TraceEvent:
    """One line of a deadline explanation.

    ``day`` is when it happens; ``until`` the last day of a range (holiday
    block, pause) or the target of a shift/extension; ``amount`` a count in
    ``unit`` (days kept out by a pause, extension size, period size);
    ``counted`` the working days counted (on the due-date event of
    working-day periods).
    """

    kind: TraceKind
    day: dt.date
    until: dt.date | None = None
    amount: int | None = None
    unit: Unit | None = None
    name_zh: str = ""
    name_en: str = ""
    reason: str = ""
    index: int = 0
    counted: tuple[dt.date, ...] = ()

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Date order, then the kind's place within a day."""
        return (self.day.toordinal(), _ORDER[self.kind], self.index)

    def text(self, lang: str) -> str:
        """The line in ``lang`` (``zh`` or ``en``)."""
        return _text_zh(self) if lang == "zh" else _text_en(self)

    def as_dict(self) -> dict[str, Any]:
        """The event as a JSON object (texts in both languages included)."""
        payload: dict[str, Any] = {"kind": self.kind.value, "date": self.day.isoformat()}
        if self.until is not None:
            payload["until"] = self.until.isoformat()
        if self.amount is not None:
            payload["amount"] = self.amount
        if self.unit is not None:
            payload["unit"] = self.unit.value
        if self.name_zh or self.name_en:
            payload["name_zh"] = self.name_zh
            payload["name_en"] = self.name_en
        if self.reason:
            payload["reason"] = self.reason
        if self.index:
            payload["index"] = self.index
        if self.counted:
            payload["counted"] = [d.isoformat() for d in self.counted]
        payload["text_zh"] = self.text("zh")
        payload["text_en"] = self.text("en")
        return payload


def _short(days: tuple[dt.date, ...], lang: str) -> str:
    """A compact list of days: the year is written only when it changes."""
    # Month-day is enough inside one explanation; the year is shown when it changes.
    parts: list[str] = []
    year: int | None = None
    for day in days:
        parts.append(day.isoformat() if day.year != year else day.strftime("%m-%d"))
        year = day.year
    return ("、" if lang == "zh" else ", ").join(parts)


def _text_zh(e: TraceEvent) -> str:
    """The Chinese line of one event (计算过程说明)."""
    unit = e.unit or Unit.WORKING_DAYS
    if e.kind is TraceKind.START:
        if unit is Unit.FIXED_DATE:
            return f"起算日 {_d(e.day, 'zh')}，所属年度 {e.day.year} 年"
        return f"起算日 {_d(e.day, 'zh')}，当日不计入"
    if e.kind is TraceKind.HOLIDAY:
        names = f"（{e.name_zh}）" if e.name_zh else ""
        effect = "不计入工作日" if unit is Unit.WORKING_DAYS else "按自然日照常计算"
        if e.until is not None and e.until != e.day:
            return f"{e.day.isoformat()} 至 {e.until.isoformat()} 法定节假日{names}，共{e.amount}天，{effect}"
        return f"{_d(e.day, 'zh')}法定节假日{names}，{effect}"
    if e.kind is TraceKind.MAKEUP_WORKDAY:
        names = f"（{e.name_zh}调休）" if e.name_zh else ""
        effect = "计为工作日" if unit is Unit.WORKING_DAYS else "按自然日照常计算"
        return f"{_d(e.day, 'zh')}调休上班日{names}，{effect}"
    if e.kind is TraceKind.PAUSE:
        reason = f"（{e.reason}）" if e.reason else ""
        wd = unit is Unit.WORKING_DAYS
        effect = f"其间{e.amount}个工作日不计入期限" if wd else f"期限顺延{e.amount}日"
        return f"暂停 {e.day.isoformat()} 至 {e.until.isoformat() if e.until else ''}{reason}：{effect}"
    if e.kind is TraceKind.OPEN_PAUSE:
        reason = f"（{e.reason}）" if e.reason else ""
        return (
            f"自 {_d(e.day, 'zh')} 起暂停计时{reason}，尚未恢复；"
            "下列到期日按次日恢复计算，暂停每多一天到期日相应推后"
        )
    if e.kind is TraceKind.PERIOD_END:
        return f"期间届满日（顺延前）为 {_d(e.day, 'zh')}"
    if e.kind is TraceKind.SHIFT:
        return f"{_d(e.day, 'zh')}不是工作日，顺延至 {_d(e.until, 'zh')}"
    if e.kind is TraceKind.NORMAL_DUE:
        return f"原到期日（延长前）为 {_d(e.day, 'zh')}"
    if e.kind is TraceKind.EXTENSION:
        reason = f"（{e.reason}）" if e.reason else ""
        return (
            f"第{e.index}次延长{reason}：自 {e.day.isoformat()} 起"
            f"再计{unit.amount_text(e.amount or 0, 'zh')}，至 {_d(e.until, 'zh')}"
        )
    if e.kind is TraceKind.DUE:
        text = f"到期日 {_d(e.day, 'zh')}"
        if e.counted:
            text += f"；计入的工作日共{len(e.counted)}个：{_short(e.counted, 'zh')}"
        return text
    raise AssertionError(e.kind)  # pragma: no cover - every kind is handled above


def _text_en(e: TraceEvent) -> str:
    """The English line of one event."""
    unit = e.unit or Unit.WORKING_DAYS
    if e.kind is TraceKind.START:
        if unit is Unit.FIXED_DATE:
            return f"start {_d(e.day, 'en')}, in the year {e.day.year}"
        return f"start {_d(e.day, 'en')}; the start day is not counted"
    if e.kind is TraceKind.HOLIDAY:
        names = f" ({e.name_en})" if e.name_en else ""
        effect = "not counted as working days" if unit is Unit.WORKING_DAYS else "counted as calendar days"
        if e.until is not None and e.until != e.day:
            return (
                f"{e.day.isoformat()} to {e.until.isoformat()} statutory holiday{names}, "
                f"{e.amount} days, {effect}"
            )
        return f"{_d(e.day, 'en')} statutory holiday{names}, {effect}"
    if e.kind is TraceKind.MAKEUP_WORKDAY:
        names = f" (for {e.name_en})" if e.name_en else ""
        effect = "counted as a working day" if unit is Unit.WORKING_DAYS else "counted as a calendar day"
        return f"{_d(e.day, 'en')} make-up working day{names}, {effect}"
    if e.kind is TraceKind.PAUSE:
        reason = f" ({e.reason})" if e.reason else ""
        if unit is Unit.WORKING_DAYS:
            effect = f"{e.amount} working day(s) in it not counted"
        else:
            effect = f"{e.amount} day(s) added"
        return f"paused {e.day.isoformat()} to {e.until.isoformat() if e.until else ''}{reason}: {effect}"
    if e.kind is TraceKind.OPEN_PAUSE:
        reason = f" ({e.reason})" if e.reason else ""
        return (
            f"paused since {_d(e.day, 'en')}{reason}, not resumed yet; the due date below assumes "
            "the clock resumes the next day and moves later with every further paused day"
        )
    if e.kind is TraceKind.PERIOD_END:
        return f"the period ends (before any shift) on {_d(e.day, 'en')}"
    if e.kind is TraceKind.SHIFT:
        return f"{_d(e.day, 'en')} is not a working day: moved to {_d(e.until, 'en')}"
    if e.kind is TraceKind.NORMAL_DUE:
        return f"normal due date (before extension) {_d(e.day, 'en')}"
    if e.kind is TraceKind.EXTENSION:
        reason = f" ({e.reason})" if e.reason else ""
        return (
            f"extension {e.index}{reason}: {unit.amount_text(e.amount or 0, 'en')} more counted from "
            f"{e.day.isoformat()}, to {_d(e.until, 'en')}"
        )
    if e.kind is TraceKind.DUE:
        text = f"due {_d(e.day, 'en')}"
        if e.counted:
            text += f"; {len(e.counted)} working days counted: {_short(e.counted, 'en')}"
        return text
    raise AssertionError(e.kind)  # pragma: no cover - every kind is handled above
