"""The credit fact kind of a completed repair.

``credit_repair.repaired`` records the repair decision for officers (not
public: the point of a repair is that the repaired fact leaves public view;
the repaired fact and the decision number are in its body).
"""

from __future__ import annotations

from shijian.credit.domain import Category, CreditKind, Severity
from shijian.credit.kinds import register_credit_kind

LEGAL_BASIS = "《市场监督管理信用修复管理办法》（国市监信规〔2021〕3号）"

REPAIRED = register_credit_kind(
    CreditKind(
        kind="credit_repair.repaired",
        label_zh="信用修复",
        label_en="Credit repaired",
        category=Category.LIST,
        public=False,
        severity=Severity.NONE,
    )
)
