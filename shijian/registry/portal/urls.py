"""Portal page URLs (included at the site root)."""

from django.urls import path

from shijian.registry.portal import views

app_name = "portal"

urlpatterns = [
    path("entities/<str:uscc>/", views.entity_page, name="entity"),
    path("entities/<str:uscc>/report.pdf", views.entity_report, name="entity-report"),
    path("registry/entities/<int:entity_id>/", views.entity_staff_page, name="entity-staff"),
]
