"""The 2024 Art. 18 follow-ups: enforcement proposals (吊销建议、处罚建议), confirmed or dismissed."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record, model_snapshot
from shijian.core.errors import Conflict, ValidationFailed
from shijian.credit import policies
from shijian.credit.abnormal.domain import (
    Ground,
    GroundOneListing,
    ListingStatus,
    ProposalKind,
    ProposalStatus,
    revocation_called_for,
)
from shijian.credit.abnormal.models import AbnormalListing, EnforcementProposal
from shijian.credit.abnormal.services._common import OPEN_STATUSES, _require_text, letter_evidence_for
from shijian.registry.models import MarketEntity
from shijian.registry.services import entity_revoke


def _propose(
    *,
    actor: Actor,
    entity: MarketEntity,
    kind: ProposalKind,
    grounds: str,
    listings: list[AbnormalListing],
    today: dt.date,
) -> EnforcementProposal | None:
    """Create a proposal unless one of the kind is already pending for the entity."""
    if EnforcementProposal.objects.filter(
        entity=entity, kind=kind.value, status=ProposalStatus.PENDING.value
    ).exists():
        return None
    proposal = EnforcementProposal.objects.create(
        entity=entity, kind=kind.value, grounds=grounds, proposed_on=today
    )
    proposal.listings.set(listings)
    audit_record(
        actor=actor, action="credit.abnormal.proposal_created", obj=proposal, after=model_snapshot(proposal)
    )
    return proposal


def _art18_check(*, actor: Actor, entity: MarketEntity, today: dt.date) -> EnforcementProposal | None:
    """Two consecutive years listed for missing reports, uncorrected, and unreachable -> 吊销建议."""
    if entity.status not in OPEN_STATUSES:
        return None
    reports = list(
        AbnormalListing.objects.filter(entity=entity, ground=Ground.ANNUAL_REPORT.value).order_by(
            "report_year"
        )
    )
    unreachable_listing = AbnormalListing.objects.filter(
        entity=entity, ground=Ground.UNREACHABLE.value, status=ListingStatus.LISTED.value
    ).first()
    unreachable = unreachable_listing is not None or letter_evidence_for(entity=entity, on=today) is not None
    years = revocation_called_for(
        report_listings=[
            GroundOneListing(x.report_year or 0, x.status == ListingStatus.LISTED.value) for x in reports
        ],
        unreachable=unreachable,
    )
    if years is None:
        return None
    involved = [x for x in reports if x.report_year in years]
    if unreachable_listing is not None:
        involved.append(unreachable_listing)
    how = "已因无法联系被列入" if unreachable_listing is not None else "两封挂号信均无人签收"
    return _propose(
        actor=actor,
        entity=entity,
        kind=ProposalKind.REVOCATION,
        grounds=(
            f"连续两年（{years[0]}、{years[1]}年度）未报送年度报告被列入经营异常名录且未改正，"
            f"通过登记的住所或者经营场所无法联系（{how}），依《企业信息公示暂行条例》第十八条（2024年修订）"
            "吊销营业执照。"
        ),
        listings=involved,
        today=today,
    )


@transaction.atomic
def proposal_confirm(
    *,
    actor: Actor,
    proposal: EnforcementProposal,
    document_number: str,
    decided_on: dt.date,
    note: str = "",
    today: dt.date,
) -> EnforcementProposal:
    """Confirm a proposal: a revocation is carried out in the registry (吊销); a penalty goes to a case."""
    policies.require_credit_officer(
        actor, "credit.abnormal.proposal_confirm", proposal.entity.supervisor_path
    )
    proposal = EnforcementProposal.objects.select_for_update().select_related("entity").get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PENDING.value:
        raise Conflict("proposal_decided", "该建议已处理", "the proposal was already decided")
    if decided_on > today:
        raise ValidationFailed("decided_on", "决定日期不能晚于今天", "the decision date is in the future")
    number = document_number.strip()
    kind = ProposalKind(proposal.kind)
    if kind is ProposalKind.REVOCATION:
        if not number:
            raise ValidationFailed("document_number", "吊销须有决定书文号", "a decision number is required")
        entity_revoke(
            actor=actor,
            entity=proposal.entity,
            on=decided_on,
            document_number=number,
            reason=proposal.grounds,
            today=today,
        )
    before = model_snapshot(proposal)
    proposal.status = ProposalStatus.CONFIRMED.value
    proposal.decided_on = decided_on
    proposal.decided_by = actor.audit_label[:200]
    proposal.document_number = number
    proposal.note = note.strip()
    proposal.save()
    audit_record(
        actor=actor,
        action="credit.abnormal.proposal_confirmed",
        obj=proposal,
        before=before,
        after=model_snapshot(proposal),
    )
    return proposal


@transaction.atomic
def proposal_dismiss(
    *, actor: Actor, proposal: EnforcementProposal, note: str, today: dt.date
) -> EnforcementProposal:
    """Dismiss a proposal (不予采纳) with the reason."""
    policies.require_credit_officer(
        actor, "credit.abnormal.proposal_dismiss", proposal.entity.supervisor_path
    )
    proposal = EnforcementProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PENDING.value:
        raise Conflict("proposal_decided", "该建议已处理", "the proposal was already decided")
    text = _require_text(note, "note", "不予采纳的理由", "a reason")
    before = model_snapshot(proposal)
    proposal.status = ProposalStatus.DISMISSED.value
    proposal.decided_on = today
    proposal.decided_by = actor.audit_label[:200]
    proposal.note = text
    proposal.save()
    audit_record(
        actor=actor,
        action="credit.abnormal.proposal_dismissed",
        obj=proposal,
        before=before,
        after=model_snapshot(proposal),
    )
    return proposal
