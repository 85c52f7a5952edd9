"""Shared set-up of the enterprise-representative tests (services, API, pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from shijian.accounts.models import User
from shijian.accounts.selectors import actor_for_user
from shijian.core.actor import system_actor
from shijian.core.audit.models import AuditRecord
from shijian.core.roles import Role
from shijian.registry import selectors, services
from shijian.registry.models import EntityRepresentative, MarketEntity
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db

SYSTEM = system_actor("tests")
REGISTRARS = frozenset(
    r.value for r in (Role.OFFICER, Role.SECTION_CHIEF, Role.BUREAU_HEAD, Role.SYSTEM_ADMIN)
)
MOBILE = "13800001234"  # not the factory responsible person's number
MASKED = "138****1234"


def today() -> dt.date:
    return timezone.localdate()


def enterprise(world: World) -> User:
    return world.users[Role.ENTERPRISE]


def grant(world: World, entity: MarketEntity, user: Any = None) -> EntityRepresentative:
    return services.representative_grant(
        actor=world.actor(Role.OFFICER),
        entity=entity,
        user=enterprise(world) if user is None else user,
        today=today(),
    )


def audits(action: str, link: EntityRepresentative) -> list[AuditRecord]:
    return list(
        AuditRecord.objects.filter(
            action=action, object_type="registry.entityrepresentative", object_id=str(link.pk)
        ).order_by("seq")
    )


def represented(world: World, user: User | None = None) -> list[int]:
    actor = actor_for_user(user or enterprise(world))
    return list(selectors.entities_represented(actor=actor, on=today()).values_list("pk", flat=True))


def officer_client(world: World, role: Role = Role.OFFICER) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def entity_id(world: World, scope: str) -> int:
    return make_entity(world, scope=scope).pk


def link_id(world: World, scope: str) -> int:
    entity = make_entity(world, scope=scope)
    return services.representative_grant(
        actor=SYSTEM, entity=entity, user=enterprise(world), today=today()
    ).pk
