"""API of the abnormal-operations list (经营异常名录).

Staff (``/credit/abnormal/...``): officers of the entity's jurisdiction list
and read (also the contact-failure work queue); credit officers act (list,
cure, remove, letters, objections, proposals). Enterprise
(``/enterprise/abnormal/...``): a representative sees their entities'
listings and files an objection; to anyone else a listing does not exist
(404).
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router
from ninja.responses import Status

from shijian.accounts.api_auth import staff_auth
from shijian.accounts.policies import require_staff
from shijian.core.actor import Actor
from shijian.core.api import ERROR_RESPONSES
from shijian.core.errors import NotFound
from shijian.credit.abnormal import documents, selectors, services
from shijian.credit.abnormal.domain import Ground, ListingStatus, Mode, ProposalStatus
from shijian.credit.abnormal.schemas import (
    AcceptIn,
    ConfirmIn,
    ContactQueueOut,
    CureIn,
    DecideIn,
    DismissIn,
    EnterpriseListingOut,
    LetterIn,
    LetterOut,
    ListingDetailOut,
    ListingIn,
    ListingOut,
    ObjectionIn,
    ObjectionOut,
    ProposalOut,
    RemoveIn,
    contact_queue_out,
    enterprise_listing_out,
    letter_out,
    listing_detail_out,
    listing_values,
    objection_out,
    proposal_out,
)
from shijian.registry import selectors as registry_selectors
from shijian.registry.models import MarketEntity
from shijian.registry.reports.models import AdhocDisclosure

router = Router(tags=["abnormal list 经营异常名录"], auth=staff_auth())


# -- helpers ---------------------------------------------------------------------------------


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined,no-any-return]


def _today() -> dt.date:
    return timezone.localdate()


def _entity(request: HttpRequest, entity_id: int) -> MarketEntity:
    actor = _actor(request)
    require_staff(actor, "credit.read")
    return registry_selectors.entity_get(actor=actor, entity_id=entity_id)


# -- staff -----------------------------------------------------------------------------------


@router.get("/credit/abnormal/listings", response={200: list[ListingOut], **ERROR_RESPONSES})
def listings(
    request: HttpRequest,
    status: ListingStatus | None = None,
    ground: Ground | None = None,
    mode: Mode | None = None,
    report_year: int | None = None,
    entity_id: int | None = None,
    decided_from: dt.date | None = None,
    decided_to: dt.date | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[ListingOut]:
    """Listings of the jurisdiction (经营异常名录), newest first, with filters."""
    filters = selectors.ListingFilters(
        status=status.value if status else None,
        ground=ground.value if ground else None,
        mode=mode.value if mode else None,
        report_year=report_year,
        entity_id=entity_id,
        decided_from=decided_from,
        decided_to=decided_to,
    )
    offset, limit = max(offset, 0), min(max(limit, 1), 1000)
    found = selectors.listing_list(actor=_actor(request), filters=filters)[offset : offset + limit]
    return [ListingOut(**listing_values(x)) for x in found]


@router.post("/credit/abnormal/listings", response={201: ListingDetailOut, **ERROR_RESPONSES})
def list_entity(request: HttpRequest, body: ListingIn) -> Status[ListingDetailOut]:
    """List an entity (列入经营异常名录); individual businesses get the abnormal status."""
    entity = _entity(request, body.entity_id)
    disclosure = None
    if body.disclosure_id is not None:
        disclosure = AdhocDisclosure.objects.filter(pk=body.disclosure_id, entity=entity).first()
        if disclosure is None:
            raise NotFound("disclosure")
    today = _today()
    listing = services.abnormal_list(
        actor=_actor(request),
        entity=entity,
        ground=body.ground,
        ground_on=body.ground_on,
        decided_on=body.decided_on or today,
        report_year=body.report_year,
        disclosure=disclosure,
        reason=body.reason,
        today=today,
    )
    return Status(201, listing_detail_out(listing))


@router.get("/credit/abnormal/listings/{listing_id}", response={200: ListingDetailOut, **ERROR_RESPONSES})
def listing_detail(request: HttpRequest, listing_id: int) -> ListingDetailOut:
    """One listing with its objections."""
    return listing_detail_out(selectors.listing_get(actor=_actor(request), listing_id=listing_id))


@router.get("/credit/abnormal/listings/{listing_id}/decision.pdf", response={200: None, **ERROR_RESPONSES})
def decision_pdf(request: HttpRequest, listing_id: int) -> HttpResponse:
    """The listing decision (列入经营异常名录决定书) as PDF."""
    listing = selectors.listing_get(actor=_actor(request), listing_id=listing_id)
    response = HttpResponse(documents.decision_pdf(listing), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{documents.decision_filename(listing)}"'
    return response


@router.post(
    "/credit/abnormal/listings/{listing_id}/cure", response={200: ListingDetailOut, **ERROR_RESPONSES}
)
def cure(request: HttpRequest, listing_id: int, body: CureIn) -> ListingDetailOut:
    """Record the cure (整改): the removal is due within abnormal.remove."""
    listing = selectors.listing_get(actor=_actor(request), listing_id=listing_id)
    listing = services.cure_record(
        actor=_actor(request),
        listing=listing,
        cured_on=body.cured_on,
        cure_note=body.cure_note,
        today=_today(),
    )
    return listing_detail_out(listing)


@router.post(
    "/credit/abnormal/listings/{listing_id}/remove", response={200: ListingDetailOut, **ERROR_RESPONSES}
)
def remove(request: HttpRequest, listing_id: int, body: RemoveIn) -> ListingDetailOut:
    """Remove a cured entity (移出经营异常名录)."""
    listing = selectors.listing_get(actor=_actor(request), listing_id=listing_id)
    listing = services.abnormal_remove(
        actor=_actor(request),
        listing=listing,
        cured_on=body.cured_on,
        cure_note=body.cure_note,
        decided_on=body.decided_on,
        today=_today(),
    )
    return listing_detail_out(listing)


@router.get(
    "/credit/abnormal/entities/{entity_id}/letters", response={200: list[LetterOut], **ERROR_RESPONSES}
)
def letters(request: HttpRequest, entity_id: int) -> list[LetterOut]:
    """The registered letters sent to an entity."""
    entity = _entity(request, entity_id)
    return [letter_out(x) for x in selectors.letters_for(actor=_actor(request), entity=entity)]


@router.post("/credit/abnormal/entities/{entity_id}/letters", response={201: LetterOut, **ERROR_RESPONSES})
def record_letter(request: HttpRequest, entity_id: int, body: LetterIn) -> Status[LetterOut]:
    """Record a registered letter (挂号信) and whether it came back unsigned."""
    entity = _entity(request, entity_id)
    letter = services.letter_record(
        actor=_actor(request),
        entity=entity,
        sent_on=body.sent_on,
        tracking_number=body.tracking_number,
        returned_unsigned=body.returned_unsigned,
        returned_on=body.returned_on,
        address=body.address,
        note=body.note,
        today=_today(),
    )
    return Status(201, letter_out(letter))


@router.get("/credit/abnormal/contact-failures", response={200: list[ContactQueueOut], **ERROR_RESPONSES})
def contact_failures(request: HttpRequest, limit: int = 200, offset: int = 0) -> list[ContactQueueOut]:
    """Work queue: entities found unreachable elsewhere (e.g. an inspection), not yet listed on ground (4).

    Each with its findings and where the registered letters stand (send them / under way / complete).
    """
    offset, limit = max(offset, 0), min(max(limit, 1), 1000)
    found = selectors.contact_failure_queue(actor=_actor(request), on=_today())[offset : offset + limit]
    return [contact_queue_out(x) for x in found]


@router.post(
    "/credit/abnormal/objections/{objection_id}/accept", response={200: ObjectionOut, **ERROR_RESPONSES}
)
def accept_objection(request: HttpRequest, objection_id: int, body: AcceptIn) -> ObjectionOut:
    """Accept or refuse an objection (受理/不予受理)."""
    objection = selectors.objection_get(actor=_actor(request), objection_id=objection_id)
    objection = services.objection_accept(
        actor=_actor(request), objection=objection, accept=body.accept, reason=body.reason, today=_today()
    )
    return objection_out(objection)


@router.post(
    "/credit/abnormal/objections/{objection_id}/decide", response={200: ObjectionOut, **ERROR_RESPONSES}
)
def decide_objection(request: HttpRequest, objection_id: int, body: DecideIn) -> ObjectionOut:
    """Decide a verified objection: upheld annuls the listing, rejected keeps it."""
    objection = selectors.objection_get(actor=_actor(request), objection_id=objection_id)
    objection = services.objection_decide(
        actor=_actor(request),
        objection=objection,
        upheld=body.upheld,
        reply=body.reply,
        document_number=body.document_number,
        today=_today(),
    )
    return objection_out(objection)


@router.get("/credit/abnormal/proposals", response={200: list[ProposalOut], **ERROR_RESPONSES})
def proposals(request: HttpRequest, status: ProposalStatus | None = None) -> list[ProposalOut]:
    """Art. 18 proposals (吊销建议、处罚建议) of the jurisdiction, pending first."""
    found = selectors.proposal_list(actor=_actor(request), status=status.value if status else None)
    return [proposal_out(x) for x in found[:500]]


@router.post(
    "/credit/abnormal/proposals/{proposal_id}/confirm", response={200: ProposalOut, **ERROR_RESPONSES}
)
def confirm_proposal(request: HttpRequest, proposal_id: int, body: ConfirmIn) -> ProposalOut:
    """Confirm a proposal: a revocation revokes the business licence in the registry."""
    proposal = selectors.proposal_get(actor=_actor(request), proposal_id=proposal_id)
    proposal = services.proposal_confirm(
        actor=_actor(request),
        proposal=proposal,
        document_number=body.document_number,
        decided_on=body.decided_on,
        note=body.note,
        today=_today(),
    )
    return proposal_out(proposal)


@router.post(
    "/credit/abnormal/proposals/{proposal_id}/dismiss", response={200: ProposalOut, **ERROR_RESPONSES}
)
def dismiss_proposal(request: HttpRequest, proposal_id: int, body: DismissIn) -> ProposalOut:
    """Dismiss a proposal with the reason."""
    proposal = selectors.proposal_get(actor=_actor(request), proposal_id=proposal_id)
    proposal = services.proposal_dismiss(
        actor=_actor(request), proposal=proposal, note=body.note, today=_today()
    )
    return proposal_out(proposal)


# -- enterprise ------------------------------------------------------------------------------


@router.get("/enterprise/abnormal/listings", response={200: list[EnterpriseListingOut], **ERROR_RESPONSES})
def my_listings(request: HttpRequest) -> list[EnterpriseListingOut]:
    """The listings of the entities I represent."""
    found = selectors.listings_represented(actor=_actor(request), today=_today())
    return [enterprise_listing_out(x) for x in found[:200]]


@router.post(
    "/enterprise/abnormal/listings/{listing_id}/objections", response={201: ObjectionOut, **ERROR_RESPONSES}
)
def file_objection(request: HttpRequest, listing_id: int, body: ObjectionIn) -> Status[ObjectionOut]:
    """File an objection (提出异议) to a listing of an entity I represent."""
    today = _today()
    listing = selectors.listing_represented_get(actor=_actor(request), listing_id=listing_id, today=today)
    objection = services.objection_file(
        actor=_actor(request),
        listing=listing,
        objector_name=body.objector_name,
        contact=body.contact,
        reason=body.reason,
        today=today,
    )
    return Status(201, objection_out(objection))
