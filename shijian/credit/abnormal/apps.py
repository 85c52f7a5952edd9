"""Django app configuration of the abnormal-operations list."""

from django.apps import AppConfig


class AbnormalConfig(AppConfig):
    """Abnormal-operations list (经营异常名录) - label ``credit_abnormal``."""

    name = "shijian.credit.abnormal"
    label = "credit_abnormal"
    verbose_name = "经营异常名录 Abnormal-operations list"

    def ready(self) -> None:
        """Register the credit kinds, the deregistration check and the registry listeners."""
        from shijian.credit.abnormal import hooks, kinds, receivers  # noqa: F401
