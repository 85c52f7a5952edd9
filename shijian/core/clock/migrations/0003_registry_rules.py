"""Seed the deadline rules of ad-hoc disclosures and licence-commitment verification (version 1).

Same conventions as 0002_seed_rules: confidence V = read in the primary
text, V2 = government or secondary source, M = widely cited but not
confirmed; notes say which values are seed values an administrator should
confirm. The data is written out here (not imported from the apps) so that
this migration keeps producing the same rows whatever the code becomes.

The annual-report window itself is the existing rule ``annual_report.deadline``
(0002): the registry reads it, it adds no rule of its own for it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import migrations

WD, CD, MONTHS, FIXED = "working_days", "calendar_days", "months", "fixed_date"
SEED_DATE = "生效日期为种子取值，请核对 (effective-from is a seed value: confirm it against the text)"
SEED_VALUE = "期限为种子取值，请按本地规定核对 (the period is a seed value: confirm it against local rules)"

ENTERPRISE_INFO = "《企业信息公示暂行条例》"
COMMITMENT = "《国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》（国办发〔2020〕42号）"

D = dt.date

# (rule_id, name_zh, name_en, legal_basis, amount, unit, extension (amount, limit), shift_to_workday,
#  fixed (month, day), confidence, effective_from, notes)
RULES = [
    ("registry.adhoc_disclosure", "企业即时信息公示", "Ad-hoc disclosure by the enterprise",
     f"{ENTERPRISE_INFO}第十条", 20, WD, None, True, None, "V", D(2014, 10, 1),
     "出资、股权变更、行政许可、知识产权出质、行政处罚等信息自形成之日起20个工作日内由企业公示；"
     "计时对象 registry_reports.disclosure。与 publicity.enterprise_info 同一条款，"
     "供年报与即时信息模块使用。"
     "Capital contributions, equity transfers, licences, IP pledges and penalties are disclosed by the "
     "enterprise within 20 WD of forming; clocks on registry_reports.disclosure."),
    ("licence.commitment_verify", "告知承诺核查", "Verifying a licence granted on a written commitment",
     COMMITMENT, 30, WD, None, True, None, "M", D(2020, 11, 6),
     "以告知承诺方式取得许可的，审批或监管部门在作出许可决定后对承诺内容进行核查（计时对象 "
     "registry_licences.verification）。全国文件未规定统一期限；30个工作日参照地方做法"
     "（如湖北销售类食品经营许可告知承诺：作出许可决定之日起30个工作日内现场检查；上海：1个月内）。"
     "No national period: 30 WD follows local practice (e.g. Hubei 30 WD, Shanghai 1 month). "
     f"{SEED_VALUE} {SEED_DATE}"),
]


def seed(apps: Any, schema_editor: Any) -> None:
    Rule = apps.get_model("clock", "Rule")
    for (rule_id, name_zh, name_en, basis, amount, unit, extension, shift, fixed, confidence, effective_from,
         notes) in RULES:
        Rule.objects.update_or_create(
            rule_id=rule_id,
            version=1,
            defaults={
                "name_zh": name_zh,
                "name_en": name_en,
                "legal_basis": basis,
                "amount": amount,
                "unit": unit,
                "extension_allowed": extension is not None,
                "extension_amount": extension[0] if extension else 0,
                "extension_limit": extension[1] if extension else 0,
                "shift_to_workday": shift,
                "fixed_month": fixed[0] if fixed else None,
                "fixed_day": fixed[1] if fixed else None,
                "confidence": confidence,
                "notes": notes,
                "effective_from": effective_from,
            },
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    Rule = apps.get_model("clock", "Rule")
    Rule.objects.filter(rule_id__in=[r[0] for r in RULES], version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("clock", "0002_seed_rules")]

    operations = [migrations.RunPython(seed, unseed)]
