"""Pages of inspection results. Mount with ``path("", include("shijian.inspection.results.urls"))``."""

from django.urls import path

from shijian.inspection.results import views, views_statistics

app_name = "inspection_results"

urlpatterns = [
    path("inspection/my-tasks/", views.my_tasks, name="my-tasks"),
    path("inspection/statistics/", views_statistics.statistics_page, name="statistics"),
    path("inspection/my-tasks/<int:task_id>/", views.task_result, name="task"),
    path("inspection/plans/<int:plan_id>/results/manage/", views.plan_results, name="plan-results"),
    path("inspection/plans/<int:plan_id>/tasks/", views.task_notice, name="task-notice"),
    path("inspection/plans/<int:plan_id>/results/", views.result_notice, name="result-notice"),
]
