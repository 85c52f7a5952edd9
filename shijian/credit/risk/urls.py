"""Staff pages of credit-risk classification."""

from django.urls import path

from shijian.credit.risk import views

app_name = "credit_risk"

urlpatterns = [path("credit/risk/backtest/", views.backtest, name="backtest")]
