"""Test URLconf: this app's router in its own NinjaAPI and its enterprise pages, before config.urls.

It mirrors what config/api.py and the site URLs are to mount (``api.add_router("/v1/", router)`` and
``path("", include("shijian.registry.reports.urls"))``) without editing them.
"""

from django.urls import include, path

from shijian.registry.licences.tests.api_errors import make_test_api
from shijian.registry.reports.api import router

api = make_test_api("registry_reports_test_api")
api.add_router("/v1/", router)

urlpatterns = [
    path("api/", api.urls),
    path("", include("shijian.registry.reports.urls")),
    path("", include("config.urls")),
]
