"""Django app configuration of joint punishment."""

from django.apps import AppConfig


class JointConfig(AppConfig):
    """Joint punishment (联合惩戒) - label ``credit_joint``."""

    name = "shijian.credit.joint"
    label = "credit_joint"
    verbose_name = "联合惩戒 Joint punishment"
