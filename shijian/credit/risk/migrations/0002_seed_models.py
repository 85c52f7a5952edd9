"""Seed the default national scorecard, the Guangdong product-quality deduction model and the industry table.

The weights are configuration chosen for this platform, not law: 国市监信发〔2022〕6号 names the
five indicator dimensions and the four classes but publishes no national weights. The notes
explain each choice; an administrator reviews and replaces them by adding a new version.
"""

from django.db import migrations


def b(key, points, zh, en, low=None, high=None, values=None, other=False):
    row = {"key": key, "points": points, "label_zh": zh, "label_en": en}
    if low is not None:
        row["min"] = low
    if high is not None:
        row["max"] = high
    if values is not None:
        row["values"] = values
    if other:
        row["other"] = True
    return row


def counts(unit_zh, unit_en, *steps):
    """Bins 0, then (min, max, points) steps; the last step open-ended."""
    out = [b("0", 0, "无", "none", high=0)]
    for low, high, points in steps:
        if high is None:
            out.append(b(f"{low}+", points, f"{low}{unit_zh}及以上", f"{low} or more {unit_en}", low=low))
        elif low == high:
            out.append(b(str(low), points, f"{low}{unit_zh}", f"{low} {unit_en}", low=low, high=high))
        else:
            out.append(b(f"{low}-{high}", points, f"{low}-{high}{unit_zh}", f"{low}-{high} {unit_en}", low=low, high=high))
    return out


UNKNOWN_ZERO = {"points": 0, "label_zh": "无数据", "label_en": "no data"}

SCORECARD = {
    "method": "scorecard",
    "features": [
        {"name": "entity_type", "unknown": UNKNOWN_ZERO, "bins": [
            b("joint_stock", 0, "股份有限公司", "company limited by shares", values=["joint_stock"]),
            b("non_company", 1, "非公司企业法人", "non-company legal person", values=["non_company"]),
            b("llc_individual_coop", 2, "有限公司、个体工商户或合作社", "LLC, individual business or cooperative",
              values=["llc", "individual", "cooperative"]),
            b("other", 3, "分支机构、合伙或个人独资企业", "branch, partnership or sole proprietorship", other=True),
        ]},
        {"name": "age_years", "unknown": UNKNOWN_ZERO, "bins": [
            b("<1", 6, "不满1年", "under 1 year", high=0),
            b("1-2", 4, "1-2年", "1-2 years", low=1, high=2),
            b("3-4", 2, "3-4年", "3-4 years", low=3, high=4),
            b("5+", 0, "5年及以上", "5 years or more", low=5),
        ]},
        {"name": "registered_capital",
         "unknown": {"points": 2, "label_zh": "未登记注册资本", "label_en": "no registered capital"}, "bins": [
            b("<10", 3, "不足10万元", "under 100k CNY", high=9),
            b("10-99", 2, "10万-100万元", "100k-1M CNY", low=10, high=99),
            b("100-999", 1, "100万-1000万元", "1M-10M CNY", low=100, high=999),
            b("1000+", 0, "1000万元及以上", "10M CNY or more", low=1000),
        ]},
        {"name": "industry_risk",
         "unknown": {"points": 2, "label_zh": "行业未登记", "label_en": "industry not registered"}, "bins": [
            b("high", 8, "高风险行业", "high-risk industry", values=["high"]),
            b("medium", 4, "中风险行业", "medium-risk industry", values=["medium"]),
            b("general", 1, "一般行业", "general industry", values=["general"]),
            b("low", 0, "低风险行业", "low-risk industry", values=["low"]),
        ]},
        {"name": "status", "unknown": UNKNOWN_ZERO, "bins": [
            b("active", 0, "存续", "active", values=["active"]),
            b("suspended", 4, "歇业", "business suspended", values=["suspended"]),
            b("revoked", 15, "吊销未注销", "licence revoked, not deregistered", values=["revoked"]),
        ]},
        {"name": "reports_late", "unknown": UNKNOWN_ZERO, "bins": counts("次", "times", (1, 1, 3), (2, None, 6))},
        {"name": "reports_missing", "unknown": UNKNOWN_ZERO,
         "bins": counts("个年度", "years", (1, 1, 8), (2, None, 15))},
        {"name": "status_changes", "unknown": UNKNOWN_ZERO, "bins": counts("次", "times", (1, 1, 2), (2, None, 4))},
        {"name": "key_changes", "unknown": UNKNOWN_ZERO,
         "bins": counts("次", "times", (1, 1, 1), (2, 2, 4), (3, None, 8))},
        {"name": "lists_in_force", "unknown": UNKNOWN_ZERO, "bins": counts("项", "listings", (1, 1, 20), (2, None, 30))},
        {"name": "serious_listed", "unknown": UNKNOWN_ZERO, "bins": counts("项", "listings", (1, None, 40))},
        {"name": "penalties", "unknown": UNKNOWN_ZERO,
         "bins": counts("次", "penalties", (1, 1, 6), (2, 2, 10), (3, None, 15))},
        {"name": "penalties_serious", "unknown": UNKNOWN_ZERO, "bins": counts("次", "penalties", (1, None, 12))},
        {"name": "penalty_months", "unknown": {"points": 0, "label_zh": "无处罚记录", "label_en": "never penalised"},
         "bins": [
            b("0-12", 6, "12个月内", "within 12 months", high=12),
            b("13-36", 3, "13-36个月前", "13-36 months ago", low=13, high=36),
            b("37+", 0, "3年以前", "over 3 years ago", low=37),
        ]},
        {"name": "inspections_problem",
         "unknown": {"points": 2, "label_zh": "近3年未被检查", "label_en": "not inspected in 3 years"},
         "bins": counts("次", "inspections", (1, 1, 6), (2, None, 10))},
        {"name": "sampling_failed", "unknown": UNKNOWN_ZERO, "bins": counts("次", "samples", (1, 1, 8), (2, None, 14))},
        {"name": "related_listed", "unknown": UNKNOWN_ZERO, "bins": counts("户", "entities", (1, 1, 5), (2, None, 10))},
        {"name": "complaints_per_size", "unknown": UNKNOWN_ZERO,
         "bins": counts("件", "complaints", (1, 2, 2), (3, 9, 5), (10, None, 10))},
    ],
    "classes": [{"class": "A", "max": 9}, {"class": "B", "max": 24}, {"class": "C", "max": 44}, {"class": "D"}],
    "overrides": [
        {"feature": "serious_listed", "min": 1, "class": "D",
         "label_zh": "列入严重违法失信名单，直接列为D类", "label_en": "on the serious-dishonesty list: class D"},
        {"feature": "lists_in_force", "min": 1, "class": "C",
         "label_zh": "列入信用名单，至少为C类", "label_en": "on a credit list: class C at least"},
    ],
}

