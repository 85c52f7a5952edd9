"""Who may file, correct and read annual reports and ad-hoc disclosures."""

from __future__ import annotations

import datetime as dt

from shijian.core.actor import Actor
from shijian.core.errors import NotFound, PermissionDenied
from shijian.registry import policies as registry_policies
from shijian.registry.models import MarketEntity
from shijian.registry.selectors import entities_represented


def represents(actor: Actor, entity: MarketEntity, today: dt.date) -> bool:
    """True when ``actor`` may act for ``entity`` today (企业经办人)."""
    return entities_represented(actor=actor, on=today).filter(pk=entity.pk).exists()


def require_representative(actor: Actor, entity: MarketEntity, today: dt.date) -> None:
    """Filing is the entity's own act: only its representatives; to anyone else it is not there (404)."""
    if not represents(actor, entity, today):
        raise NotFound("entity")


def require_discloser(actor: Actor, entity: MarketEntity, today: dt.date, action: str) -> None:
    """Recording when ad-hoc information formed: the entity's representative or a registrar in scope."""
    if represents(actor, entity, today):
        return
    registry_policies.require_registrar(actor, action, entity.supervisor_path)


def require_staff(actor: Actor, action: str) -> None:
    """Staff reads (officers see the full report, non-public fields included)."""
    if not (actor.is_system or actor.is_staff_member):
        raise PermissionDenied(action)
