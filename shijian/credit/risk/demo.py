"""Demo data for credit-risk classes: a realistic sprinkling of credit facts, then a full run.

Facts (dated in the last two years, after each entity's establishment):
inspection results with and without problems, penalties, sampling failures
and complaints on a few percent of the demo entities; then every entity is
classified under the active models as of today, so the officers' class
views show a realistic distribution (most entities B, some A, C and D).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from shijian.core.actor import Actor, system_actor
from shijian.core.errors import DomainError
from shijian.credit.domain import Severity
from shijian.credit.risk.models import ClassificationRun
from shijian.credit.risk.services import classification_run, score_models_active
from shijian.credit.services import credit_fact_record
from shijian.registry.models import MarketEntity

#: (kind, share of entities, severity, title, department, public)
_FACTS: list[tuple[str, float, Severity | None, str, str, bool]] = [
    ("inspection.result", 0.12, None, "双随机抽查结果", "洛阳市涧西区市场监督管理局", True),
    ("penalty", 0.03, Severity.GENERAL, "销售过期食品", "洛阳市涧西区市场监督管理局", True),
    ("penalty", 0.01, Severity.SERIOUS, "生产销售不合格产品", "洛阳市市场监督管理局", True),
    ("sampling.failed", 0.015, None, "食品抽检不合格", "洛阳市市场监督管理局", True),
    ("complaint.received", 0.06, None, "消费者投诉", "12315", False),
]


def risk_demo(*, actor: Actor, seed: int, size: str, out: Any) -> dict[str, Any]:
    """Record demo credit facts and classify every entity (does nothing once a run exists)."""
    if ClassificationRun.objects.exists():
        return {"risk_runs": ClassificationRun.objects.count()}
    rng = random.Random(seed + 17)  # noqa: S311 - deterministic demo data, not security
    today = timezone.localdate()
    system = system_actor("demo-data")
    entities = list(MarketEntity.objects.filter(status="active").order_by("pk"))
    recorded = 0
    for index, entity in enumerate(entities):
        for kind, share, severity, title, department, public in _FACTS:
            if rng.random() >= share:
                continue
            earliest = max(entity.established_on, today - dt.timedelta(days=730))
            if earliest >= today:
                continue
            decided = earliest + dt.timedelta(days=rng.randrange((today - earliest).days))
            body: dict[str, Any] = {}
            if kind == "inspection.result":
                body = {"problem_found": rng.random() < 0.18, "item": "营业执照、即时信息公示情况检查"}
            try:
                credit_fact_record(
                    actor=system,
                    entity=entity,
                    kind=kind,
                    title=title,
                    decided_on=decided,
                    source_department=department,
                    document_number=f"演示〔{decided.year}〕{index + 1}号" if public else "",
                    severity=severity,
                    body=body,
                    public=public,
                    today=today,
                )
            except DomainError as exc:  # e.g. a calendar year not loaded yet: the demo goes on
                out.write(f"跳过演示信用信息 skipped a demo credit fact: {exc.message_en}")
                continue
            recorded += 1
    runs = [classification_run(actor=system, model=model, as_of=today) for model in score_models_active()]
    return {
        "credit_facts": recorded,
        "entities_classified": sum(run.entities_classified for run in runs),
    }
