"""URL configuration."""

from django.contrib import admin
from django.urls import include, path

from config.api import api

admin.site.site_header = "市监 Shijian 管理后台"
admin.site.site_title = "市监 Shijian"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("shijian.registry.search.urls")),
    path("", include("shijian.registry.portal.urls")),
    path("", include("shijian.registry.deregistration.urls")),
    path("", include("shijian.registry.reports.urls")),
    path("", include("shijian.credit.risk.urls")),
    path("", include("shijian.credit.abnormal.urls")),
    path("", include("shijian.credit.repair.urls")),
    path("", include("shijian.inspection.urls")),
    path("", include("shijian.inspection.results.urls")),
    path("", include("shijian.web.urls")),
]
