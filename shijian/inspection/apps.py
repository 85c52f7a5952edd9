"""Django app configuration of random inspections."""

from django.apps import AppConfig


class InspectionConfig(AppConfig):
    """Random inspections (双随机、一公开) - label ``inspection``."""

    name = "shijian.inspection"
    label = "inspection"
    verbose_name = "双随机抽查 Random inspections"
