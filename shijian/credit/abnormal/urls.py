"""Enterprise pages of the abnormal-operations list (my listings, file an objection).

Mount with ``path("", include("shijian.credit.abnormal.urls"))``.
"""

from django.urls import path

from shijian.credit.abnormal import views

app_name = "abnormal"

urlpatterns = [
    path("enterprise/abnormal/", views.my_listings, name="mine"),
    path("enterprise/abnormal/<int:listing_id>/objection/", views.objection, name="objection"),
]
