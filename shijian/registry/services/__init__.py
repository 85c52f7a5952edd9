"""Writes of the registry: the entity lifecycle and public facts (each validated and audited).

``entities``: register and change; ``status``: suspend, resume, revoke,
deregister, relocate; ``facts``: publish and withdraw public facts;
``representatives``: grant and revoke enterprise representatives (企业联络员).
"""

from shijian.registry.services._common import RESPONSIBLE_PERSON_CHECKS, PersonIn, ResponsiblePersonCheck
from shijian.registry.services.entities import CHANGEABLE, entity_change, entity_register
from shijian.registry.services.facts import public_fact_publish, public_fact_withdraw
from shijian.registry.services.representatives import (
    EnterpriseAccountIn,
    representative_grant,
    representative_revoke,
)
from shijian.registry.services.status import (
    entity_deregister,
    entity_relocate,
    entity_resume,
    entity_revoke,
    entity_suspend,
)

__all__ = [
    "CHANGEABLE",
    "RESPONSIBLE_PERSON_CHECKS",
    "EnterpriseAccountIn",
    "PersonIn",
    "ResponsiblePersonCheck",
    "entity_change",
    "entity_deregister",
    "entity_register",
    "entity_relocate",
    "entity_resume",
    "entity_revoke",
    "entity_suspend",
    "public_fact_publish",
    "public_fact_withdraw",
    "representative_grant",
    "representative_revoke",
]
