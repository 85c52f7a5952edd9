"""Seed the minimum publicity of a penalty before its publicity may end early (信用修复).

国市监信规〔2021〕3号 (statutory-rules.md section 4, confidence V2): a penalty
may stop being published early after at least 6 months of publicity, or 1
year for food, drugs and special equipment. From 2026-04-01 the national
信用修复管理办法 (国家发展改革委令第36号) sets publicity tiers; an
administrator adds a new version here when the bureau applies them.
Written out here so the migration keeps producing the same rows.
"""

from typing import Any

from django.db import migrations

REPAIR = "《市场监督管理信用修复管理办法》（国市监信规〔2021〕3号）"
SEED_DATE = "生效日期为种子取值，请核对 (effective-from is a seed value: confirm it against the text)"
COMMON = {
    "version": 1,
    "unit": "months",
    "extension_allowed": False,
    "extension_amount": 0,
    "extension_limit": 0,
    "shift_to_workday": False,
    "confidence": "V2",
    "effective_from": "2021-09-01",
}
RULES: list[dict[str, Any]] = [
    {
        **COMMON,
        "rule_id": "credit_repair.penalty_min_publicity",
        "name_zh": "行政处罚信息提前停止公示的最短公示期",
        "name_en": "Minimum publicity before a penalty's publicity may end early",
        "legal_basis": REPAIR,
        "amount": 6,
        "notes": "自公示之日起满6个月方可申请提前停止公示。"
        f"Six months from publication before the publicity may end early. {SEED_DATE}",
    },
    {
        **COMMON,
        "rule_id": "credit_repair.penalty_min_publicity_sensitive",
        "name_zh": "食品、药品、特种设备领域行政处罚信息的最短公示期",
        "name_en": "Minimum publicity of food, drug and special-equipment penalties",
        "legal_basis": REPAIR,
        "amount": 12,
        "notes": "食品、药品、特种设备领域自公示之日起满1年方可申请提前停止公示。"
        f"One year for food, drugs and special equipment. {SEED_DATE}",
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
    dependencies = [("credit_repair", "0001_initial"), ("clock", "0002_seed_rules")]

    operations = [migrations.RunPython(seed, unseed)]
