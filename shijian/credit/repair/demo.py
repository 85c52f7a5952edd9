"""Demo data of credit repair (a step for ``shijian demo-data``, after the lists and the risk classes).

Penalties published about eight months ago for a few 涧西区 companies, each
with a repair application in a different state: one the demo enterprise
submitted online (in progress, waiting for acceptance), one accepted and
waiting for the decision, one repaired (the penalty left the portal), one
refused and one not accepted. Materials are small generated PDFs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from shijian.accounts.models import OrgUnit, User
from shijian.accounts.selectors import actor_for_user
from shijian.core.actor import Actor
from shijian.core.errors import DomainError
from shijian.credit.abnormal.models import AbnormalListing
from shijian.credit.repair import services
from shijian.credit.repair.domain import REQUIRED_MATERIALS, MaterialKind, RepairKind
from shijian.credit.repair.models import RepairApplication
from shijian.credit.serious.models import SeriousListing
from shijian.credit.services import credit_fact_record
from shijian.registry.models import MarketEntity
from shijian.registry.selectors import entities_represented

HOME_BUREAU = "410305-AMR"
AUTHORITY = "洛阳市涧西区市场监督管理局"
#: What happens to each demo application after it is submitted.
OUTCOMES = ("submitted", "accepted", "repaired", "refused", "not_accepted")
_VIOLATIONS = [
    ("未按规定明码标价", "《中华人民共和国价格法》第四十二条", 5000),
    ("发布虚假广告", "《中华人民共和国广告法》第五十五条", 30000),
    ("销售不合格产品", "《中华人民共和国产品质量法》第四十九条", 12000),
    ("未按规定公示营业执照", "《无证无照经营查处办法》", 2000),
    ("虚假宣传", "《中华人民共和国反不正当竞争法》第二十条", 20000),
]


def _material(kind: MaterialKind, entity: MarketEntity) -> services.MaterialUpload:
    """A small PDF standing in for a scanned material (its text names the entity and the kind)."""
    text = f"(demo {kind.value} {entity.uscc})".encode()
    content = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%" + text + b"\n%%EOF\n"
    )
    return services.MaterialUpload(kind, f"{kind.label_zh}.pdf", content)


def _candidates(
    bureau: OrgUnit, own: MarketEntity | None, count: int, published: dt.date
) -> list[MarketEntity]:
    """Active 涧西区 companies on neither list (a listed entity repairs its listing first).

    Established before the demo penalty's date: a penalty cannot predate its entity.
    """
    listed = set(AbnormalListing.objects.filter(status="listed").values_list("entity_id", flat=True))
    listed |= set(SeriousListing.objects.filter(status="listed").values_list("entity_id", flat=True))
    found = (
        MarketEntity.objects.filter(supervisor_path__startswith=bureau.path, status="active")
        .exclude(entity_type="individual")
        .exclude(pk__in=listed)
        .filter(established_on__lt=published)
        .order_by("id")
    )
    chosen = [e for e in found[: count * 3] if own is None or e.pk != own.pk][:count]
    own_ok = own is not None and own.pk not in listed and own.established_on < published
    return ([own] if own is not None and own_ok else []) + chosen


def repair_demo(*, actor: Actor, seed: int, size: str, out: Any) -> dict[str, Any]:
    """Repair applications in every state; does nothing when applications exist already."""
    if RepairApplication.objects.exists():
        return {"repair_applications": RepairApplication.objects.count()}
    bureau = OrgUnit.objects.filter(code=HOME_BUREAU).first()
    if bureau is None:
        out.write("跳过信用修复：缺少涧西区机构 skipped credit repair: no 涧西区 bureau")
        return {"repair_applications": 0}
    today = timezone.localdate()
    published = today - dt.timedelta(days=240)
    enterprise = User.objects.filter(username="enterprise").first()
    enterprise_actor = actor_for_user(enterprise) if enterprise is not None else None
    own = entities_represented(actor=enterprise_actor, on=today).first() if enterprise_actor else None
    counts = dict.fromkeys(OUTCOMES, 0)
    usable_own = own if own is not None and own.established_on < published else None
    wanted = len(OUTCOMES) - (1 if usable_own else 0)
    for index, entity in enumerate(_candidates(bureau, usable_own, wanted, published)):
        outcome = OUTCOMES[index % len(OUTCOMES)]
        violation, basis, fine = _VIOLATIONS[(seed + index) % len(_VIOLATIONS)]
        try:
            fact = credit_fact_record(
                actor=actor,
                entity=entity,
                kind="penalty",
                title=f"{violation}，罚款{fine}元",
                decided_on=published,
                source_department=AUTHORITY,
                document_number=f"涧市监处罚〔{published.year}〕{300 + index}号",
                legal_basis=basis,
                body={"violation_type": violation, "fine_yuan": fine},
                today=published,
            )
            online = entity == own and enterprise_actor is not None
            application = services.repair_apply(
                actor=enterprise_actor if online and enterprise_actor else actor,
                kind=RepairKind.PENALTY_PUBLICITY,
                target_id=fact.pk,
                applicant_name=entity.name,
                contact="0379-64000000",
                statement=f"本单位已缴清罚款{fine}元并完成整改，承诺今后依法经营。",
                materials=[
                    _material(kind, entity)
                    for kind in REQUIRED_MATERIALS[RepairKind.PENALTY_PUBLICITY]
                    if outcome != "not_accepted" or kind is MaterialKind.APPLICATION
                ],
                today=today,
            )
            if outcome != "submitted":
                application = services.repair_accept(
                    actor=actor,
                    application=application,
                    accept=outcome != "not_accepted",
                    reason="经一次性告知补正后，仍未提交守信承诺书和履行义务证明材料"
                    if outcome == "not_accepted"
                    else "",
                    today=today,
                )
            if outcome in ("repaired", "refused"):
                services.repair_decide(
                    actor=actor,
                    application=application,
                    approve=outcome == "repaired",
                    obligations_performed=outcome == "repaired",
                    reason="经核实，罚款已缴清，违法行为已纠正"
                    if outcome == "repaired"
                    else "经核实，罚款尚未缴清",
                    today=today,
                )
        except DomainError as exc:  # e.g. a calendar year not loaded yet: fewer demo rows, never a guess
            out.write(f"信用修复演示数据未完成 credit-repair demo incomplete: {exc.message_en}")
            break
        counts[outcome] += 1
    return {f"repair_{key}": value for key, value in counts.items()}
