"""Building repair targets (penalties, listings) and applications for the credit-repair tests.

All dates lie in 2025-2026, which the installed calendar covers: the
procedure's working-day clocks never depend on the real date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from shijian.core.actor import system_actor
from shijian.core.roles import Role
from shijian.credit.abnormal import services as abnormal_services
from shijian.credit.abnormal.domain import Ground
from shijian.credit.abnormal.models import AbnormalListing
from shijian.credit.domain import Severity
from shijian.credit.models import CreditFact
from shijian.credit.repair import services
from shijian.credit.repair.domain import REQUIRED_MATERIALS, MaterialKind, RepairKind
from shijian.credit.repair.models import RepairApplication
from shijian.credit.services import credit_fact_record
from shijian.registry.models import MarketEntity
from shijian.registry.reports.tests.factories import represent
from shijian.testing.world import World

D = dt.date
SYSTEM = system_actor("tests")
LISTED_ON = D(2026, 3, 2)
#: A small but real PDF (header, one empty page, trailer).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def penalty(
    world: World,
    entity: MarketEntity,
    *,
    published_on: dt.date,
    number: str,
    severity: Severity = Severity.GENERAL,
    legal_basis: str = "《中华人民共和国广告法》第五十八条",
    body: dict[str, Any] | None = None,
) -> CreditFact:
    """A public penalty decided and published on ``published_on`` (recorded by the system)."""
    return credit_fact_record(
        actor=SYSTEM,
        entity=entity,
        kind="penalty",
        title="发布虚假广告被罚款",
        decided_on=published_on,
        source_department="洛阳市涧西区市场监督管理局",
        document_number=number,
        legal_basis=legal_basis,
        severity=severity,
        body=body or {"violation_type": "虚假广告", "fine_yuan": 20000},
        today=published_on,
    )


def false_disclosure_listing(
    world: World, entity: MarketEntity, *, decided_on: dt.date = LISTED_ON
) -> AbnormalListing:
    """A listing (or, for an individual business, the status) on ground (3): cured as the officer verifies."""
    return abnormal_services.abnormal_list(
        actor=world.actor(Role.OFFICER),
        entity=entity,
        ground=Ground.FALSE_DISCLOSURE,
        ground_on=decided_on,
        decided_on=decided_on,
        reason="2024年度报告中从业人数与社保缴费人数严重不符",
        today=decided_on,
    )


def apply(
    world: World,
    entity: MarketEntity,
    kind: RepairKind,
    target_id: int,
    *,
    today: dt.date,
    materials: tuple[MaterialKind, ...] | None = None,
    **overrides: Any,
) -> RepairApplication:
    """The entity's representative applies and uploads the materials (by default all required ones)."""
    if not entity.representatives.filter(user=world.users[Role.ENTERPRISE]).exists():
        represent(entity, world.users[Role.ENTERPRISE])
    actor = world.actor(Role.ENTERPRISE)
    values: dict[str, Any] = {
        "actor": actor,
        "kind": kind,
        "target_id": target_id,
        "applicant_name": entity.name,
        "contact": "0379-64321234",
        "statement": "已更正公示信息，缴清罚款，并承诺今后依法经营。",
        "today": today,
    }
    values.update(overrides)
    application = services.repair_apply(**values)
    needed = materials if materials is not None else REQUIRED_MATERIALS[kind]
    for index, material in enumerate(needed):
        services.repair_material_add(
            actor=actor,
            application=application,
            kind=material,
            filename=f"{material.value}.pdf",
            content=PDF + str(index).encode(),
            today=today,
        )
    return application
