"""Page URLs."""

from django.urls import path

from shijian.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("workbench/", views.workbench, name="workbench"),
    path("tools/uscc/", views.uscc_tool, name="tool-uscc"),
    path("tools/deadline/", views.deadline_tool, name="tool-deadline"),
    path("clocks/<int:clock_id>/", views.clock_detail, name="clock"),
    path("history/<str:object_type>/<str:object_id>/", views.history, name="history"),
]
