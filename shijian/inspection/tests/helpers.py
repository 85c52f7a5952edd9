"""Test helpers: an item, classified entities and a plan ready for the draw."""

from __future__ import annotations

import datetime as dt

from shijian.accounts import services as accounts
from shijian.accounts.models import User
from shijian.core.actor import Actor, system_actor
from shijian.core.roles import Role
from shijian.credit.risk.models import EntityRiskClass, ScoreModel
from shijian.inspection import services
from shijian.inspection.domain.draw import commitment
from shijian.inspection.models import InspectionItem, Plan
from shijian.registry.models import MarketEntity
from shijian.testing.registry import make_entity
from shijian.testing.world import World

TODAY = dt.date(2026, 3, 2)
SECRETS = ["见证人甲的密钥 7f3a", "witness-two-secret-91c2"]


def officer(world: World) -> Actor:
    """An officer of the home county (the lead's jurisdiction)."""
    return world.actor(Role.OFFICER)


def certified_officer(
    world: World, name: str, *, expires: dt.date = dt.date(2030, 12, 31), unit: str = "home"
) -> User:
    """An officer with an enforcement certificate (from 2024 to ``expires``), in the home section or
    (``unit="other"``) another county's bureau; a phone number on record that pages must never show."""
    org_unit = world.home_section if unit == "home" else world.other_bureau
    user = accounts.user_create(
        actor=system_actor("tests"),
        username=name,
        password=None,
        display_name=f"检查员{name}",
        org_unit=org_unit,
        roles=[Role.OFFICER],
        phone="13800001234",
    )
    accounts.certificate_issue(
        actor=system_actor("tests"),
        user=user,
        number=f"ZF-{name}",
        issued_on=dt.date(2024, 1, 1),
        expires_on=expires,
    )
    return user


def classify(entity: MarketEntity, risk_class: str) -> None:
    """Give ``entity`` a current class under the default model."""
    model = ScoreModel.objects.get(name="national-2022", active=True)
    EntityRiskClass.objects.create(
        entity=entity, model_name=model.name, score_model=model, risk_class=risk_class, score=50, as_of=TODAY
    )


def entities(world: World, count: int = 24) -> list[MarketEntity]:
    """``count`` entities of the home county, classes A, B, C, D and unclassified in turn."""
    made = []
    for n in range(count):
        entity = make_entity(world)
        if n % 5 != 4:
            classify(entity, "ABCD"[n % 5])
        made.append(entity)
    return made


def item(world: World, *, code: str = "SC-001", kind: str = "key") -> InspectionItem:
    """A key item (no ceiling) or a general item with a 5% ceiling."""
    general = kind == "general"
    return services.item_create(
        actor=officer(world),
        code=code,
        name="食品经营者落实主体责任情况检查",
        department="食品经营监督管理科",
        legal_basis="《中华人民共和国食品安全法》第一百一十条",
        kind=kind,
        ratio_ceiling="0.05" if general else "",
        ceiling_basis="洛阳市双随机一公开工作方案（2025）" if general else "",
        checklist=["许可证在有效期内", "从业人员健康证明"],
        applies_to={"entity_types": ["llc"]},
    )


def plan(world: World, *, number: str = "LY-2026-001", **overrides: object) -> Plan:
    """A draft key-item plan led by the home bureau."""
    values: dict[str, object] = {
        "number": number,
        "title": "2026年食品经营主体双随机抽查",
        "kind": "annual",
        "year": 2026,
        "lead": world.home_bureau,
        "item_codes": [item(world, code=f"SC-{number}").code],
        "window_start": dt.date(2026, 4, 1),
        "window_end": dt.date(2026, 6, 30),
        "ratios": {"A": "0.3", "B": "0.5", "C": "0.5", "D": "1", "U": "0.25"},
    }
    values.update(overrides)
    return services.plan_create(actor=officer(world), **values)  # type: ignore[arg-type]


def committed(world: World, the_plan: Plan, secrets: list[str] = SECRETS) -> Plan:
    """Freeze ``the_plan`` and record one commitment per secret."""
    actor = officer(world)
    the_plan = services.plan_freeze(actor=actor, plan=the_plan, today=TODAY)
    for n, secret in enumerate(secrets, start=1):
        services.witness_commit(
            actor=actor, plan=the_plan, witness_name=f"见证人{n}", commitment_hex=commitment(secret)
        )
    the_plan.refresh_from_db()
    return the_plan
