"""Enterprise pages (企业端) of annual reports and ad-hoc disclosures.

Mount with ``path("", include("shijian.registry.reports.urls"))``.
"""

from django.urls import path

from shijian.registry.reports import views

app_name = "reports"

urlpatterns = [
    path("enterprise/", views.dashboard, name="dashboard"),
    path("enterprise/entities/<int:entity_id>/", views.entity_record, name="entity"),
    path("enterprise/entities/<int:entity_id>/annual-report/", views.annual_report, name="annual-report"),
    path("enterprise/entities/<int:entity_id>/disclosure/", views.disclosure, name="disclosure"),
]
