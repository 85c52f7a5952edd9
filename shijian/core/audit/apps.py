"""Django app configuration for the audit trail."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit trail app (label ``audit``)."""

    name = "shijian.core.audit"
    label = "audit"
    verbose_name = "审计日志 Audit trail"
