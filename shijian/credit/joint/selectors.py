"""Reads of joint punishment (联合惩戒): measures in force, the restriction answer, queries and feedback.

The answer combines every list in force on the day asked about: serious
listings with the measures their decisions recorded, abnormal listings and
individual businesses' abnormal status with the measures configured for
their list type on that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from shijian.core.actor import Actor
from shijian.core.errors import DomainError, NotFound, ValidationFailed
from shijian.core.identifiers import uscc_check
from shijian.core.scoping import scope
from shijian.credit import policies as credit_policies
from shijian.credit.abnormal.domain import Ground, Mode
from shijian.credit.abnormal.domain import ListingStatus as AbnormalStatus
from shijian.credit.abnormal.models import AbnormalListing
from shijian.credit.joint import policies
from shijian.credit.joint.domain import (
    Confidence,
    ListingInForce,
    ListType,
    MeasureRule,
    Purpose,
    Reason,
    restriction_reasons,
    rules_in_force,
)
from shijian.credit.joint.models import JointMeasure, JointQuery
from shijian.credit.serious import catalogue
from shijian.credit.serious.domain import DEFAULT_CATEGORIES, DEFAULT_MEASURES
from shijian.credit.serious.selectors import listings_in_force as serious_in_force
from shijian.registry import selectors as registry_selectors
from shijian.registry.models import MarketEntity

__all__ = [
    "Answer",
    "EntityNotFound",
    "entity_for_uscc",
    "entity_queries",
    "listings_in_force_for",
    "measure_get",
    "measure_list",
    "measure_rule",
    "query_get",
    "query_list_own",
    "query_own_get",
    "restriction_answer",
    "rules_on",
]


class EntityNotFound(NotFound):
    """No entity is registered under the USCC asked about (404, naming the code)."""

    def __init__(self, uscc: str) -> None:
        DomainError.__init__(
            self,
            "not_found",
            f"未找到统一社会信用代码为 {uscc} 的市场主体",
            f"no market entity is registered with the USCC {uscc}",
            field="uscc",
        )


def measure_list(
    *,
    actor: Actor,
    on: dt.date | None = None,
    list_type: str | None = None,
    purpose: str | None = None,
) -> QuerySet[JointMeasure]:
    """Measure versions, by list type and code: those in force on ``on``, or every version (``on=None``)."""
    policies.require_query(actor, "credit_joint.measures")
    found = JointMeasure.objects.all()
    if on is not None:
        found = found.filter(effective_from__lte=on).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=on)
        )
    if list_type:
        found = found.filter(list_type=list_type)
    if purpose:
        found = found.filter(purpose=purpose)
    return found.order_by("list_type", "code", "version")


def measure_get(*, actor: Actor, measure_id: int) -> JointMeasure:
    """One measure version (404 when there is none)."""
    found = measure_list(actor=actor).filter(pk=measure_id).first()
    if found is None:
        raise NotFound("measure")
    return found


def measure_rule(row: JointMeasure) -> MeasureRule:
    """A stored measure version as the pure rules see it."""
    return MeasureRule(
        list_type=ListType(row.list_type),
        code=row.code,
        purpose=Purpose(row.purpose),
        label_zh=row.label_zh,
        label_en=row.label_en,
        departments=row.departments,
        legal_basis=row.legal_basis,
        confidence=Confidence(row.confidence),
        version=row.version,
        effective_from=row.effective_from,
        effective_to=row.effective_to,
    )


def rules_on(*, on: dt.date) -> dict[tuple[ListType, str], MeasureRule]:
    """The measure versions in force on ``on``, by (list type, code).

    A serious listing's measures are authoritative (recorded by its
    decision): a catalogue measure without a table version in force that day
    still counts, with the catalogue's wording (version 0).
    """
    rows = JointMeasure.objects.filter(effective_from__lte=on).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=on)
    )
    rules = rules_in_force((measure_rule(r) for r in rows), on)
    known = {m.code: m for m in DEFAULT_MEASURES} | catalogue.measures()
    for code, measure in known.items():
        rules.setdefault(
            (ListType.SERIOUS, code),
            MeasureRule(
                list_type=ListType.SERIOUS,
                code=code,
                purpose=measure.purpose,
                label_zh=measure.label_zh,
                label_en=measure.label_en,
                departments="",
                legal_basis=measure.legal_basis,
                confidence=Confidence.M,
                version=0,
                effective_from=on,
            ),
        )
    return rules


def entity_for_uscc(*, uscc: str) -> MarketEntity:
    """The entity registered under ``uscc`` (typed with spaces or full-width characters is fine).

    A malformed code is refused (422, field ``uscc``, the first problem in
    Chinese and English); a well-formed unknown code is ``EntityNotFound``
    (404). Early pilot codes that fail only the check character are answered
    when the registry keeps them flagged.
    """
    result = uscc_check(uscc)
    code = result.normalised
    if not result.valid:
        if result.only_check_character_failed:
            flagged = MarketEntity.objects.filter(uscc=code, uscc_flagged=True).first()
            if flagged is not None:
                return flagged
        problem = result.errors[0]
        raise ValidationFailed(
            "uscc",
            f"统一社会信用代码格式不正确：{problem.message_zh}",
            f"malformed USCC: {problem.message_en}",
            code="invalid_uscc",
        )
    entity = MarketEntity.objects.filter(uscc=code).first()
    if entity is None:
        raise EntityNotFound(code)
    return entity


def _serious_reason(category: str) -> tuple[str, str]:
    known = {c.code: c for c in DEFAULT_CATEGORIES} | catalogue.categories()
    found = known.get(category)
    return (found.label_zh, found.label_en) if found else (category, category)


def listings_in_force_for(*, entity: MarketEntity, on: dt.date) -> list[ListingInForce]:
    """Every listing that puts ``entity`` on a list on ``on``.

    Serious list: decided on or before ``on``, ``on`` not after the last day
    listed and not removed by then (``serious.selectors.listings_in_force``).
    Abnormal list / status: decided on or before ``on``, not removed by then
    (on the removal day the entity is off the list) and not annulled after
    an upheld objection (an annulled listing never counted).
    """
    found: list[ListingInForce] = []
    for serious in serious_in_force(on=on).filter(entity=entity).order_by("decided_on", "id"):
        assert serious.decided_on is not None  # listings in force are decided
        reason_zh, reason_en = _serious_reason(serious.category)
        found.append(
            ListingInForce(
                list_type=ListType.SERIOUS,
                listing_id=serious.pk,
                decision_number=serious.decision_number,
                deciding_authority=serious.deciding_authority,
                decided_on=serious.decided_on,
                listed_until=serious.listed_until,
                reason_zh=reason_zh,
                reason_en=reason_en,
                measures=tuple(str(code) for code in serious.measures),
            )
        )
    abnormal = (
        AbnormalListing.objects.select_related("authority")
        .filter(entity=entity, decided_on__lte=on)
        .exclude(status=AbnormalStatus.ANNULLED.value)
        .exclude(removed_on__lte=on)
        .order_by("decided_on", "id")
    )
    for listing in abnormal:
        ground = Ground(listing.ground)
        found.append(
            ListingInForce(
                list_type=ListType.ABNORMAL_STATUS
                if listing.mode == Mode.STATUS.value
                else ListType.ABNORMAL_LIST,
                listing_id=listing.pk,
                decision_number=listing.document_number,
                deciding_authority=listing.authority.name,
                decided_on=listing.decided_on,
                listed_until=None,
                reason_zh=ground.label_zh,
                reason_en=ground.label_en,
            )
        )
    return found


@dataclass(frozen=True, slots=True)
class Answer:
    """Whether an entity is restricted for a purpose on a day, and why (联合惩戒查询结果)."""

    entity: MarketEntity
    purpose: Purpose
    on: dt.date
    reasons: list[Reason] = field(default_factory=list)
    listings: list[ListingInForce] = field(default_factory=list)

    @property
    def restricted(self) -> bool:
        """True when at least one listing in force carries a measure of this purpose."""
        return bool(self.reasons)


def restriction_answer(*, actor: Actor, entity: MarketEntity, purpose: Purpose, on: dt.date) -> Answer:
    """Is ``entity`` restricted for ``purpose`` on ``on``, and why?

    The lists are public, so a partner department or any staff member may
    ask about any entity (not limited to a jurisdiction). ``listings`` are
    all the lists the entity is on that day, also those that carry no
    measure of this purpose, so a "not restricted" answer is explained too.
    """
    policies.require_query(actor)
    listings = listings_in_force_for(entity=entity, on=on)
    reasons = restriction_reasons(listings=listings, rules=rules_on(on=on), purpose=purpose)
    return Answer(entity=entity, purpose=purpose, on=on, reasons=reasons, listings=listings)


def _queries() -> QuerySet[JointQuery]:
    return JointQuery.objects.select_related("entity", "feedback", "department_unit")


def query_list_own(*, actor: Actor, uscc: str | None = None) -> QuerySet[JointQuery]:
    """The queries of the actor's department (its org unit and kind), newest first; the system sees all."""
    policies.require_query(actor, "credit_joint.queries")
    found = _queries()
    if not actor.is_system:
        department = policies.department_of(actor)
        if department is None:
            return found.none()
        found = found.filter(department_unit_id=department, by_partner=policies.asks_as_partner(actor))
    if uscc:
        found = found.filter(uscc=uscc_check(uscc).normalised)
    return found.order_by("-asked_at", "-id")


def query_own_get(*, actor: Actor, query_id: int) -> JointQuery:
    """One query of the actor's own department (404 for any other: it is another department's record)."""
    query = query_list_own(actor=actor).filter(pk=query_id).first()
    if query is None:
        raise NotFound("query")
    return query


def query_get(*, actor: Actor, query_id: int) -> JointQuery:
    """One query: the asking department's own, or one about an entity of an officer's jurisdiction."""
    policies.require_query(actor, "credit_joint.queries")
    query = query_list_own(actor=actor).filter(pk=query_id).first()
    if query is None and actor.has_any(credit_policies.CREDIT_READERS):
        query = scope(actor, _queries()).filter(pk=query_id).first()
    if query is None:
        raise NotFound("query")
    return query


def entity_queries(*, actor: Actor, entity_id: int) -> tuple[MarketEntity, QuerySet[JointQuery]]:
    """The queries about an entity and their feedback, for officers of its jurisdiction (404 outside)."""
    entity = registry_selectors.entity_get(actor=actor, entity_id=entity_id)
    credit_policies.require_credit_reader(actor, entity.supervisor_path)
    return entity, _queries().filter(entity=entity).order_by("-asked_at", "-id")
