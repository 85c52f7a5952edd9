"""Pure rules of credit-risk classification: features, scorecard, deduction models, backtesting. No Django."""

from shijian.credit.risk.domain.backtest import (
    Inspection,
    Rate,
    backtest_summary,
    score_deciles,
    wilson_interval,
)
from shijian.credit.risk.domain.deduction import (
    DeductionModel,
    deduction_explain,
    deduction_parse,
    deduction_score,
)
from shijian.credit.risk.domain.features import (
    DIMENSIONS,
    FEATURE_BY_NAME,
    FEATURES,
    ChangeRow,
    FactRow,
    FeatureWindows,
    ReportRow,
    features_compute,
    months_before,
)
from shijian.credit.risk.domain.scorecard import (
    CLASS_LABELS,
    CLASSES,
    DefinitionError,
    Factor,
    Scorecard,
    Scored,
    scorecard_explain,
    scorecard_parse,
    scorecard_score,
)

__all__ = [
    "CLASSES",
    "CLASS_LABELS",
    "DIMENSIONS",
    "FEATURES",
    "FEATURE_BY_NAME",
    "ChangeRow",
    "DeductionModel",
    "DefinitionError",
    "FactRow",
    "Factor",
    "FeatureWindows",
    "Inspection",
    "Rate",
    "ReportRow",
    "Scorecard",
    "Scored",
    "backtest_summary",
    "deduction_explain",
    "deduction_parse",
    "deduction_score",
    "features_compute",
    "months_before",
    "score_deciles",
    "scorecard_explain",
    "scorecard_parse",
    "scorecard_score",
    "wilson_interval",
]
