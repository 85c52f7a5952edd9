"""Django app configuration for credit-risk classification."""

from django.apps import AppConfig


class CreditRiskConfig(AppConfig):
    """Credit-risk classification A-D (信用风险分类) - label ``credit_risk``."""

    name = "shijian.credit.risk"
    label = "credit_risk"
    verbose_name = "信用风险分类 Credit-risk classification"

    def ready(self) -> None:
        """Re-score an entity when a credit fact about it is recorded."""
        from shijian.credit.risk import receivers  # noqa: F401
