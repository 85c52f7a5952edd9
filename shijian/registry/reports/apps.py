"""Django app configuration for annual reports and ad-hoc disclosures."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Annual reports and ad-hoc disclosures (label ``registry_reports``)."""

    name = "shijian.registry.reports"
    label = "registry_reports"
    verbose_name = "年报与即时信息 Annual reports"

    def ready(self) -> None:
        """Register the public-fact kinds (年度报告, 即时信息) with the portal."""
        from shijian.registry.reports import publication  # noqa: F401
