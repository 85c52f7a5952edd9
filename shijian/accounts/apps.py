"""Django app configuration for accounts."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users, org units and roles (label ``accounts``)."""

    name = "shijian.accounts"
    label = "accounts"
    verbose_name = "用户与机构 Accounts"