SCORECARD_NOTES = """权重为本平台的默认配置，不是法律规定（国市监信发〔2022〕6号只规定五个维度和四个类别）。
Weights are this platform's default configuration, not law: the 2022 notice fixes the five dimensions
and the four classes A-D but no national weights.

- Higher points = higher risk. Score = sum of points; A <= 9, B 10-24, C 25-44, D >= 45.
- A clean, established LLC in a general industry scores about 6 (A); most of the score range is
  reserved for supervision information, which predicts problems best in practice.
- Lists dominate (20-30 points, plus class floors: any list -> C at least, the serious-dishonesty
  list -> D) because they are legal findings already made.
- Penalties: count (6/10/15), a serious one (+12), recency (+6 within 12 months).
- Missing annual reports (8/15) weigh more than late ones (3/6): a missing report leads to listing.
- Not inspected in 3 years is 'unknown' (+2): missing data raises attention slightly, never to C alone.
- Young entities and frequent changes of address or responsible person are classic shell signals
  (+6 and up to +8).
- Related-party links (+5/+10): the same responsible person or registered address as a listed entity.
- Complaints are normalised by size (registered capital) so that large firms are not punished for volume.
Review yearly against the backtesting report (problem rate per class)."""

GUANGDONG = {
    "method": "deduction",
    "start": 100,
    "window_months": 36,
    "rules": [
        {"key": "sampling_serious", "kinds": ["sampling.failed"], "severities": ["serious"], "points": 20,
         "label_zh": "产品质量抽查严重不合格", "label_en": "serious product-quality sampling failure"},
        {"key": "sampling", "kinds": ["sampling.failed"], "points": 10,
         "label_zh": "产品质量监督抽查不合格", "label_en": "failed product-quality sampling"},
        {"key": "penalty_serious", "categories": ["penalty"], "severities": ["serious"], "points": 30,
         "label_zh": "产品质量违法行为（严重）", "label_en": "product-quality violation (serious)"},
        {"key": "penalty_general", "categories": ["penalty"], "severities": ["general"], "points": 15,
         "label_zh": "产品质量违法行为（一般）", "label_en": "product-quality violation (general)"},
        {"key": "penalty_minor", "categories": ["penalty"], "severities": ["minor"], "points": 5,
         "label_zh": "产品质量违法行为（轻微）", "label_en": "product-quality violation (minor)"},
        {"key": "commitment", "kinds": ["licence.commitment_broken"], "points": 10,
         "label_zh": "告知承诺不实", "label_en": "licence commitment broken"},
    ],
    "aggravation": {"intent_percent": 200, "repeat_percent": 150},
    "classes": [{"class": "A", "min": 90}, {"class": "B", "min": 75}, {"class": "C", "min": 60}, {"class": "D"}],
    "serious_dishonesty": {
        "kinds": ["serious.listed"],
        "serious_violations": 2,
        "label_zh": "严重失信（列入严重违法失信名单或3年内2次严重违法），D类",
        "label_en": "serious dishonesty (serious-dishonesty list or 2 serious violations in 3 years): class D",
    },
}

