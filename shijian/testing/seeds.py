"""Rows that data migrations seed, restorable after a transactional test flushed them."""

from __future__ import annotations

import importlib

from django.apps import apps


def restore_seeded_rules() -> None:
    """Re-run the rule-table seed (idempotent) if a flush emptied the table."""
    rule = apps.get_model("clock", "Rule")
    if rule.objects.exists():
        return
    migration = importlib.import_module("shijian.core.clock.migrations.0002_seed_rules")
    migration.seed(apps, None)
