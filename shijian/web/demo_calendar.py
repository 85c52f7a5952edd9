"""The demo's provisional calendar (演示估算日历) for years the calendar package lacks.

The demo runs on the real date: from December its deadlines reach the next
year, and once the package's last year is over every deadline does. Production
refuses to compute there until an administrator loads the State Council notice
(fail closed); the demo instead loads an estimate (``provisional_year_spec``)
through the audited ``calendar_year_load``, labelled in its source as a demo
estimate, and warns. Only ``shijian demo-data`` calls this, never production
code. A year already in the override table (for instance the real notice) is
left alone; the notice replaces an estimate with
``shijian calendar load FILE --replace``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from shijian.core.actor import Actor
from shijian.core.clock import services as clock_services
from shijian.core.clock.calendar import db_calendar, package_years
from shijian.core.clock.domain.provisional import LUNAR_DATES, provisional_year_spec, provisional_years

DEMO_CALENDAR_SOURCE = "演示估算（非国务院办公厅通知）demo estimate, not the State Council notice"
DEMO_CALENDAR_NOTES = (
    "演示数据专用：按2025年放假办法估算，不含调休上班日，不能用于实际期限计算。"
    "正式通知发布后请用 `shijian calendar load 文件 --replace` 替换。"
    "For the demo only: estimated from the 2025 holiday rules without make-up working days; not for real "
    "deadlines. Replace it with `shijian calendar load FILE --replace` once the notice is published."
)


def demo_calendar_estimate(*, actor: Actor, out: Any, today: dt.date | None = None) -> list[int]:
    """Load the demo estimate for every year after the package through next year that is missing.

    Returns the years loaded and writes a warning for each to ``out``.
    """
    day = today if today is not None else timezone.localdate()
    calendar = db_calendar()
    missing = [
        year
        for year in provisional_years(last_known=package_years()[-1], today=day)
        if not calendar.covers(year)
    ]
    for year in missing:
        spec = provisional_year_spec(year, source=DEMO_CALENDAR_SOURCE)
        clock_services.calendar_year_load(actor=actor, spec=spec, notes=DEMO_CALENDAR_NOTES)
        lunar_zh = "" if year in LUNAR_DATES else "，且未含春节、清明、端午、中秋（日期未知）"
        lunar_en = (
            ""
            if year in LUNAR_DATES
            else "; without the Spring Festival, Qingming, Dragon Boat and Mid-Autumn (dates unknown)"
        )
        out.write(
            f"警告 WARNING: chinesecalendar 不含 {year} 年，国务院办公厅通知也尚未导入。"
            f"演示数据使用 {year} 年的估算日历（按2025年放假办法估算，不含调休上班日{lunar_zh}），"
            "并非正式安排；生产环境不会估算，须导入正式通知：`shijian calendar load 文件`。\n"
            f"chinesecalendar has no {year} and the State Council notice is not loaded: the demo uses an "
            f"ESTIMATED {year} calendar (2025 holiday rules, no make-up working days{lunar_en}), not the "
            "official arrangement. Production never estimates: load the notice with "
            "`shijian calendar load FILE`."
        )
    return missing
