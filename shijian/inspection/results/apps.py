"""Django app configuration of random-inspection results."""

from django.apps import AppConfig


class ResultsConfig(AppConfig):
    """Inspection results (抽查检查结果) - label ``inspection_results``."""

    name = "shijian.inspection.results"
    label = "inspection_results"
    verbose_name = "抽查检查结果 Inspection results"
