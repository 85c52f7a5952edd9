"""Seed the simplified-deregistration notice period into the clock rule table."""

from typing import Any

from django.db import migrations

RULE = {
    "rule_id": "registry.simplified_deregistration_notice",
    "version": 1,
    "name_zh": "简易注销公示期",
    "name_en": "Simplified-deregistration public notice",
    "legal_basis": "《中华人民共和国市场主体登记管理条例》第三十三条（公示期为20日）",
    "amount": 20,
    "unit": "calendar_days",
    "extension_allowed": False,
    "extension_amount": 0,
    "extension_limit": 0,
    "shift_to_workday": False,
    "confidence": "V",
    "notes": "公示期按自然日计算，届满日不顺延；生效日期为条例施行日 (in force 2022-03-01)",
    "effective_from": "2022-03-01",
}


def seed(apps: Any, schema_editor: Any) -> None:
    Rule = apps.get_model("clock", "Rule")
    values = dict(RULE)
    Rule.objects.update_or_create(rule_id=values.pop("rule_id"), version=values.pop("version"), defaults=values)


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("clock", "Rule").objects.filter(rule_id=RULE["rule_id"]).delete()


class Migration(migrations.Migration):
    dependencies = [("registry_dereg", "0001_initial"), ("clock", "0002_seed_rules")]

    operations = [migrations.RunPython(seed, unseed)]
