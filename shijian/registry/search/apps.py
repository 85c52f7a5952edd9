"""Django app configuration for entity search (templates only; its indexes are a registry migration)."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Entity search pages and API (label ``registry_search``); no models of its own."""

    name = "shijian.registry.search"
    label = "registry_search"
    verbose_name = "主体检索 Entity search"
