"""Credit fact kinds of the serious-violation list, registered with the credit app."""

from __future__ import annotations

from shijian.credit import publication
from shijian.credit.domain import Category, CreditKind, Severity
from shijian.credit.kinds import register_credit_kind

#: The listing decision (列入决定), public on the portal under 严重违法失信名单信息 while listed.
LISTED = register_credit_kind(
    CreditKind(
        kind="serious.listed",
        label_zh="列入严重违法失信名单",
        label_en="Listed as a serious violator",
        category=Category.LIST,
        portal_kind=publication.SERIOUS.kind,
        severity=Severity.SERIOUS,
    )
)
#: The removal (移出): recorded for officers; the listing's portal entry is withdrawn at the same time.
REMOVED = register_credit_kind(
    CreditKind(
        kind="serious.removed",
        label_zh="移出严重违法失信名单",
        label_en="Removed from the serious-violation list",
        category=Category.LIST,
        portal_kind=publication.SERIOUS.kind,
        public=False,
        severity=Severity.NONE,
    )
)
