"""Writes of the abnormal-operations list (经营异常名录): list, remove, letters, objections, proposals.

Every period comes from the clock rule table: ``abnormal.list`` (listing
after the ground is established), ``abnormal.remove`` (removal after the
cure), ``objection.submit`` / ``objection.accept`` / ``objection.verify``,
and the letter interval of ground (4) (``abnormal.letter_interval_min`` /
``_max``). The listing is a public credit fact recorded through
``shijian.credit.services.credit_fact_record``.

``listing``: list an entity; ``removal``: record the cure and remove;
``letters``: registered letters (ground 4 evidence); ``contact``: contact
failures found by other procedures (they queue the letters); ``objections``: file,
accept and decide objections; ``proposals``: the 2024 Art. 18 follow-ups;
``_common``: rule ids, decision numbers, shared checks and letter evidence.
"""

from shijian.credit.abnormal.services._common import (
    LETTER_MAX_RULE,
    LETTER_MIN_RULE,
    LIST_RULE,
    LISTING_SUBJECT,
    OBJECTION_ACCEPT_RULE,
    OBJECTION_SUBJECT,
    OBJECTION_SUBMIT_RULE,
    OBJECTION_VERIFY_RULE,
    OPEN_STATUSES,
    REMOVE_RULE,
    SERIES_LIST,
    SERIES_REMOVE,
    letter_evidence_for,
    letter_interval,
)
from shijian.credit.abnormal.services.contact import contact_failure_record
from shijian.credit.abnormal.services.letters import letter_record
from shijian.credit.abnormal.services.listing import INDIVIDUAL_BASIS, LEGAL_BASIS, abnormal_list
from shijian.credit.abnormal.services.objections import (
    objection_accept,
    objection_decide,
    objection_file,
    reply_letter,
)
from shijian.credit.abnormal.services.proposals import proposal_confirm, proposal_dismiss
from shijian.credit.abnormal.services.removal import abnormal_remove, cure_record

__all__ = [
    "INDIVIDUAL_BASIS",
    "LEGAL_BASIS",
    "LETTER_MAX_RULE",
    "LETTER_MIN_RULE",
    "LISTING_SUBJECT",
    "LIST_RULE",
    "OBJECTION_ACCEPT_RULE",
    "OBJECTION_SUBJECT",
    "OBJECTION_SUBMIT_RULE",
    "OBJECTION_VERIFY_RULE",
    "OPEN_STATUSES",
    "REMOVE_RULE",
    "SERIES_LIST",
    "SERIES_REMOVE",
    "abnormal_list",
    "abnormal_remove",
    "contact_failure_record",
    "cure_record",
    "letter_evidence_for",
    "letter_interval",
    "letter_record",
    "objection_accept",
    "objection_decide",
    "objection_file",
    "proposal_confirm",
    "proposal_dismiss",
    "reply_letter",
]
