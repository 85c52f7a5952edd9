"""Django app configuration for simplified deregistration."""

from django.apps import AppConfig


class DeregistrationConfig(AppConfig):
    """Simplified deregistration with its public notice and objections (label ``registry_dereg``)."""

    name = "shijian.registry.deregistration"
    label = "registry_dereg"
    verbose_name = "简易注销 Simplified deregistration"
