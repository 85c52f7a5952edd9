"""Django app configuration for credit supervision."""

from django.apps import AppConfig


class CreditConfig(AppConfig):
    """Credit facts with provenance (信用信息归集) - label ``credit``."""

    name = "shijian.credit"
    label = "credit"
    verbose_name = "信用监管 Credit supervision"

    def ready(self) -> None:
        """Register the credit fact kinds and listen to the registry's notifications."""
        from shijian.credit import kinds, receivers  # noqa: F401
