"""Staff API of the serious-violation list (严重违法失信名单): thin - parse, call one service, serialise."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.responses import Status

from shijian.accounts.api_auth import staff_auth
from shijian.accounts.policies import require_staff
from shijian.core.api import ERROR_RESPONSES, ErrorOut
from shijian.core.errors import NotFound
from shijian.credit.serious import pdf, selectors, services
from shijian.credit.serious.domain import Purpose, RepairConditions
from shijian.credit.serious.models import SeriousListing
from shijian.credit.serious.schemas import (
    ApprovalIn,
    DecisionIn,
    EarlyRemovalIn,
    ListingOut,
    NoticeIn,
    ProposalIn,
    RestrictionOut,
    RestrictionReasonOut,
    SubmissionIn,
    SubmissionOut,
    listing_out,
)
from shijian.registry import selectors as registry_selectors
from shijian.registry.models import MarketEntity

router = Router(tags=["credit 严重违法失信名单"], auth=staff_auth())
PREFIX = "/credit/serious"


class ListingFilter(Schema):
    """Filter of the listing list."""

    status: str | None = None


class RestrictionQuery(Schema):
    """Which restriction to check, on which day (default today)."""

    purpose: Purpose
    on: dt.date | None = None


def _listing(request: HttpRequest, listing_id: int) -> SeriousListing:
    return selectors.listing_get(actor=request.actor, listing_id=listing_id)  # type: ignore[attr-defined]


def _today() -> dt.date:
    return timezone.localdate()


@router.get(f"{PREFIX}/listings", response={200: list[ListingOut], **ERROR_RESPONSES})
def listing_list(request: HttpRequest, filters: Query[ListingFilter]) -> list[ListingOut]:
    """Proposals and listings of the jurisdiction, newest first (列入建议和名单)."""
    found = selectors.listing_list(actor=request.actor, status=filters.status)  # type: ignore[attr-defined]
    return [listing_out(listing) for listing in found.prefetch_related("submissions")[:500]]


@router.get(f"{PREFIX}/listings/{{listing_id}}", response={200: ListingOut, **ERROR_RESPONSES})
def listing_detail(request: HttpRequest, listing_id: int) -> ListingOut:
    """One proposal or listing with its procedure."""
    return listing_out(_listing(request, listing_id))


@router.post(f"{PREFIX}/entities/{{entity_id}}/proposals", response={201: ListingOut, **ERROR_RESPONSES})
def proposal_create(request: HttpRequest, entity_id: int, body: ProposalIn) -> Status[ListingOut]:
    """Propose listing an entity (列入建议) on a heavier penalty decision."""
    actor = request.actor  # type: ignore[attr-defined]
    require_staff(actor, "credit_serious.propose")
    entity = registry_selectors.entity_get(actor=actor, entity_id=entity_id)
    today = _today()
    listing = services.serious_proposal_create(
        actor=actor,
        entity=entity,
        category=body.category,
        heavier_penalty=body.heavier_penalty,
        heavier_penalty_kind=body.heavier_penalty_kind,
        penalty_document_number=body.penalty_document_number,
        penalty_decided_on=body.penalty_decided_on,
        penalty_description=body.penalty_description,
        facts=body.facts,
        legal_basis=body.legal_basis,
        case_reference=body.case_reference,
        proposed_on=body.proposed_on or today,
        today=today,
    )
    return Status(201, listing_out(listing))


@router.post(f"{PREFIX}/listings/{{listing_id}}/notice", response={200: ListingOut, **ERROR_RESPONSES})
def notice(request: HttpRequest, listing_id: int, body: NoticeIn) -> ListingOut:
    """Record the notice served on the party (告知), with the deadlines from the rules."""
    listing = services.serious_notice_serve(
        actor=request.actor,  # type: ignore[attr-defined]
        listing=_listing(request, listing_id),
        served_on=body.served_on,
        notice_document_number=body.notice_document_number,
        today=_today(),
    )
    return listing_out(listing)


@router.post(
    f"{PREFIX}/listings/{{listing_id}}/submissions", response={201: SubmissionOut, **ERROR_RESPONSES}
)
def submission(request: HttpRequest, listing_id: int, body: SubmissionIn) -> Status[SubmissionOut]:
    """Record a statement, defence, hearing request, hearing or waiver (陈述、申辩、听证)."""
    found = services.serious_submission_record(
        actor=request.actor,  # type: ignore[attr-defined]
        listing=_listing(request, listing_id),
        kind=body.kind,
        received_on=body.received_on,
        summary=body.summary,
        outcome=body.outcome,
        today=_today(),
    )
    return Status(
        201,
        SubmissionOut(
            id=found.pk,
            kind=found.kind,
            received_on=found.received_on,
            summary=found.summary,
            outcome=found.outcome,
        ),
    )


@router.post(f"{PREFIX}/listings/{{listing_id}}/approval", response={200: ListingOut, **ERROR_RESPONSES})
def approval(request: HttpRequest, listing_id: int, body: ApprovalIn) -> ListingOut:
    """Approve or refuse one level up (上一级批准): chiefs of the parent bureau only."""
    today = _today()
    listing = services.serious_approve(
        actor=request.actor,  # type: ignore[attr-defined]
        listing=_listing(request, listing_id),
        approve=body.approve,
        approved_on=body.approved_on or today,
        note=body.note,
        today=today,
    )
    return listing_out(listing)


@router.post(f"{PREFIX}/listings/{{listing_id}}/decide", response={200: ListingOut, **ERROR_RESPONSES})
def decide(request: HttpRequest, listing_id: int, body: DecisionIn) -> ListingOut:
    """The listing decision (列入决定); starts the publication clock."""
    listing = services.serious_decide(
        actor=request.actor,  # type: ignore[attr-defined]
        listing=_listing(request, listing_id),
        decision_number=body.decision_number,
        decided_on=body.decided_on,
        measures=body.measures,
        restriction_until=body.restriction_until,
        today=_today(),
    )
    return listing_out(listing)


@router.post(f"{PREFIX}/listings/{{listing_id}}/publish", response={200: ListingOut, **ERROR_RESPONSES})
def publish(request: HttpRequest, listing_id: int) -> ListingOut:
    """Publish the listing on the portal today (公示)."""
    listing = services.serious_publish(
        actor=request.actor,  # type: ignore[attr-defined]
        listing=_listing(request, listing_id),
        today=_today(),
    )
    return listing_out(listing)


@router.post(f"{PREFIX}/listings/{{listing_id}}/remove-early", response={200: ListingOut, **ERROR_RESPONSES})
def remove_early(request: HttpRequest, listing_id: int, body: EarlyRemovalIn) -> ListingOut:
    """Remove a listing early after credit repair (提前移出)."""
    today = _today()
    listing = services.serious_remove_early(
        actor=request.actor,  # type: ignore[attr-defined]
        listing=_listing(request, listing_id),
        removed_on=body.removed_on or today,
        conditions=RepairConditions(
            restriction_ended=body.restriction_ended,
            obligations_performed=body.obligations_performed,
            harm_removed=body.harm_removed,
            no_new_heavier_penalty=body.no_new_heavier_penalty,
        ),
        reason=body.reason,
        document_number=body.document_number,
        today=today,
    )
    return listing_out(listing)


@router.get(
    f"{PREFIX}/listings/{{listing_id}}/decision.pdf",
    response={200: None, 503: ErrorOut, **ERROR_RESPONSES},
)
def decision_pdf(request: HttpRequest, listing_id: int) -> HttpResponse:
    """The listing decision document as PDF (列入决定书), for staff of the jurisdiction."""
    listing = _listing(request, listing_id)
    content = pdf.decision_pdf(listing, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="serious-listing-{listing.pk}.pdf"'
    return response


@router.get(
    f"{PREFIX}/entities/{{entity_id}}/restrictions", response={200: RestrictionOut, **ERROR_RESPONSES}
)
def restriction(request: HttpRequest, entity_id: int, query: Query[RestrictionQuery]) -> RestrictionOut:
    """Is the entity restricted for procurement, bidding, honours or key supervision, and why (联合惩戒)."""
    entity = MarketEntity.objects.filter(pk=entity_id).first()
    if entity is None:
        raise NotFound("entity")
    found = selectors.entity_restriction(
        actor=request.actor,  # type: ignore[attr-defined]
        entity=entity,
        purpose=query.purpose,
        on=query.on or _today(),
    )
    return RestrictionOut(
        entity_id=found.entity_id,
        purpose=found.purpose.value,
        on=found.on,
        restricted=found.restricted,
        reasons=[RestrictionReasonOut(**asdict(r)) for r in found.reasons],
    )
