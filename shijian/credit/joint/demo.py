"""Demo data of joint punishment (演示数据): a partner department asks three questions and reports back.

A step with the signature of ``shijian.web.demo.STEPS``; it runs after the
serious-list and abnormal-list demos. It creates the finance bureau's
procurement centre (市财政局政府采购中心) as a partner department under the
city bureau, with the login ``caigou`` (partner role only), and asks about a
listed company (procurement), an abnormal-listed company (bidding) and a
company on no list (honours), each with feedback. The same data for a seed.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from shijian.accounts import services as account_services
from shijian.accounts.demo import DEMO_PASSWORD
from shijian.accounts.models import OrgUnit, OrgUnitKind, User
from shijian.accounts.selectors import actor_for_user
from shijian.core.actor import Actor
from shijian.core.roles import Role
from shijian.credit.abnormal.models import AbnormalListing
from shijian.credit.joint import services
from shijian.credit.joint.domain import FeedbackAction, Purpose
from shijian.credit.joint.models import JointQuery
from shijian.credit.serious.selectors import listings_in_force
from shijian.registry.models import MarketEntity

CITY_BUREAU = "410300-AMR"
PARTNER_UNIT = ("410300-PARTNER-FIN", "洛阳市财政局政府采购中心", "Luoyang Finance Bureau procurement centre")
PARTNER_LOGIN = "caigou"


def _partner(actor: Actor, bureau: OrgUnit) -> User:
    code, name, name_en = PARTNER_UNIT
    unit = OrgUnit.objects.filter(code=code).first() or account_services.org_unit_create(
        actor=actor, code=code, name=name, name_en=name_en, kind=OrgUnitKind.SECTION, parent=bureau
    )
    return User.objects.filter(username=PARTNER_LOGIN).first() or account_services.user_create(
        actor=actor,
        username=PARTNER_LOGIN,
        password=DEMO_PASSWORD,
        display_name="市财政局政府采购中心经办人",
        org_unit=unit,
        roles=[Role.PARTNER_DEPARTMENT],
    )


def joint_demo(*, actor: Actor, seed: int, size: str, out: Any) -> dict[str, Any]:
    """A partner department's queries about three demo companies, with its feedback (idempotent)."""
    if JointQuery.objects.exists():
        return {"joint_queries": JointQuery.objects.count()}
    bureau = OrgUnit.objects.filter(code=CITY_BUREAU).first()
    if bureau is None:
        out.write("跳过 skipped joint-punishment demo: the city bureau is missing")
        return {"joint_queries": 0}
    partner = actor_for_user(_partner(actor, bureau))
    today = timezone.localdate()
    serious = listings_in_force(on=today).order_by("id").values_list("entity_id", flat=True).first()
    abnormal = (
        AbnormalListing.objects.filter(status="listed", mode="list", decided_on__lte=today)
        .order_by("id")
        .values_list("entity_id", flat=True)
        .first()
    )
    clean = (
        MarketEntity.objects.exclude(serious_listings__isnull=False)
        .exclude(abnormal_listings__isnull=False)
        .order_by("id")
        .values_list("id", flat=True)
        .first()
    )
    plan = [(serious, Purpose.PROCUREMENT), (abnormal, Purpose.BIDDING), (clean, Purpose.HONOURS)]
    counts = {"joint_queries": 0, "joint_feedback": 0}
    for number, (entity_id, purpose) in enumerate(plan, start=1):
        if entity_id is None:
            out.write(f"跳过 skipped joint query for {purpose.value}: no suitable demo company")
            continue
        entity = MarketEntity.objects.get(pk=entity_id)
        query = services.query_record(
            actor=partner,
            uscc=entity.uscc,
            purpose=purpose,
            reference=f"LYCG-{today.year}-{seed % 100:02d}{number:02d}",
            today=today,
        )
        counts["joint_queries"] += 1
        restricted = query.restricted
        services.feedback_record(
            actor=partner,
            query_id=query.pk,
            action=FeedbackAction.EXCLUDED if restricted else FeedbackAction.NOT_RESTRICTED,
            acted_on=today,
            document_number=f"洛财采〔{today.year}〕{number}号" if restricted else "",
            note="依法取消其参加本项目的资格" if restricted else "未见限制措施，正常参加",
            today=today,
        )
        counts["joint_feedback"] += 1
    return counts
