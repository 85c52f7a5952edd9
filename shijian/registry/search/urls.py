"""Search page URLs (``/entities/``).

Mount at the site root: ``path("", include("shijian.registry.search.urls"))``.
"""

from django.urls import path

from shijian.registry.search import views

app_name = "search"

urlpatterns = [
    path("entities/", views.search_page, name="entities"),
]
