"""Django app configuration for the serious-violation list."""

from django.apps import AppConfig


class SeriousConfig(AppConfig):
    """Serious-violation list (严重违法失信名单) - label ``credit_serious``."""

    name = "shijian.credit.serious"
    label = "credit_serious"
    verbose_name = "严重违法失信名单 Serious-violation list"

    def ready(self) -> None:
        """Register the credit kinds and the registry hooks (person bar, deregistration eligibility)."""
        from shijian.credit.serious import hooks, kinds  # noqa: F401

        hooks.install()
