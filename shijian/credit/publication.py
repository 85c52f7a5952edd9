"""Portal kinds of credit facts (公示板块), registered with the registry's publication interface.

A public credit fact is shown on the entity page under its kind's section,
with its source department and document number; the window rules are the
seeded publicity periods (penalties: ``penalty.publicity``; the lists are
public while the listing lasts, so they have no window of their own).
"""

from __future__ import annotations

from shijian.registry.publication import PERSON_MASKS, FactKind, register_fact_kind

PENALTY = register_fact_kind(
    FactKind(
        kind="credit.penalty",
        label_zh="行政处罚信息",
        label_en="Administrative penalty",
        section="penalties",
        window_rule_id="penalty.publicity",
        masks=PERSON_MASKS,
    )
)
ABNORMAL = register_fact_kind(
    FactKind(
        kind="credit.abnormal",
        label_zh="经营异常名录信息",
        label_en="Abnormal-operations list",
        section="abnormal",
        masks=PERSON_MASKS,
    )
)
SERIOUS = register_fact_kind(
    FactKind(
        kind="credit.serious",
        label_zh="严重违法失信名单信息",
        label_en="Serious-violation list",
        section="serious",
        masks=PERSON_MASKS,
    )
)
INSPECTION = register_fact_kind(
    FactKind(
        kind="credit.inspection",
        label_zh="抽查检查结果",
        label_en="Inspection result",
        section="inspections",
        masks=PERSON_MASKS,
    )
)
SAMPLING = register_fact_kind(
    FactKind(
        kind="credit.sampling",
        label_zh="抽查检验结果",
        label_en="Sampling result",
        section="sampling",
        masks=PERSON_MASKS,
    )
)
OTHER = register_fact_kind(
    FactKind(
        kind="credit.other",
        label_zh="其他信用信息",
        label_en="Other credit information",
        section="other",
        masks=PERSON_MASKS,
    )
)
