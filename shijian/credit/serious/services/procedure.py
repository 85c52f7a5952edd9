"""The procedure before the decision: proposal, notice, submissions, approval one level up."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from shijian.accounts.models import OrgUnit
from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.errors import Conflict, NotFound, ValidationFailed
from shijian.core.roles import APPROVER_ROLES
from shijian.core.scoping import path_in_scope
from shijian.credit import policies
from shijian.credit.serious import catalogue
from shijian.credit.serious.domain import (
    OPEN_STATUSES,
    ListingStatus,
    SubmissionKind,
    approval_required,
    proposal_problems,
)
from shijian.credit.serious.models import SeriousListing, SeriousSubmission
from shijian.credit.serious.selectors import approving_bureau, deciding_bureau
from shijian.credit.serious.services._common import (
    RULE_HEARING_REQUEST,
    RULE_STATEMENT,
    WrongApprover,
    _audit,
    _due,
    _locked,
    _not_future,
    _raise_first,
    _require_status,
)
from shijian.registry.models import MarketEntity

# -- proposal and notice ----------------------------------------------------------------------


@transaction.atomic
def serious_proposal_create(
    *,
    actor: Actor,
    entity: MarketEntity,
    category: str,
    heavier_penalty: bool,
    heavier_penalty_kind: str,
    penalty_document_number: str,
    penalty_decided_on: dt.date,
    facts: str,
    legal_basis: str,
    penalty_description: str = "",
    case_reference: str = "",
    source_type: str = "",
    source_id: str | int = "",
    proposed_on: dt.date,
    today: dt.date,
) -> SeriousListing:
    """Propose listing ``entity`` (列入建议) on the strength of a heavier penalty decision.

    Called by the cases app with the penalty decision (number, date,
    description, which heavier penalty) and by officers through the API.
    The listing test is checked here: a heavier penalty of a recognised kind
    and a category of the configured list.
    """
    policies.require_credit_officer(actor, "credit_serious.propose", entity.supervisor_path)
    known = catalogue.categories()
    _raise_first(
        proposal_problems(
            heavier_penalty=heavier_penalty,
            heavier_penalty_kind=heavier_penalty_kind,
            category=category,
            categories=known,
            penalty_document_number=penalty_document_number,
            penalty_decided_on=penalty_decided_on,
            facts=facts,
            legal_basis=legal_basis,
            today=today,
        )
    )
    _not_future(proposed_on, today, "proposed_on")
    if proposed_on < penalty_decided_on:
        raise ValidationFailed(
            "proposed_on", "建议日期早于处罚决定日期", "proposed before the penalty decision"
        )
    number = penalty_document_number.strip()
    open_statuses = [s.value for s in (*OPEN_STATUSES, ListingStatus.LISTED)]
    if SeriousListing.objects.filter(
        entity=entity, penalty_document_number=number, status__in=open_statuses
    ).exists():
        raise Conflict(
            "already_proposed",
            f"已就处罚决定 {number} 提出列入建议或作出列入决定",
            f"a listing on penalty decision {number} is already open",
            field="penalty_document_number",
        )
    listing = SeriousListing.objects.create(
        entity=entity,
        category=category,
        bars_person=known[category].bars_person,
        heavier_penalty_kind=heavier_penalty_kind,
        penalty_document_number=number,
        penalty_decided_on=penalty_decided_on,
        penalty_description=penalty_description.strip(),
        facts=facts.strip(),
        legal_basis=legal_basis.strip(),
        case_reference=case_reference.strip(),
        source_type=source_type,
        source_id=str(source_id),
        proposed_on=proposed_on,
        proposed_by=actor.audit_label[:200],
    )
    _audit(actor, "credit_serious.proposed", listing, None)
    return listing


@transaction.atomic
def serious_notice_serve(
    *,
    actor: Actor,
    listing: SeriousListing,
    served_on: dt.date,
    notice_document_number: str,
    today: dt.date,
) -> SeriousListing:
    """Record the notice of the proposed listing (列入告知) and the party's deadlines from the rules.

    The party may make a statement and defence within ``serious.statement``
    and request a hearing within ``serious.hearing_request`` (both counted
    from the day of service, which is not counted).
    """
    policies.require_credit_officer(actor, "credit_serious.notice", listing.entity.supervisor_path)
    listing = _locked(listing)
    _require_status(listing, [ListingStatus.PROPOSED], "送达告知书", "serve the notice")
    if not notice_document_number.strip():
        raise ValidationFailed("notice_document_number", "须填写告知书文号", "the notice number is required")
    _not_future(served_on, today, "served_on")
    if served_on < listing.proposed_on:
        raise ValidationFailed("served_on", "送达日期早于建议日期", "served before the proposal")
    before = model_snapshot(listing)
    listing.notice_document_number = notice_document_number.strip()
    listing.notice_served_on = served_on
    listing.statement_due = _due(RULE_STATEMENT, served_on)
    listing.hearing_request_due = _due(RULE_HEARING_REQUEST, served_on)
    listing.status = ListingStatus.NOTICED.value
    listing.save()
    _audit(actor, "credit_serious.notice_served", listing, before)
    return listing


@transaction.atomic
def serious_submission_record(
    *,
    actor: Actor,
    listing: SeriousListing,
    kind: SubmissionKind,
    received_on: dt.date,
    summary: str,
    outcome: str = "",
    today: dt.date,
) -> SeriousSubmission:
    """Record a statement, defence, hearing request, hearing or waiver (陈述、申辩、听证)."""
    policies.require_credit_officer(actor, "credit_serious.submission", listing.entity.supervisor_path)
    listing = _locked(listing)
    _require_status(
        listing, [ListingStatus.NOTICED, ListingStatus.APPROVED], "记录陈述申辩听证", "record a submission"
    )
    assert listing.notice_served_on is not None and listing.statement_due is not None
    assert listing.hearing_request_due is not None
    if not summary.strip():
        raise ValidationFailed("summary", "须填写内容摘要", "a summary is required")
    _not_future(received_on, today, "received_on")
    if received_on < listing.notice_served_on:
        raise ValidationFailed("received_on", "日期早于告知送达日期", "before the notice was served")
    if kind in (SubmissionKind.STATEMENT, SubmissionKind.DEFENCE) and received_on > listing.statement_due:
        raise ValidationFailed(
            "received_on",
            f"陈述、申辩期限已于 {listing.statement_due} 届满",
            f"the time for statement and defence ended on {listing.statement_due}",
            code="late",
        )
    if kind is SubmissionKind.HEARING_REQUEST and received_on > listing.hearing_request_due:
        raise ValidationFailed(
            "received_on",
            f"听证申请期限已于 {listing.hearing_request_due} 届满",
            f"the time to request a hearing ended on {listing.hearing_request_due}",
            code="late",
        )
    if kind is SubmissionKind.HEARING:
        if not listing.submissions.filter(kind=SubmissionKind.HEARING_REQUEST.value).exists():
            raise Conflict(
                "no_hearing_request", "当事人未申请听证", "the party did not request a hearing", field="kind"
            )
        if not outcome.strip():
            raise ValidationFailed("outcome", "须填写听证结论", "the hearing's conclusion is required")
    submission = SeriousSubmission.objects.create(
        listing=listing,
        kind=kind.value,
        received_on=received_on,
        summary=summary.strip(),
        outcome=outcome.strip(),
        recorded_by=actor.audit_label[:200],
    )
    audit_record(
        actor=actor, action=f"credit_serious.{kind.value}", obj=submission, after=model_snapshot(submission)
    )
    return submission


# -- approval one level up ------------------------------------------------------------------


class ApprovalInfo:
    """Who decides a listing and whether (and by whom) it must be approved one level up."""

    def __init__(self, bureau: OrgUnit | None, division: OrgUnit | None, above: OrgUnit | None) -> None:
        self.bureau = bureau
        self.division = division
        self.above = above
        self.required = approval_required(
            deciding_division_kind=division.kind if division is not None else "",
            switch_on=catalogue.approval_switch(),
        )


def approval_info(entity: MarketEntity) -> ApprovalInfo:
    """The deciding bureau, its division and the bureau one level up for ``entity``."""
    bureau = deciding_bureau(entity)
    if bureau is None:
        return ApprovalInfo(None, None, None)
    division, above = approving_bureau(bureau)
    return ApprovalInfo(bureau, division, above)


def _require_approver(actor: Actor, above: OrgUnit) -> None:
    """The approver is a named section chief or bureau head of the bureau one level up."""
    unit = OrgUnit.objects.filter(pk__in=actor.org_unit_ids).first() if actor.org_unit_ids else None
    if (
        actor.is_system
        or not actor.has_any(APPROVER_ROLES)
        or unit is None
        or not unit.path.startswith(above.path)
    ):
        raise WrongApprover(
            "wrong_approver",
            f"须由上一级市场监督管理部门（{above.name}）的局负责人或科室负责人审批",
            f"the approval must come from a bureau head or section chief of {above.name} (one level up)",
            field="approver",
        )


@transaction.atomic
def serious_approve(
    *,
    actor: Actor,
    listing: SeriousListing,
    approve: bool,
    approved_on: dt.date,
    note: str = "",
    today: dt.date,
) -> SeriousListing:
    """Approve or refuse a county- or city-level listing one level up (上一级批准).

    The actor must be a bureau head or section chief of the parent bureau
    (the same level or another branch is refused). A refusal ends the
    procedure and needs a reason.
    """
    if not path_in_scope(actor, listing.entity.supervisor_path):
        raise NotFound("listing")
    listing = _locked(listing)
    info = approval_info(listing.entity)
    if info.required and info.above is None:
        raise Conflict(
            "no_parent_bureau", "未找到上一级市场监督管理部门", "no bureau one level up is configured"
        )
    if not info.required or info.above is None:
        # Nothing to approve: a provincial bureau, or the step is switched off.
        raise Conflict(
            "approval_not_required",
            "该列入决定无需报上一级部门批准",
            "this listing needs no approval one level up",
            field="approve",
        )
    _require_approver(actor, info.above)
    _require_status(listing, [ListingStatus.NOTICED], "审批", "approve")
    assert listing.notice_served_on is not None
    _not_future(approved_on, today, "approved_on")
    if approved_on < listing.notice_served_on:
        raise ValidationFailed("approved_on", "批准日期早于告知日期", "approved before the notice")
    if not approve and not note.strip():
        raise ValidationFailed("note", "不予批准须说明理由", "a refusal needs a reason")
    before = model_snapshot(listing)
    listing.approval_unit = info.above.name[:100]
    listing.approved_by_user_id = actor.user_id
    listing.approved_by = actor.audit_label[:200]
    listing.approved_on = approved_on
    listing.approval_note = note.strip()
    listing.status = (ListingStatus.APPROVED if approve else ListingStatus.REFUSED).value
    listing.save()
    _audit(actor, "credit_serious.approved" if approve else "credit_serious.refused", listing, before, note)
    return listing
