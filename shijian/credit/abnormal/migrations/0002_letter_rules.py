"""Seed the registered-letter interval rules of ground (4) into the clock rule table.

Two registered letters (挂号信) returned unsigned, sent at least
``abnormal.letter_interval_min`` and at most ``abnormal.letter_interval_max``
calendar days apart, establish that an entity cannot be reached at its
registered address. Values from statutory-rules.md section 2 (confidence M).
"""

from typing import Any

from django.db import migrations

BASIS = (
    "《企业经营异常名录管理暂行办法》（原国家工商总局令第68号）第十条及配套工作规范"
    "（两次挂号信间隔15至30日、均无人签收；可能已被新的总局规章取代）"
)
COMMON = {
    "version": 1,
    "legal_basis": BASIS,
    "unit": "calendar_days",
    "extension_allowed": False,
    "extension_amount": 0,
    "extension_limit": 0,
    "shift_to_workday": False,
    "confidence": "M",
    "effective_from": "2014-10-01",
}
RULES = [
    {
        **COMMON,
        "rule_id": "abnormal.letter_interval_min",
        "name_zh": "挂号信最短间隔",
        "name_en": "Minimum interval between the two registered letters",
        "amount": 15,
        "notes": "两封挂号信寄出日期至少相隔的自然日数；生效日期为种子取值，请核对。"
        "Minimum calendar days between the two letters; effective-from is a seed value.",
    },
    {
        **COMMON,
        "rule_id": "abnormal.letter_interval_max",
        "name_zh": "挂号信最长间隔",
        "name_en": "Maximum interval between the two registered letters",
        "amount": 30,
        "notes": "两封挂号信寄出日期至多相隔的自然日数；生效日期为种子取值，请核对。"
        "Maximum calendar days between the two letters; effective-from is a seed value.",
    },
]


def seed(apps: Any, schema_editor: Any) -> None:
    Rule = apps.get_model("clock", "Rule")
    for rule in RULES:
        values = dict(rule)
        Rule.objects.update_or_create(
            rule_id=values.pop("rule_id"), version=values.pop("version"), defaults=values
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("clock", "Rule").objects.filter(rule_id__in=[r["rule_id"] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("credit_abnormal", "0001_initial"), ("clock", "0002_seed_rules")]

    operations = [migrations.RunPython(seed, unseed)]
