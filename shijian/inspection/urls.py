"""Public pages of random inspections. Mount with ``path("", include("shijian.inspection.urls"))``."""

from django.urls import path

from shijian.inspection import views

app_name = "inspection"

urlpatterns = [
    path("inspection/items/", views.item_list, name="items"),
    path("inspection/plans/", views.plan_list, name="plans"),
    path("inspection/plans/<int:plan_id>/", views.plan_notice, name="plan"),
    path("inspection/plans/<int:plan_id>/draw/", views.draw_record, name="draw"),
    path("inspection/plans/<int:plan_id>/draw.json", views.draw_json, name="draw-json"),
    path("inspection/plans/<int:plan_id>/snapshots/<str:stratum_id>.txt", views.snapshot, name="snapshot"),
    path("inspection/plans/<int:plan_id>/verify/", views.draw_check, name="verify"),
]
