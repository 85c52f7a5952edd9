"""Django app configuration of enforcement cases."""

from django.apps import AppConfig


class CasesConfig(AppConfig):
    """Enforcement cases (案件办理) - label ``cases``."""

    name = "shijian.cases"
    label = "cases"
    verbose_name = "案件办理 Enforcement cases"
