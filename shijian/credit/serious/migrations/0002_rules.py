"""Seed the serious-violation list's own periods into the clock rule table.

``serious.publish`` (20 WD) and ``serious.auto_remove`` (36 months) are seeded
by the clock app (``clock/0002_seed_rules``); these are the other periods of
the procedure. Written out here so the migration keeps producing the same rows.
"""

from typing import Any

from django.db import migrations

SERIOUS = "《市场监督管理严重违法失信名单管理办法》（国家市场监督管理总局令第44号）"
SEED_DATE = "生效日期为种子取值，请核对 (effective-from is a seed value: confirm it against the text)"
COMMON = {
    "version": 1,
    "extension_allowed": False,
    "extension_amount": 0,
    "extension_limit": 0,
}

RULES: list[dict[str, Any]] = [
    {
        **COMMON,
        "rule_id": "serious.statement",
        "name_zh": "列入严重违法失信名单陈述申辩期限",
        "name_en": "Statement and defence before a serious-violation listing",
        "legal_basis": f"{SERIOUS}（告知当事人陈述、申辩权利）；参照《市场监督管理行政处罚程序规定》",
        "amount": 5,
        "unit": "working_days",
        "shift_to_workday": True,
        "confidence": "M",
        "notes": "自告知书送达之日起5个工作日内陈述、申辩（通行做法，未核实）。"
        f"5 WD from service of the notice (widely used, unconfirmed). {SEED_DATE}",
        "effective_from": "2021-09-01",
    },
    {
        **COMMON,
        "rule_id": "serious.hearing_request",
        "name_zh": "列入严重违法失信名单听证申请期限",
        "name_en": "Hearing request before a serious-violation listing",
        "legal_basis": f"{SERIOUS}；参照《中华人民共和国行政处罚法》第六十四条（告知后五日内提出）",
        "amount": 5,
        "unit": "working_days",
        "shift_to_workday": True,
        "confidence": "M",
        "notes": "自告知书送达之日起5个工作日内申请听证（参照行政处罚法，未核实）。"
        f"5 WD from service, by analogy with the Administrative Penalty Law (unconfirmed). {SEED_DATE}",
        "effective_from": "2021-09-01",
    },
    {
        **COMMON,
        "rule_id": "serious.repair_after",
        "name_zh": "严重违法失信名单申请提前移出的最短列入期",
        "name_en": "Minimum time listed before early removal (credit repair)",
        "legal_basis": f"{SERIOUS}；《市场监督管理信用修复管理办法》（国市监信规〔2021〕3号）",
        "amount": 12,
        "unit": "months",
        "shift_to_workday": False,
        "confidence": "V2",
        "notes": "列入满1年后可申请提前移出（条款号待核对）。"
        f"Early removal may be applied for after 1 year listed (article to be confirmed). {SEED_DATE}",
        "effective_from": "2021-09-01",
    },
    {
        **COMMON,
        "rule_id": "serious.person_bar",
        "name_zh": "被列入严重违法失信名单企业法定代表人任职限制期",
        "name_en": "Bar on the legal representative of a listed enterprise",
        "legal_basis": "《企业信息公示暂行条例》（2024年修订，国务院令第777号）第十八条",
        "amount": 36,
        "unit": "months",
        "shift_to_workday": False,
        "confidence": "V",
        "notes": "因公示信息隐瞒真实情况、弄虚作假被列入严重违法失信名单的企业，其法定代表人、负责人"
        "3年内不得担任其他企业的法定代表人、负责人；自列入决定之日起算（起算点为本平台的解释）。"
        "3 years from the listing decision (the start day is this platform's reading).",
        "effective_from": "2024-05-01",
    },
]


def seed(apps: Any, schema_editor: Any) -> None:
    Rule = apps.get_model("clock", "Rule")
    for row in RULES:
        values = dict(row)
        Rule.objects.update_or_create(
            rule_id=values.pop("rule_id"), version=values.pop("version"), defaults=values
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("clock", "Rule").objects.filter(rule_id__in=[r["rule_id"] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("credit_serious", "0001_initial"), ("clock", "0002_seed_rules")]

    operations = [migrations.RunPython(seed, unseed)]
