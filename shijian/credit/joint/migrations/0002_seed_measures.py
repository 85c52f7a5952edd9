"""Seed the joint-punishment measures per list type (version 1 of each; the law is data).

Serious-violation list: taken from the list's own catalogue
(``shijian.credit.serious.domain.DEFAULT_MEASURES``: code, labels, purpose,
legal basis), so the two never disagree; this table adds the implementing
departments and the confidence. A listing records its measures itself; a
test checks the table against ``serious.catalogue.measures()``.

Abnormal-operations list and abnormal status: written out here with their
basis. Confidence marks as in statutory-rules.md: V read in the text, V2
confirmed from a secondary copy, M widely cited but unconfirmed.
Idempotent (``get_or_create``): listed in ``shijian.testing.seeds.RULE_SEEDS``.
"""

from typing import Any

from django.db import migrations

from shijian.credit.serious.domain import DEFAULT_MEASURES

SEED_DATE = "生效日期为种子取值，请核对 (effective-from is a seed value: confirm it against the text)"

#: Departments and confidence of the serious list's catalogue measures (statutory-rules.md section 3 [M]).
SERIOUS_EXTRA: dict[str, tuple[str, str]] = {
    "key_supervision": ("市场监督管理部门", "M"),
    "procurement": ("财政部门（政府采购监督管理部门）、采购人、采购代理机构", "M"),
    "bidding": ("招标投标活动行政监督部门（发展改革、住房城乡建设、交通运输、水利等）、招标人", "M"),
    "honours": ("各级人民政府及其部门（表彰奖励、荣誉称号的授予机关）", "M"),
}

DISCLOSURE = (
    "《企业信息公示暂行条例》（国务院令第654号，2024年国务院令第777号修订）信用约束条款："
    "县级以上地方人民政府及其有关部门在政府采购、工程招投标、国有土地出让、授予荣誉称号等工作中，"
    "将企业信息作为重要考量因素，对被列入经营异常名录或者严重违法失信名单的企业依法予以限制或者禁入"
    "（内容经二手来源核实，2024年修订后的条款号待核对）"
)
ABNORMAL_68 = "《企业经营异常名录管理暂行办法》（原国家工商行政管理总局令第68号，可能已被新规章替代）"
INDIVIDUAL = "《个体工商户年度报告暂行办法》（原国家工商行政管理总局令第69号）；《促进个体工商户发展条例》（2022）"

ABNORMAL_ROWS: list[dict[str, Any]] = [
    {
        "list_type": "abnormal_list",
        "code": "key_supervision",
        "purpose": "key_supervision",
        "label_zh": "列为重点监管对象，加大检查力度",
        "label_en": "key supervision target, more inspections",
        "departments": "市场监督管理部门及其他行政机关",
        "legal_basis": f"{ABNORMAL_68}；{DISCLOSURE}",
        "confidence": "M",
        "effective_from": "2014-10-01",
        "notes": f"通行做法，条款号待核对。Widely applied; article to be confirmed. {SEED_DATE}",
    },
    {
        "list_type": "abnormal_list",
        "code": "procurement",
        "purpose": "procurement",
        "label_zh": "在政府采购活动中作为重要考量因素，依法予以限制或者禁入",
        "label_en": "an important factor in public procurement: restricted or barred according to law",
        "departments": "财政部门（政府采购监督管理部门）、采购人、采购代理机构",
        "legal_basis": DISCLOSURE,
        "confidence": "V2",
        "effective_from": "2014-10-01",
        "notes": "限制的具体方式以政府采购法律法规为准。How to restrict follows procurement law. " + SEED_DATE,
    },
    {
        "list_type": "abnormal_list",
        "code": "bidding",
        "purpose": "bidding",
        "label_zh": "在工程招投标中作为重要考量因素，依法予以限制或者禁入",
        "label_en": "an important factor in tendering and bidding: restricted or barred according to law",
        "departments": "招标投标活动行政监督部门（发展改革、住房城乡建设、交通运输、水利等）、招标人",
        "legal_basis": DISCLOSURE,
        "confidence": "V2",
        "effective_from": "2014-10-01",
        "notes": "限制的具体方式以招标投标法律法规为准。How to restrict follows bidding law. " + SEED_DATE,
    },
    {
        "list_type": "abnormal_list",
        "code": "honours",
        "purpose": "honours",
        "label_zh": "授予荣誉称号时作为重要考量因素，依法予以限制或者禁入",
        "label_en": "an important factor for honours: restricted or barred according to law",
        "departments": "各级人民政府及其部门（表彰奖励、荣誉称号的授予机关）",
        "legal_basis": DISCLOSURE,
        "confidence": "V2",
        "effective_from": "2014-10-01",
        "notes": SEED_DATE,
    },
    {
        "list_type": "abnormal_status",
        "code": "key_supervision",
        "purpose": "key_supervision",
        "label_zh": "列为重点监管对象，加大检查力度",
        "label_en": "key supervision target, more inspections",
        "departments": "市场监督管理部门",
        "legal_basis": f"{INDIVIDUAL}（条款号待核对）",
        "confidence": "M",
        "effective_from": "2014-10-01",
        "notes": "个体工商户不适用《企业信息公示暂行条例》的信用约束条款；未找到限制其政府采购、"
        "招标投标或荣誉的法定依据，故不配置（有依据时由管理员新增版本）。"
        "Individual businesses are outside the enterprise-disclosure regulation's credit clause; no basis "
        "was found to restrict them in procurement, bidding or honours, so none is seeded. " + SEED_DATE,
    },
]


def rows() -> list[dict[str, Any]]:
    """Every version-1 row: the serious catalogue's measures, then the abnormal list's and status's."""
    serious = []
    for measure in DEFAULT_MEASURES:
        departments, confidence = SERIOUS_EXTRA.get(measure.code, ("市场监督管理部门及有关部门", "M"))
        serious.append(
            {
                "list_type": "serious",
                "code": measure.code,
                "purpose": measure.purpose.value,
                "label_zh": measure.label_zh,
                "label_en": measure.label_en,
                "departments": departments,
                "legal_basis": measure.legal_basis,
                "confidence": confidence,
                "effective_from": "2021-09-01",
                "notes": "取自严重违法失信名单措施目录（以列入决定记载的措施为准）。"
                "From the serious list's measure catalogue; each listing records its own measures. "
                + SEED_DATE,
            }
        )
    return serious + ABNORMAL_ROWS


def seed(apps: Any, schema_editor: Any) -> None:
    JointMeasure = apps.get_model("credit_joint", "JointMeasure")
    for row in rows():
        values = dict(row)
        JointMeasure.objects.get_or_create(
            list_type=values.pop("list_type"), code=values.pop("code"), version=1, defaults=values
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("credit_joint", "JointMeasure").objects.filter(version=1, created_by="migration").delete()


class Migration(migrations.Migration):
    dependencies = [("credit_joint", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
