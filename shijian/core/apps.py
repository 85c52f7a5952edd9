"""Django app configuration for the core."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The core package as a Django app (templates, management commands)."""

    name = "shijian.core"
    label = "core"
    verbose_name = "核心 Core"
