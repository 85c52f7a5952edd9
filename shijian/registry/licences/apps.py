"""Django app configuration for licences."""

from django.apps import AppConfig


class LicencesConfig(AppConfig):
    """Licence catalogue, licences and commitment verification (label ``registry_licences``)."""

    name = "shijian.registry.licences"
    label = "registry_licences"
    verbose_name = "证照分离 Licences"

    def ready(self) -> None:
        """Register the public-fact kind of licences (行政许可信息) with the portal."""
        from shijian.registry.licences import publication  # noqa: F401
