"""The credit fact kinds of the abnormal-operations list.

``abnormal.listed`` is public under the portal kind ``credit.abnormal``
(section "abnormal" of the entity page) while the listing lasts.
``abnormal.removed`` is kept for officers only by default: removal is a
credit repair (信用修复, 国市监信规〔2021〕3号), after which the listing is no
longer shown; the portal kind is still named so that a bureau that wants to
publish removals can pass ``public=True``.
"""

from __future__ import annotations

from shijian.credit import publication
from shijian.credit.domain import Category, CreditKind, Severity
from shijian.credit.kinds import register_credit_kind

LISTED = register_credit_kind(
    CreditKind(
        kind="abnormal.listed",
        label_zh="列入经营异常名录（标记经营异常状态）",
        label_en="Listed as operating abnormally",
        category=Category.LIST,
        portal_kind=publication.ABNORMAL.kind,
        public=True,
        severity=Severity.GENERAL,
    )
)
REMOVED = register_credit_kind(
    CreditKind(
        kind="abnormal.removed",
        label_zh="移出经营异常名录（恢复正常记载状态）",
        label_en="Removed from the abnormal-operations list",
        category=Category.LIST,
        portal_kind=publication.ABNORMAL.kind,
        public=False,
        severity=Severity.NONE,
    )
)
