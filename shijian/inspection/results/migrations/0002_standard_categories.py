"""Seed the standard result categories of random inspections (抽查检查结果类别).

The categories of the national random-inspection work (双随机、一公开) as the
issue lists them; a bureau adds its own ("others as configured") as new rows
with ``standard = False``. ``problem_found`` is what the risk model is
backtested against; ``follow_up`` what completing such a result sets off.
Written out here so the migration keeps producing the same rows.
"""

from typing import Any

from django.db import migrations

CATEGORIES: list[dict[str, Any]] = [
    {"code": "no_problem", "label_zh": "未发现问题", "label_en": "No problem found",
     "problem_found": False, "follow_up": "none", "order": 10},
    {"code": "not_disclosed", "label_zh": "未按规定公示应当公示的信息",
     "label_en": "Information that must be disclosed was not disclosed",
     "problem_found": True, "follow_up": "none", "order": 20},
    {"code": "false_disclosure", "label_zh": "公示信息隐瞒真实情况、弄虚作假",
     "label_en": "Disclosed information concealed the truth or was falsified",
     "problem_found": True, "follow_up": "case_lead", "order": 30},
    {"code": "unreachable", "label_zh": "通过登记的住所（经营场所）无法联系",
     "label_en": "Unreachable at the registered address (premises)",
     "problem_found": True, "follow_up": "abnormal_evidence", "order": 40},
    {"code": "obstructed", "label_zh": "不配合检查情节严重", "label_en": "Seriously obstructed the inspection",
     "problem_found": True, "follow_up": "case_lead", "order": 50},
    {"code": "no_activity", "label_zh": "未发现开展本次抽查涉及的经营活动",
     "label_en": "No business activity of the inspected kind found",
     "problem_found": False, "follow_up": "none", "order": 60},
    {"code": "closed", "label_zh": "已关闭停业或正在组织清算",
     "label_en": "Closed, suspended or in liquidation",
     "problem_found": False, "follow_up": "none", "order": 70},
    {"code": "corrected", "label_zh": "发现问题已责令改正", "label_en": "Problem found and ordered corrected",
     "problem_found": True, "follow_up": "none", "order": 80},
    {"code": "pending", "label_zh": "发现问题待后续处理", "label_en": "Problem found, pending follow-up",
     "problem_found": True, "follow_up": "case_lead", "order": 90},
]


def seed(apps: Any, schema_editor: Any) -> None:
    Category = apps.get_model("inspection_results", "ResultCategory")
    for row in CATEGORIES:
        values = dict(row)
        Category.objects.update_or_create(code=values.pop("code"), defaults={**values, "standard": True})


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("inspection_results", "ResultCategory").objects.filter(
        code__in=[c["code"] for c in CATEGORIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("inspection_results", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
