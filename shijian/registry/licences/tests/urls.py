"""Test URLconf: the licence router in its own NinjaAPI, before config.urls.

It mirrors what config/api.py is to mount (``api.add_router("/v1/", router)``) without editing it.
"""

from django.urls import include, path

from shijian.registry.licences.api import router
from shijian.registry.licences.tests.api_errors import make_test_api

api = make_test_api("registry_licences_test_api")
api.add_router("/v1/", router)

urlpatterns = [
    path("api/", api.urls),
    path("", include("config.urls")),
]
