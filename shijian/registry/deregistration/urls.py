"""Public URLs of simplified deregistration."""

from django.urls import path

from shijian.registry.deregistration import views

app_name = "dereg"

urlpatterns = [
    path("deregistration/", views.notice_list, name="list"),
    path("deregistration/<int:notice_id>/", views.notice_detail, name="notice"),
]
