"""Demo data of random inspections (a step for ``shijian demo-data``, after the risk classes).

Three items (one general item with the 5% ceiling, two key items), a 涧西区
plan drawn with two witnesses about a month ago whose tasks have results in
every state (published, corrected, awaiting publication, unreachable -> the
abnormal section's work queue, pending -> a case lead, a draft with one
signature, not yet inspected), and a special plan frozen and waiting for its
second witness. Witness secrets are derived from the seed, so the same seed
gives the same draw.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.utils import timezone

from shijian.accounts.models import OrgUnit
from shijian.accounts.selectors import actor_for_user
from shijian.core.actor import Actor
from shijian.core.errors import DomainError
from shijian.inspection import services as inspection
from shijian.inspection.domain.draw import commitment
from shijian.inspection.models import InspectionItem, Plan, Task
from shijian.inspection.results import services
from shijian.inspection.results.models import InspectionResult

HOME_BUREAU = "410305-AMR"
ITEMS: list[dict[str, Any]] = [
    {
        "code": "LY-GS-001",
        "name": "企业公示信息情况检查",
        "department": "信用监督管理科",
        "legal_basis": "《企业信息公示暂行条例》第十四条",
        "kind": "general",
        "ratio_ceiling": "0.05",
        "ceiling_basis": "洛阳市“双随机、一公开”监管工作方案：一般检查事项抽查比例不超过5%",
        "checklist": ["年度报告公示信息的真实性", "即时信息公示情况", "登记的住所（经营场所）能否联系"],
        "applies_to": {"entity_types": []},
    },
    {
        "code": "LY-SP-002",
        "name": "食品经营者落实食品安全主体责任情况检查",
        "department": "食品经营安全监督管理科",
        "legal_basis": "《中华人民共和国食品安全法》第一百一十条",
        "kind": "key",
        "checklist": ["食品经营许可证在有效期内", "从业人员健康证明", "进货查验记录"],
        "applies_to": {"industries": ["F52"]},
    },
    {
        "code": "LY-TZ-003",
        "name": "特种设备使用单位安全管理情况检查",
        "department": "特种设备安全监察科",
        "legal_basis": "《中华人民共和国特种设备安全法》第五十七条",
        "kind": "key",
        "checklist": ["使用登记", "定期检验", "作业人员持证"],
        "applies_to": {},
    },
]
#: What happens to the tasks of the drawn plan, in selection order (the rest are still to inspect).
STORY = ["published", "corrected", "completed", "unreachable", "pending", "one_signature", "draft"]


def _secret(seed: int, plan: str, witness: int) -> str:
    return hashlib.sha256(f"shijian-demo/{seed}/{plan}/{witness}".encode()).hexdigest()[:24]


def _findings(task: Task, outcome: str, note: str = "") -> list[dict[str, str]]:
    return [
        {"item": code, "point": point, "outcome": outcome, "note": note}
        for code, point in services.task_checklist(task)
    ]


def _act(task: Task, story: str, inspected: dt.date, today: dt.date, planner: Actor) -> None:
    actors = [
        actor_for_user(row.officer)
        for row in task.inspectors.filter(withdrawn_at__isnull=True)
        .select_related("officer")
        .order_by("position")
    ]
    if len(actors) < 2:
        return
    category, findings, summary = "no_problem", _findings(task, "ok"), ""
    if story == "corrected":
        category = "corrected"
        findings = _findings(task, "ok")
        findings[1] = {**findings[1], "outcome": "problem", "note": "即时信息未在20个工作日内公示"}
        summary = "发现即时信息未按期公示，已当场责令改正，企业已补正。"
    elif story == "unreachable":
        category, findings = "unreachable", _findings(task, "na")
        summary = "两次实地核查，登记住所无该企业经营，电话无法接通。"
    elif story == "pending":
        category = "pending"
        findings = _findings(task, "ok")
        findings[0] = {**findings[0], "outcome": "problem", "note": "年度报告中从业人数与社保记录明显不符"}
        summary = "年度报告公示信息涉嫌隐瞒真实情况，移交案件线索进一步核查。"
    result = services.result_record(
        actor=actors[0],
        task=task,
        category_code=category,
        inspected_on=inspected,
        findings=findings,
        summary=summary,
        today=today,
    )
    if story == "draft":
        return
    signers = actors[:1] if story == "one_signature" else actors
    for actor in signers:
        result = services.result_sign(actor=actor, result=result, today=today)
    if story in ("published", "corrected"):
        services.result_publish(actor=planner, result=result, today=today)


def inspection_demo(*, actor: Actor, seed: int, size: str, out: Any) -> dict[str, Any]:
    """Items, a drawn plan with results in every state and a frozen plan; nothing when plans exist."""
    if Plan.objects.exists():
        return {"inspection_plans": Plan.objects.count()}
    bureau = OrgUnit.objects.filter(code=HOME_BUREAU).first()
    if bureau is None:
        out.write("跳过随机抽查：缺少涧西区机构 skipped random inspections: no 涧西区 bureau")
        return {"inspection_plans": 0}
    today = timezone.localdate()
    for item in ITEMS:
        if not InspectionItem.objects.filter(code=item["code"], active=True).exists():
            inspection.item_create(actor=actor, **item)
    start = today - dt.timedelta(days=35)
    drawn = inspection.plan_create(
        actor=actor,
        number=f"涧市监抽〔{today.year}〕1号",
        title=f"{today.year}年涧西区企业公示信息双随机抽查",
        kind="annual",
        year=today.year,
        lead=bureau,
        item_codes=["LY-GS-001"],
        window_start=start,
        window_end=today + dt.timedelta(days=55),
        ratios={"A": "0.01", "B": "0.02", "C": "0.05", "D": "0.05", "U": "0.02"},
        min_count=2,
        max_count=6,
        workload_cap=4,
    )
    drawn = inspection.plan_freeze(actor=actor, plan=drawn, today=start - dt.timedelta(days=5))
    witnesses = [("公证员 周明", "洛阳市公证处"), ("企业代表 陈华", "洛阳市个体劳动者私营企业协会")]
    for n, (name, unit) in enumerate(witnesses):
        inspection.witness_commit(
            actor=actor,
            plan=drawn,
            witness_name=name,
            witness_unit=unit,
            commitment_hex=commitment(_secret(seed, drawn.number, n)),
        )
    inspection.draw_perform(
        actor=actor, plan=drawn, secrets=[_secret(seed, drawn.number, n) for n in range(len(witnesses))]
    )
    stories = dict.fromkeys(STORY, 0)
    for index, task in enumerate(drawn.tasks.order_by("order")[: len(STORY)]):
        story = STORY[index]
        try:
            _act(task, story, start + dt.timedelta(days=3 + index), today, actor)
            stories[story] += 1
        except DomainError as exc:
            out.write(f"跳过检查结果 skipped a demo result ({story}): {exc.message_en}")
    special = inspection.plan_create(
        actor=actor,
        number=f"涧市监抽〔{today.year}〕2号",
        title=f"{today.year}年涧西区特种设备使用单位专项抽查",
        kind="special",
        year=today.year,
        lead=bureau,
        item_codes=["LY-TZ-003"],
        window_start=today + dt.timedelta(days=10),
        window_end=today + dt.timedelta(days=70),
        ratios={"A": "0.05", "B": "0.1", "C": "0.3", "D": "0.6", "U": "0.1"},
        max_count=10,
        exclude_inspected_days=180,
    )
    special = inspection.plan_freeze(actor=actor, plan=special, today=today)
    inspection.witness_commit(
        actor=actor,
        plan=special,
        witness_name=witnesses[0][0],
        witness_unit=witnesses[0][1],
        commitment_hex=commitment(_secret(seed, special.number, 0)),
    )
    return {
        "inspection_plans": Plan.objects.count(),
        "inspection_tasks": Task.objects.count(),
        "inspection_results": InspectionResult.objects.count(),
        **{f"inspection_{k}": v for k, v in stories.items()},
    }
