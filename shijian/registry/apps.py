"""Django app configuration for the registry."""

from django.apps import AppConfig


class RegistryConfig(AppConfig):
    """Market entities, their lifecycle, public facts and the change feed (label ``registry``)."""

    name = "shijian.registry"
    label = "registry"
    verbose_name = "市场主体登记 Registry"
