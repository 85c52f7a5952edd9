"""Enterprise and staff pages of credit repair.

Mount with ``path("", include("shijian.credit.repair.urls"))``.
"""

from django.urls import path

from shijian.credit.repair import views

app_name = "repair"

urlpatterns = [
    path("enterprise/repair/", views.overview, name="overview"),
    path("enterprise/repair/apply/<str:kind>/<int:target_id>/", views.apply, name="apply"),
    path("enterprise/repair/<int:application_id>/", views.detail, name="detail"),
    path("credit/repair/", views.staff_list, name="staff-list"),
    path("credit/repair/<int:application_id>/", views.staff_detail, name="staff-detail"),
]