GUANGDONG_NOTES = """广东省产品质量信用分级（扣分制）的可配置模型：满分100分，按违法类型扣分，故意违法扣分加倍，
屡次（同类第二次起）按150%扣分；A>=90（诚信）、B 75-89（基本诚信）、C 60-74（失信）、D<60或严重失信。
D类即严重失信：处罚时可作为从重情节（见 statutory-rules.md 第5节）。扣分值为配置，启用前须对照广东省现行办法核对。
Guangdong product-quality credit grades as a configurable deduction model: 100 points, deductions per
violation type, doubled for intent, x1.5 for repeats of the same type; A>=90, B 75-89, C 60-74, D below 60
or serious dishonesty. The deduction values are configuration modelled on the scheme (statutory-rules.md
section 5, confidence M); check them against the provincial measure in force before activating."""

INDUSTRIES = [
    ("14", "high", "食品制造业"),
    ("15", "high", "酒、饮料和精制茶制造业"),
    ("27", "high", "医药制造业"),
    ("26", "high", "化学原料和化学制品制造业（危险化学品）"),
    ("62", "high", "餐饮业"),
    ("13", "medium", "农副食品加工业"),
    ("18", "medium", "纺织服装、服饰业"),
    ("34", "medium", "通用设备制造业（含特种设备）"),
    ("36", "medium", "汽车制造业"),
    ("52", "medium", "零售业"),
    ("70", "medium", "房地产业（预付费、合同纠纷多）"),
    ("80", "medium", "居民服务业（预付卡）"),
    ("65", "low", "软件和信息技术服务业"),
    ("72", "low", "商务服务业"),
    ("A", "low", "农、林、牧、渔业"),
]


def seed(apps, schema_editor):
    ScoreModel = apps.get_model("credit_risk", "ScoreModel")
    IndustryRisk = apps.get_model("credit_risk", "IndustryRisk")
    import datetime as dt

    # update_or_create: idempotent, so that tests may restore the rows after a flush.
    ScoreModel.objects.update_or_create(
        name="national-2022",
        version=1,
        defaults=dict(
        method="scorecard",
        title="信用风险分类默认评分卡 Default credit-risk scorecard",
        effective_from=dt.date(2022, 1, 1),
        definition=SCORECARD,
        legal_basis="《市场监管总局关于推进企业信用风险分类管理进一步提升监管效能的意见》（国市监信发〔2022〕6号）",
        notes=SCORECARD_NOTES,
        active=True,
        ),
    )
    ScoreModel.objects.update_or_create(
        name="guangdong-product-quality",
        version=1,
        defaults=dict(
        method="deduction",
        title="广东省产品质量信用分级 Guangdong product-quality credit grades",
        effective_from=dt.date(2022, 1, 1),
        definition=GUANGDONG,
        legal_basis="广东省产品质量信用分级分类监管（省级规定，见 statutory-rules.md 第5节）",
        notes=GUANGDONG_NOTES,
        active=False,
        ),
    )
    for code, level, note in INDUSTRIES:
        IndustryRisk.objects.update_or_create(code=code, defaults={"level": level, "note": note})


def unseed(apps, schema_editor):
    apps.get_model("credit_risk", "ScoreModel").objects.filter(version=1).delete()
    apps.get_model("credit_risk", "IndustryRisk").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("credit_risk", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
