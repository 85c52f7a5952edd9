"""Publishing and withdrawing public facts (公示、撤下公示)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.clock.selectors import period_end
from shijian.core.errors import Conflict, ValidationFailed
from shijian.registry.models import (
    MarketEntity,
    PublicFact,
)
from shijian.registry.publication import fact_kind
from shijian.registry.services._common import (
    _feed,
)


def _public_until(window_rule_id: str | None, published_on: dt.date) -> dt.date | None:
    if window_rule_id is None:
        return None
    return period_end(rule_id=window_rule_id, start=published_on)


@transaction.atomic
def public_fact_publish(
    *,
    actor: Actor,
    entity: MarketEntity,
    kind: str,
    title: str,
    body: Mapping[str, Any],
    source_department: str,
    decided_on: dt.date,
    published_on: dt.date,
    document_number: str = "",
    source_type: str = "",
    source_id: str = "",
) -> PublicFact:
    """Publish a fact about an entity on the portal (公示), masked by its kind's rules."""
    registered = fact_kind(kind)
    if not title.strip():
        raise ValidationFailed("title", "标题不能为空", "a title is required")
    if not source_department.strip():
        raise ValidationFailed("source_department", "须注明作出部门", "the source department is required")
    if published_on < decided_on:
        raise ValidationFailed("published_on", "公示日期早于作出日期", "published before it was decided")
    fact = PublicFact.objects.create(
        entity=entity,
        kind=kind,
        title=title.strip(),
        body=registered.mask_body(body),
        source_department=source_department.strip(),
        document_number=document_number.strip(),
        decided_on=decided_on,
        published_on=published_on,
        public_until=_public_until(registered.window_rule_id, published_on),
        source_type=source_type,
        source_id=str(source_id),
    )
    audit_record(actor=actor, action="registry.fact.published", obj=fact, after=model_snapshot(fact))
    _feed(
        entity.uscc,
        "fact_published",
        {
            "fact_id": fact.pk,
            "kind": kind,
            "title": fact.title,
            "source_department": fact.source_department,
            "document_number": fact.document_number,
            "published_on": published_on.isoformat(),
            "public_until": fact.public_until.isoformat() if fact.public_until else None,
            "body": fact.body,
        },
    )
    return fact


@transaction.atomic
def public_fact_withdraw(
    *, actor: Actor, fact: PublicFact, on: dt.date, reason: str, cause: str = ""
) -> PublicFact:
    """Withdraw a published fact at once (撤下公示), e.g. after credit repair or a revoked decision.

    ``cause`` is a short code for the change feed (e.g. ``credit_repair``);
    the reason text itself stays internal (audit and the officers' record).
    """
    if not reason.strip():
        raise ValidationFailed("reason", "撤下公示须说明原因", "a reason is required")
    if fact.withdrawn_on is not None:
        raise Conflict("already_withdrawn", "该信息已撤下", "the fact is already withdrawn")
    before = model_snapshot(fact)
    fact.withdrawn_on = on
    fact.withdrawn_reason = reason.strip()
    fact.save(update_fields=["withdrawn_on", "withdrawn_reason"])
    audit_record(
        actor=actor,
        action="registry.fact.withdrawn",
        obj=fact,
        before=before,
        after=model_snapshot(fact),
        reason=reason,
    )
    payload = {"fact_id": fact.pk, "on": on.isoformat()}
    _feed(fact.entity.uscc, "fact_withdrawn", {**payload, "cause": cause} if cause else payload)
    return fact
