"""Django app configuration of credit repair."""

from django.apps import AppConfig


class RepairConfig(AppConfig):
    """Credit repair (信用修复) - label ``credit_repair``."""

    name = "shijian.credit.repair"
    label = "credit_repair"
    verbose_name = "信用修复 Credit repair"

    def ready(self) -> None:
        """Register the credit kind of a completed repair."""
        from shijian.credit.repair import kinds  # noqa: F401
