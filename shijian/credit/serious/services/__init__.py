"""Writes of the serious-violation list (严重违法失信名单, 总局令第44号).

The procedure: proposal (列入建议) -> notice with the right to statement,
defence and hearing (告知) -> submissions -> approval one level up for
county and city bureaus (上一级批准, a switch) -> listing decision (列入决定)
-> publication within ``serious.publish`` working days (a clock) -> removal
when the period ends (期满移出, a sweep) or early (提前移出, credit repair).
Every service is keyword-only, runs in one transaction and writes one audit
record; every period comes from the rule table.
"""

from shijian.credit.serious.services._common import SUBJECT_TYPE, WrongApprover
from shijian.credit.serious.services.decision import serious_decide, serious_publish
from shijian.credit.serious.services.procedure import (
    ApprovalInfo,
    approval_info,
    serious_approve,
    serious_notice_serve,
    serious_proposal_create,
    serious_submission_record,
)
from shijian.credit.serious.services.removal import serious_expire, serious_remove_early

__all__ = [
    "SUBJECT_TYPE",
    "ApprovalInfo",
    "WrongApprover",
    "approval_info",
    "serious_approve",
    "serious_decide",
    "serious_expire",
    "serious_notice_serve",
    "serious_proposal_create",
    "serious_publish",
    "serious_remove_early",
    "serious_submission_record",
]
