"""Django app configuration for annual reports and ad-hoc disclosures."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Annual reports and ad-hoc disclosures (label ``registry_reports``)."""

    name = "shijian.registry.reports"
    label = "registry_reports"
    verbose_name = "年报与即时信息 Annual reports"
