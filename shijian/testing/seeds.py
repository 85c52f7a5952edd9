"""Rows that data migrations seed, restorable after a transactional test flushed them."""

from __future__ import annotations

import importlib

from django.apps import apps

#: Data migrations that seed rule-table rows (module path; each has an idempotent ``seed``).
RULE_SEEDS = [
    "shijian.core.clock.migrations.0002_seed_rules",
    "shijian.core.clock.migrations.0003_registry_rules",
    "shijian.registry.deregistration.migrations.0002_notice_rule",
    "shijian.credit.serious.migrations.0002_rules",
    "shijian.credit.abnormal.migrations.0002_letter_rules",
    "shijian.credit.joint.migrations.0002_seed_measures",
    "shijian.credit.repair.migrations.0002_rules",
    "shijian.inspection.results.migrations.0002_standard_categories",
    # Not a rule table, but seeded rows tests rely on alike (the default risk model).
    "shijian.credit.risk.migrations.0002_seed_models",
]


def restore_seeded_rules() -> None:
    """Re-run the rule-table seeds (idempotent) if a flush emptied the table."""
    rule = apps.get_model("clock", "Rule")
    if rule.objects.exists():
        return
    for module in RULE_SEEDS:
        importlib.import_module(module).seed(apps, None)
