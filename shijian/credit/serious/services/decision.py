"""The listing decision (列入决定) and its publication on the portal (公示)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from shijian.core.actor import Actor
from shijian.core.audit.services import model_snapshot
from shijian.core.clock import services as clocks
from shijian.core.errors import Conflict, ValidationFailed
from shijian.credit import policies
from shijian.credit.serious import catalogue, kinds
from shijian.credit.serious.domain import (
    ListingStatus,
    SubmissionKind,
    decision_problems,
    listing_end,
)
from shijian.credit.serious.models import SeriousListing
from shijian.credit.serious.services._common import (
    RULE_AUTO_REMOVE,
    RULE_PERSON_BAR,
    RULE_PUBLISH,
    SUBJECT_TYPE,
    _audit,
    _due,
    _locked,
    _publication_clock,
    _raise_first,
    _require_status,
)
from shijian.credit.serious.services.procedure import approval_info
from shijian.credit.services import credit_fact_record

# -- the decision and its publication -------------------------------------------------------------


def _measures(codes: Sequence[str] | None) -> list[str]:
    known = catalogue.measures()
    if codes is None:
        return list(known)
    chosen: list[str] = []
    for index, code in enumerate(codes):
        if code not in known:
            raise ValidationFailed(
                f"measures[{index}]",
                f"管理措施不在配置的目录中：{str(code)[:40]}",
                f"measure not in the configured catalogue: {str(code)[:40]} (allowed: {', '.join(known)})",
            )
        if code not in chosen:
            chosen.append(code)
    return chosen


@transaction.atomic
def serious_decide(
    *,
    actor: Actor,
    listing: SeriousListing,
    decision_number: str,
    decided_on: dt.date,
    measures: Sequence[str] | None = None,
    restriction_until: dt.date | None = None,
    today: dt.date,
) -> SeriousListing:
    """Decide the listing (列入决定) and start the publication clock (``serious.publish``).

    Refused before the party's time for statement, defence and a hearing
    request has run out (unless waived), while a requested hearing is not
    held, and without the approval one level up where it is required. The
    listing lasts ``serious.auto_remove`` (3 years) or until the longer
    ``restriction_until`` given in the decision; ``measures`` default to the
    whole configured catalogue.
    """
    policies.require_credit_officer(actor, "credit_serious.decide", listing.entity.supervisor_path)
    listing = _locked(listing)
    info = approval_info(listing.entity)
    submissions = [(SubmissionKind(s.kind), s.received_on) for s in listing.submissions.all()]
    _raise_first(
        decision_problems(
            status=ListingStatus(listing.status),
            decided_on=decided_on,
            notice_served_on=listing.notice_served_on,
            statement_due=listing.statement_due,
            hearing_request_due=listing.hearing_request_due,
            submissions=submissions,
            approval_needed=info.required,
            approved_on=listing.approved_on,
            decision_number=decision_number,
            today=today,
        )
    )
    chosen = _measures(measures)
    if restriction_until is not None and restriction_until <= decided_on:
        raise ValidationFailed(
            "restriction_until", "限制期须晚于决定日期", "the restriction must end after the decision date"
        )
    if SeriousListing.objects.filter(decision_number=decision_number.strip()).exclude(pk=listing.pk).exists():
        raise Conflict(
            "duplicate_decision_number",
            "该列入决定书文号已使用",
            "this decision number is already used",
            field="decision_number",
        )
    before = model_snapshot(listing)
    entity = listing.entity
    listing.decision_number = decision_number.strip()
    listing.decided_on = decided_on
    listing.deciding_authority = (info.bureau.name if info.bureau else entity.registration_authority.name)[
        :100
    ]
    listing.restriction_until = restriction_until
    listing.listed_until = listing_end(
        auto_end=_due(RULE_AUTO_REMOVE, decided_on), restriction_until=restriction_until
    )
    listing.measures = chosen
    listing.person = entity.responsible_person
    listing.person_bar_until = _due(RULE_PERSON_BAR, decided_on) if listing.bars_person else None
    clock = clocks.clock_start(
        actor=actor,
        subject_type=SUBJECT_TYPE,
        subject_id=listing.pk,
        rule_id=RULE_PUBLISH,
        start=decided_on,
        org_unit_path=entity.supervisor_path,
        assignee_user_id=actor.user_id,
        today=today,
    )
    listing.publish_due = clock.due_date
    listing.status = ListingStatus.LISTED.value
    listing.save()
    _audit(actor, "credit_serious.listed", listing, before)
    return listing


@transaction.atomic
def serious_publish(*, actor: Actor, listing: SeriousListing, today: dt.date) -> SeriousListing:
    """Publish the listing on the publicity system (公示) as the public credit fact ``serious.listed``.

    The fact carries the decision number, the deciding authority and the
    measures; the publication clock is completed (late when after
    ``publish_due``, which the clock keeps).
    """
    policies.require_credit_officer(actor, "credit_serious.publish", listing.entity.supervisor_path)
    listing = _locked(listing)
    _require_status(listing, [ListingStatus.LISTED], "公示", "publish")
    if listing.published_on is not None:
        raise Conflict("already_published", "该列入决定已公示", "the listing is already published")
    assert listing.decided_on is not None
    known_categories = catalogue.categories()
    known_measures = catalogue.measures()
    category = known_categories.get(listing.category)
    before = model_snapshot(listing)
    fact = credit_fact_record(
        actor=actor,
        entity=listing.entity,
        kind=kinds.LISTED.kind,
        title=f"列入严重违法失信名单：{category.label_zh if category else listing.category}"[:300],
        decided_on=listing.decided_on,
        source_department=listing.deciding_authority,
        document_number=listing.decision_number,
        legal_basis=listing.legal_basis,
        body={
            "category": listing.category,
            "facts": listing.facts,
            "penalty_document_number": listing.penalty_document_number,
            "penalty_decided_on": listing.penalty_decided_on.isoformat(),
            "listed_until": listing.listed_until.isoformat() if listing.listed_until else None,
            "measures": [
                known_measures[code].label_zh if code in known_measures else code for code in listing.measures
            ],
        },
        source_type=SUBJECT_TYPE,
        source_id=listing.pk,
        today=today,
    )
    listing.listed_fact = fact
    listing.published_on = today
    listing.save()
    clock = _publication_clock(listing)
    if clock is not None:
        clocks.clock_stop(actor=actor, clock=clock, on=today, reason="已公示 published", today=today)
    _audit(actor, "credit_serious.published", listing, before)
    return listing
