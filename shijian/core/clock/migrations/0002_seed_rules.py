"""Seed the deadline rule table from statutory-rules.md (version 1 of every rule).

Confidence marks follow statutory-rules.md: V = read in the primary text,
V2 = confirmed from a government or secondary source, M = widely cited but not
confirmed. Article numbers are given only where statutory-rules.md gives them.
Where the effective-from date is not from the legal text itself the notes say
so: an administrator should confirm it.

The data is written out here (not imported from the app) so that this
migration keeps producing the same rows whatever the code becomes later.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import migrations

WD, CD, MONTHS, FIXED = "working_days", "calendar_days", "months", "fixed_date"
SEED_DATE = "生效日期为种子取值，请核对 (effective-from is a seed value: confirm it against the text)"

COMPLAINTS = "《市场监督管理投诉举报处理暂行办法》"
PROCEDURE = "《市场监督管理行政处罚程序规定》"
PENALTY_LAW = "《中华人民共和国行政处罚法》"
PUBLICITY_45 = "《市场监督管理行政处罚信息公示规定》（国家市场监督管理总局令第45号）"
ENTERPRISE_INFO = "《企业信息公示暂行条例》"
ABNORMAL = "《企业经营异常名录管理暂行办法》（原国家工商总局令第68号；可能已被新的总局规章取代）"
SERIOUS = "《市场监督管理严重违法失信名单管理办法》（国家市场监督管理总局令第44号）"
REPAIR = "《市场监督管理信用修复管理办法》（国市监信规〔2021〕3号）"
FOI = "《中华人民共和国政府信息公开条例》（2019年修订）"
FOOD_LAW = "《中华人民共和国食品安全法》"
SAMPLING = "《食品安全抽样检验管理办法》"
EQUIPMENT = "《中华人民共和国特种设备安全法》"

D = dt.date

# (rule_id, name_zh, name_en, legal_basis, amount, unit, extension (amount, limit), shift_to_workday,
#  fixed (month, day), confidence, effective_from, notes)
RULES = [
    # -- complaints and reports (投诉举报) --------------------------------------------------
    ("complaint.accept", "投诉受理决定", "Decision to accept a complaint",
     f"{COMPLAINTS}第十四条", 7, WD, None, True, None, "V", D(2020, 1, 1),
     "自收到投诉之日起7个工作日内决定是否受理。Decide within 7 WD of receipt whether to accept."),
    ("complaint.mediation", "投诉调解期限", "Complaint mediation period",
     f"{COMPLAINTS}第二十条、第二十一条", 45, WD, None, True, None, "V", D(2020, 1, 1),
     "自受理之日起45个工作日内未达成调解协议的终止调解；检测、检验、鉴定时间不计入（记为暂停）。"
     "Mediation ends without agreement after 45 WD; testing/inspection/appraisal time is excluded (pause)."),
    ("complaint.termination_notice", "终止调解告知", "Notice that mediation has ended",
     f"{COMPLAINTS}第二十条、第二十一条", 7, WD, None, True, None, "V", D(2020, 1, 1),
     "自作出终止调解决定之日起7个工作日内告知双方。Tell both parties within 7 WD of the decision."),
    ("complaint.jurisdiction_dispute", "管辖争议处理", "Resolving a jurisdiction dispute",
     f"{COMPLAINTS}第三十条", 7, WD, None, True, None, "V", D(2020, 1, 1),
     "投诉举报管辖争议在7个工作日内解决。A dispute over jurisdiction is resolved within 7 WD."),
    ("report.verify", "违法线索核查", "Verifying a violation lead",
     f"{COMPLAINTS}（调解中发现的违法线索）", 15, WD, (15, 1), True, None, "V", D(2020, 1, 1),
     "15个工作日内核查，可延长15个工作日（一次）。Verify within 15 WD, +15 WD once. "
     "条款号待核对 (article number to be confirmed)."),
    ("report.notify_reporter", "告知举报人立案结果", "Telling the reporter whether a case was opened",
     f"{COMPLAINTS}第三十一条", 5, WD, None, True, None, "V", D(2020, 1, 1),
     "作出是否立案决定后5个工作日内告知举报人。Tell the reporter within 5 WD of the decision."),
    # -- enforcement cases (行政处罚) --------------------------------------------------------
    ("case.file", "立案决定", "Decision whether to open a case (立案)",
     f"{PROCEDURE}第十八条", 15, WD, (15, 1), True, None, "V2", D(2019, 4, 1),
     "自发现线索或收到材料之日起15个工作日内决定是否立案，经批准可延长15个工作日；检测、检验、鉴定期间不计入。"
     f"Decide within 15 WD, +15 WD with approval; testing time excluded. {SEED_DATE}"),
    ("case.decide", "作出行政处罚决定", "Penalty decision",
     f"{PENALTY_LAW}第六十条；{PROCEDURE}", 90, CD, (30, 1), True, None, "V", D(2021, 7, 15),
     "自立案之日起90日内作出，经批准可延长30日；仍不能作出的须集体讨论决定（系统外程序）。"
     "中止、听证、公告、检测检验鉴定等期间不计入（记为暂停）。"
     "90 days from filing, +30 days with approval; beyond that a collective decision. "
     "Suspension, hearings, notice periods and testing are excluded (pause)."),
    ("case.legal_review", "法制审核", "Legal review (法制审核)",
     PROCEDURE, 10, WD, None, True, None, "V2", D(2019, 4, 1),
     f"法制审核10个工作日。Legal review within 10 WD. 条款号待核对 (article to be confirmed). {SEED_DATE}"),
    ("case.statement", "陈述申辩或听证申请", "Statement, defence or hearing request",
     f"{PENALTY_LAW}第八十五条（五日指工作日）", 5, WD, None, True, None, "V", D(2021, 7, 15),
     "当事人在告知后5个工作日内提出陈述申辩或听证要求。The party has 5 WD after notice."),
    ("penalty.publish", "行政处罚信息公示", "Publishing a penalty decision",
     PUBLICITY_45, 20, WD, None, True, None, "V", D(2021, 9, 1),
     f"作出处罚决定之日起20个工作日内公示（警告除外的普通程序决定）。Publish within 20 WD. {SEED_DATE}"),
    ("penalty.withdraw", "撤下处罚公示", "Withdrawing a revoked decision from publication",
     PUBLICITY_45, 3, WD, None, True, None, "V", D(2021, 9, 1),
     f"处罚决定被撤销等情形，3个工作日内撤下。Withdraw within 3 WD. {SEED_DATE}"),
    ("penalty.publicity_minor", "处罚公示期（通报批评、较低罚款）", "Publicity period (reprimand or low fine)",
     PUBLICITY_45, 3, MONTHS, None, False, None, "V", D(2021, 9, 1),
     f"公示期满3个月停止公示；可经信用修复提前。Publicity ends after 3 months. {SEED_DATE}"),
    ("penalty.publicity", "处罚公示期", "Publicity period (other penalties)",
     PUBLICITY_45, 36, MONTHS, None, False, None, "V", D(2021, 9, 1),
     "公示期满3年（或更长的限制期）停止公示。Publicity ends after 3 years (or the longer restriction period). "
     + SEED_DATE),
    # -- random inspections (双随机、一公开) ---------------------------------------------------
    ("inspection.publish", "抽查检查结果公示", "Publishing random-inspection results",
     "“双随机、一公开”监管相关规定（谁检查、谁录入、谁公开）", 20, WD, None, True, None, "M", D(2019, 1, 1),
     f"检查完成后20个工作日内公示。Publish within 20 WD of finishing. {SEED_DATE}"),
    # -- enterprise information, abnormal list, objections (企业信息公示) ----------------------
    ("annual_report.deadline", "年度报告报送截止", "Annual report deadline",
     f"{ENTERPRISE_INFO}第八条", 1, FIXED, None, False, (6, 30), "V", D(2014, 10, 1),
     "每年1月1日至6月30日报送上一年度报告；起算日为所属年度内任一日，到期日为次年6月30日，条例未规定顺延。"
     "Filed 1 Jan - 30 Jun for the previous year; start = any day of the reporting year; "
     "due 30 June of the next year, not moved (the regulation provides no shift)."),
    ("publicity.bureau_info", "部门产生信息公示", "Publishing information the bureau produced",
     f"{ENTERPRISE_INFO}第六条", 20, WD, None, True, None, "V", D(2014, 10, 1),
     "信息形成之日起20个工作日内公示。Publish within 20 WD of forming."),
    ("publicity.enterprise_info", "企业即时信息公示", "Enterprise's ad-hoc information",
     f"{ENTERPRISE_INFO}第十条", 20, WD, None, True, None, "V", D(2014, 10, 1),
     "企业自信息形成之日起20个工作日内公示。The enterprise publishes within 20 WD of forming."),
    ("abnormal.list", "列入经营异常名录", "Listing on the abnormal-operations list",
     ABNORMAL, 10, WD, None, True, None, "M", D(2014, 10, 1),
     f"事由确认后10个工作日内列入（未按时年报：6月30日后）。List within 10 WD of the ground. {SEED_DATE}"),
    ("abnormal.remove", "移出经营异常名录", "Removal from the abnormal-operations list",
     ABNORMAL, 5, WD, None, True, None, "M", D(2014, 10, 1),
     f"整改后5个工作日内移出。Remove within 5 WD of the cure. {SEED_DATE}"),
    ("objection.submit", "异议申请期限", "Period for filing an objection",
     ABNORMAL, 30, CD, None, True, None, "M", D(2014, 10, 1),
     f"公示之日起30日内提出异议。Object within 30 days of publication. {SEED_DATE}"),
    ("objection.accept", "异议受理决定", "Decision to accept an objection",
     ABNORMAL, 5, WD, None, True, None, "M", D(2014, 10, 1),
     f"5个工作日内决定是否受理。Accept or refuse within 5 WD. {SEED_DATE}"),
    ("objection.verify", "异议核实", "Verifying an objection",
     ABNORMAL, 20, WD, None, True, None, "M", D(2014, 10, 1),
     f"受理后20个工作日内核实。Verify within 20 WD. {SEED_DATE}"),
    # -- serious-violation list and credit repair (严重违法失信名单、信用修复) ---------------------
    ("serious.publish", "严重违法失信名单公示", "Publishing a serious-violation listing",
     SERIOUS, 20, WD, None, True, None, "M", D(2021, 9, 1),
     f"作出列入决定后20个工作日内公示。Publish within 20 WD. {SEED_DATE}"),
    ("serious.auto_remove", "严重违法失信名单期满移出", "Automatic removal from the serious-violation list",
     SERIOUS, 36, MONTHS, None, False, None, "V2", D(2021, 9, 1),
     f"列入满3年（或更长的限制期）移出。Removed after 3 years (or the longer restriction period). {SEED_DATE}"),
    ("credit_repair.accept", "信用修复受理", "Accepting a credit-repair application",
     REPAIR, 2, WD, None, True, None, "M", D(2021, 9, 1),
     f"约2个工作日内决定是否受理。About 2 WD to accept or refuse. {SEED_DATE}"),
    ("credit_repair.decide", "信用修复决定", "Credit-repair decision",
     REPAIR, 15, WD, None, True, None, "M", D(2021, 9, 1),
     f"受理后约15个工作日内作出决定。About 15 WD after acceptance. {SEED_DATE}"),
    ("credit_repair.execute", "信用修复执行", "Carrying out a credit repair",
     REPAIR, 3, WD, None, True, None, "M", D(2021, 9, 1),
     f"决定修复后约3个工作日内完成。About 3 WD after the decision. {SEED_DATE}"),
    # -- government information disclosure (政府信息公开) --------------------------------------
    ("disclosure.proactive", "主动公开", "Proactive disclosure",
     f"{FOI}第二十六条", 20, WD, None, True, None, "V", D(2019, 5, 15),
     "信息形成或变更之日起20个工作日内主动公开。Disclose within 20 WD of creation or change."),
    ("foi.correction_notice", "补正告知", "Notice to correct an unclear request",
     f"{FOI}第三十条", 7, WD, None, True, None, "V", D(2019, 5, 15),
     "收到申请之日起7个工作日内一次性告知补正；补正后重新起算答复期限（restart）。"
     "One correction notice within 7 WD; the reply period restarts when the corrected request arrives."),
    ("foi.reply", "依申请公开答复", "Reply to a disclosure request",
     f"{FOI}第三十三条", 20, WD, (20, 1), True, None, "V", D(2019, 5, 15),
     "20个工作日内答复；经批准可延长一次，不超过20个工作日。征求第三方意见、等待缴费、说明理由的时间不计入（记为暂停）。"
     "Reply within 20 WD; one extension of up to 20 WD with approval. Third-party consultation, "
     "fee waiting and explaining time are excluded (pause)."),
    ("foi.third_party", "第三方意见", "Third-party consultation",
     f"{FOI}第三十二条", 15, WD, None, True, None, "V", D(2019, 5, 15),
     "第三方自收到征求意见书之日起15个工作日内提出意见。The third party answers within 15 WD."),
    ("foi.fee_payment", "缴纳信息处理费", "Paying the information-processing fee",
     "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）", 20, WD, None, True, None, "V2", D(2021, 1, 1),
     f"申请人20个工作日内缴费，逾期视为放弃申请。The applicant pays within 20 WD or the request lapses. {SEED_DATE}"),
    ("foi.review", "申请行政复议期限", "Period for applying for administrative review",
     "《中华人民共和国行政复议法》", 60, CD, None, True, None, "V", D(1999, 10, 1),
     "知道该行政行为之日起60日内申请行政复议（2023年修订未改）。60 days; unchanged by the 2023 revision. "
     "条款号待核对 (article to be confirmed)."),
    ("foi.lawsuit", "提起行政诉讼期限", "Period for bringing an administrative lawsuit",
     "《中华人民共和国行政诉讼法》", 6, MONTHS, None, True, None, "V", D(2015, 5, 1),
     "知道作出行政行为之日起6个月内起诉。6 months. 条款号待核对 (article to be confirmed)."),
    ("foi.lawsuit_after_review", "复议后起诉期限", "Lawsuit after a review decision",
     "《中华人民共和国行政诉讼法》", 15, CD, None, True, None, "V", D(2015, 5, 1),
     "收到复议决定书之日起15日内起诉。15 days after the review decision. 条款号待核对 (article to be confirmed)."),
    ("foi.annual_report", "政府信息公开工作年度报告", "Annual disclosure report",
     FOI, 1, FIXED, None, False, (1, 31), "V", D(2019, 5, 15),
     "每年1月31日前公布上一年度报告；起算日为所属年度内任一日。Due 31 January of the next year."),
    # -- sampling inspections (抽样检验) ---------------------------------------------------
    ("sampling.to_lab", "样品送检", "Delivering samples to the lab",
     SAMPLING, 5, WD, None, True, None, "V2", D(2019, 10, 1),
     f"抽样后5个工作日内送达检验机构。Samples reach the lab within 5 WD. {SEED_DATE}"),
    ("sampling.lab_report", "检验报告", "Lab report",
     SAMPLING, 20, WD, None, True, None, "V2", D(2019, 10, 1),
     f"收到样品之日起20个工作日内出具检验报告。Report within 20 WD of receipt. {SEED_DATE}"),
    ("sampling.fail_report", "不合格结果报告", "Lab reports a failing result",
     SAMPLING, 2, WD, None, True, None, "V2", D(2019, 10, 1),
     f"检验结论不合格的，2个工作日内报告。Report a failure within 2 WD. {SEED_DATE}"),
    ("sampling.retest_request", "申请复检", "Requesting a re-test (复检)",
     f"{FOOD_LAW}第八十八条", 7, WD, None, True, None, "V", D(2015, 10, 1),
     "收到检验结论之日起7个工作日内申请复检；复检机构随机确定且不得为原机构。"
     "Request a re-test within 7 WD; the re-test lab is chosen at random and differs from the first."),
    ("sampling.followup", "不合格食品核查处置", "Follow-up of failing food",
     SAMPLING, 90, CD, None, True, None, "M", D(2019, 10, 1),
     f"核查处置约90日。About 90 days. {SEED_DATE}"),
    # -- special equipment (特种设备) -------------------------------------------------------
    ("equipment.use_registration", "特种设备使用登记", "Use registration of special equipment",
     f"{EQUIPMENT}第三十三条", 30, CD, None, True, None, "V", D(2014, 1, 1),
     "投入使用前或投入使用后30日内办理使用登记。Register before use or within 30 days of putting into use."),
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
    dependencies = [("clock", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
