"""Demo data of the serious-violation list (演示数据): one listing in procedure, one listed, one removed.

A step with the signature of ``shijian.web.demo.STEPS``; it runs after the
registry and accounts demo (it needs the 涧西区 officer ``jianxi``, the city
credit chief ``chief`` who approves one level up, and 涧西区 entities).
Dates are relative to today and the data is the same for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from shijian.accounts.models import OrgUnit, User
from shijian.accounts.selectors import actor_for_user
from shijian.core.actor import Actor
from shijian.core.clock.domain import CalendarYearMissing
from shijian.credit.serious import services
from shijian.credit.serious.domain import RepairConditions
from shijian.credit.serious.models import SeriousListing
from shijian.registry.domain import EntityStatus
from shijian.registry.models import MarketEntity

COUNTY_BUREAU = "410305-AMR"

#: (category, heavier penalty kind, facts, penalty)
CASES = [
    (
        "food",
        "fine_upper",
        "当事人在食品中添加非食用物质并销售，货值金额较大。",
        "罚款人民币三十万元，没收违法所得",
    ),
    (
        "competition",
        "business_restricted",
        "当事人组织、领导传销活动，涉案人数众多。",
        "责令停业整顿，罚款人民币一百万元",
    ),
    (
        "false_disclosure",
        "fine_upper",
        "当事人在年度报告中虚报实缴资本和从业人数，情节严重。",
        "罚款人民币十万元",
    ),
]


def _days(today: dt.date, n: int) -> dt.date:
    return today - dt.timedelta(days=n)


def _run(
    listing_plan: str, *, entity: MarketEntity, index: int, officer: Actor, chief: Actor, today: dt.date
) -> str:
    category, kind, facts, penalty = CASES[index % len(CASES)]
    # Offsets in calendar days before today: proposal, notice, approval, decision.
    start = {"procedure": 12, "listed": 70, "removed": 430}[listing_plan]
    listing = services.serious_proposal_create(
        actor=officer,
        entity=entity,
        category=category,
        heavier_penalty=True,
        heavier_penalty_kind=kind,
        penalty_document_number=f"涧市监处罚〔{_days(today, start + 10).year}〕{100 + index}号",
        penalty_decided_on=_days(today, start + 10),
        penalty_description=penalty,
        facts=facts,
        legal_basis="《市场监督管理严重违法失信名单管理办法》（总局令第44号）",
        case_reference=f"AJ-DEMO-{index + 1:03d}",
        proposed_on=_days(today, start),
        today=today,
    )
    listing = services.serious_notice_serve(
        actor=officer,
        listing=listing,
        served_on=_days(today, start - 3),
        notice_document_number=f"涧市监告〔{_days(today, start - 3).year}〕{20 + index}号",
        today=today,
    )
    if listing_plan == "procedure":
        return "procedure"
    listing = services.serious_approve(
        actor=chief,
        listing=listing,
        approve=True,
        approved_on=_days(today, start - 18),
        note="同意列入",
        today=today,
    )
    # Twenty calendar days after the notice always hold the 5 working days, even over Spring Festival.
    decided_on = _days(today, start - 23)
    listing = services.serious_decide(
        actor=officer,
        listing=listing,
        decision_number=f"涧市监列严〔{decided_on.year}〕{index + 1}号",
        decided_on=decided_on,
        today=today,
    )
    listing = services.serious_publish(actor=officer, listing=listing, today=_days(today, start - 25))
    if listing_plan == "listed":
        return "listed"
    services.serious_remove_early(
        actor=officer,
        listing=listing,
        removed_on=_days(today, 5),
        conditions=RepairConditions(
            restriction_ended=True, obligations_performed=True, harm_removed=True, no_new_heavier_penalty=True
        ),
        reason="已履行行政处罚决定，消除不良影响，完成信用修复",
        document_number=f"涧市监信修〔{today.year}〕{index + 1}号",
        today=today,
    )
    return "removed"


def serious_demo(*, actor: Actor, seed: int, size: str, out: Any) -> dict[str, Any]:
    """List a few 涧西区 demo entities: one in procedure, one listed and published, one removed early."""
    if SeriousListing.objects.exists():
        return {"serious_listings": SeriousListing.objects.count()}
    officer_user = User.objects.filter(username="jianxi").first()
    chief_user = User.objects.filter(username="chief").first()
    bureau = OrgUnit.objects.filter(code=COUNTY_BUREAU).first()
    if officer_user is None or chief_user is None or bureau is None:
        out.write("跳过 skipped serious list demo: demo accounts or the 涧西区 bureau are missing")
        return {"serious_listings": 0}
    officer, chief = actor_for_user(officer_user), actor_for_user(chief_user)
    today = timezone.localdate()
    candidates = list(
        MarketEntity.objects.filter(
            supervisor_path__startswith=bureau.path,
            status=EntityStatus.ACTIVE.value,
            established_on__lt=_days(today, 500),
            entity_type__in=["llc", "joint_stock"],
        )
        .order_by("id")
        .values_list("id", flat=True)[:200]
    )
    if len(candidates) < 3:
        out.write("跳过 skipped serious list demo: fewer than 3 涧西区 companies")
        return {"serious_listings": 0}
    rng = random.Random(seed)  # noqa: S311 - deterministic demo data, not security
    chosen = rng.sample(candidates, 3)
    counts: dict[str, Any] = {"serious_procedure": 0, "serious_listed": 0, "serious_removed": 0}
    for index, (plan, entity_id) in enumerate(zip(("procedure", "listed", "removed"), chosen, strict=True)):
        entity = MarketEntity.objects.get(pk=entity_id)
        try:
            outcome = _run(plan, entity=entity, index=index, officer=officer, chief=chief, today=today)
        except CalendarYearMissing as exc:
            # Never guess a calendar: a year not loaded yet just means fewer demo listings.
            out.write(f"跳过 skipped serious listing: {exc.message_en}")
            continue
        counts[f"serious_{outcome}"] += 1
    return counts
