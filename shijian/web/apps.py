"""Django app configuration for the site."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    """Pages and templates (label ``web``)."""

    name = "shijian.web"
    label = "web"
    verbose_name = "网站 Site"
