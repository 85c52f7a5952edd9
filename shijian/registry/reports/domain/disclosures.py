"""Ad-hoc disclosures (即时信息), 《企业信息公示暂行条例》第十条 [V]: kinds and their content.

The enterprise publishes each item within 20 working days of its forming
(the clock rule ``registry.adhoc_disclosure``). All content of an ad-hoc
disclosure is public; the schemas hold no personal identifiers, and free
text carrying an ID-card or mobile number is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from shijian.registry.domain import EntityType
from shijian.registry.reports.domain.fields import FieldKind, FieldSpec, fields_clean

TEXT, MONEY, DATE = FieldKind.TEXT, FieldKind.MONEY, FieldKind.DATE
ART10 = "《企业信息公示暂行条例》第十条"


class DisclosureKind(StrEnum):
    """The kinds of ad-hoc information (第十条 (一)-(六))."""

    CAPITAL = "capital_contribution"  # 股东（发起人）认缴和实缴出资
    EQUITY_TRANSFER = "equity_transfer"  # 有限责任公司股权变更
    LICENCE = "licence"  # 行政许可取得、变更、延续
    IP_PLEDGE = "ip_pledge"  # 知识产权出质登记
    PENALTY = "penalty"  # 受到行政处罚
    OTHER = "other"  # 其他依法应当公示的信息

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return DISCLOSURE_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label."""
        return DISCLOSURE_LABELS[self][1]


DISCLOSURE_LABELS: dict[DisclosureKind, tuple[str, str]] = {
    DisclosureKind.CAPITAL: ("股东及出资信息", "Capital contribution"),
    DisclosureKind.EQUITY_TRANSFER: ("股权变更信息", "Equity transfer"),
    DisclosureKind.LICENCE: ("行政许可信息", "Licence obtained, changed or renewed"),
    DisclosureKind.IP_PLEDGE: ("知识产权出质登记信息", "Intellectual-property pledge"),
    DisclosureKind.PENALTY: ("行政处罚信息", "Administrative penalty"),
    DisclosureKind.OTHER: ("其他即时信息", "Other ad-hoc information"),
}

#: Which entity types a kind applies to (None: every type). Items (一) and (二) name
#: companies' shareholders and LLC equity transfers.
DISCLOSURE_APPLIES: dict[DisclosureKind, frozenset[str] | None] = {
    DisclosureKind.CAPITAL: frozenset({EntityType.LLC.value, EntityType.JOINT_STOCK.value}),
    DisclosureKind.EQUITY_TRANSFER: frozenset({EntityType.LLC.value}),
    DisclosureKind.LICENCE: None,
    DisclosureKind.IP_PLEDGE: None,
    DisclosureKind.PENALTY: None,
    DisclosureKind.OTHER: None,
}

DISCLOSURE_FIELDS: dict[DisclosureKind, tuple[FieldSpec, ...]] = {
    DisclosureKind.CAPITAL: (
        FieldSpec("shareholder", "股东（发起人）", "shareholder", TEXT, required=True, item=f"{ART10}（一）"),
        FieldSpec("subscribed_amount", "认缴出资额（万元）", "subscribed (10k yuan)", MONEY, required=True),
        FieldSpec("subscribed_on", "认缴出资时间", "subscription date", DATE),
        FieldSpec("subscribed_form", "认缴出资方式", "subscription form", TEXT, max_length=50),
        FieldSpec("paid_amount", "实缴出资额（万元）", "paid in (10k yuan)", MONEY),
        FieldSpec("paid_on", "实缴出资时间", "payment date", DATE),
        FieldSpec("paid_form", "实缴出资方式", "payment form", TEXT, max_length=50),
    ),
    DisclosureKind.EQUITY_TRANSFER: (
        FieldSpec("shareholder", "股东", "shareholder", TEXT, required=True, item=f"{ART10}（二）"),
        FieldSpec(
            "ratio_before", "变更前股权比例（%）", "share before (%)", FieldKind.PERCENT, required=True
        ),
        FieldSpec("ratio_after", "变更后股权比例（%）", "share after (%)", FieldKind.PERCENT, required=True),
        FieldSpec("changed_on", "股权变更日期", "date of change", DATE, required=True),
    ),
    DisclosureKind.LICENCE: (
        FieldSpec("licence_name", "许可文件名称", "licence", TEXT, required=True, item=f"{ART10}（三）"),
        FieldSpec("licence_number", "许可文件编号", "number", TEXT, required=True, max_length=100),
        FieldSpec("valid_from", "有效期自", "valid from", DATE),
        FieldSpec("valid_until", "有效期至", "valid until", DATE),
        FieldSpec("issuing_authority", "许可机关", "issuing authority", TEXT, required=True),
        FieldSpec("content", "许可内容", "content", TEXT, max_length=1000),
        FieldSpec(
            "change",
            "状态",
            "event",
            FieldKind.CHOICE,
            required=True,
            choices=(
                ("granted", "取得", "granted"),
                ("changed", "变更", "changed"),
                ("renewed", "延续", "renewed"),
            ),
        ),
    ),
    DisclosureKind.IP_PLEDGE: (
        FieldSpec(
            "ip_kind",
            "知识产权类型",
            "kind of right",
            FieldKind.CHOICE,
            required=True,
            item=f"{ART10}（四）",
            choices=(
                ("trademark", "商标", "trademark"),
                ("patent", "专利", "patent"),
                ("copyright", "著作权", "copyright"),
            ),
        ),
        FieldSpec(
            "registration_number", "注册号/专利号", "registration number", TEXT, required=True, max_length=100
        ),
        FieldSpec("ip_name", "名称", "name of the right", TEXT, required=True),
        FieldSpec("pledgor", "出质人", "pledgor", TEXT, required=True),
        FieldSpec("pledgee", "质权人", "pledgee", TEXT, required=True),
        FieldSpec("registered_on", "质权登记日期", "pledge registered on", DATE, required=True),
        FieldSpec("period", "质押期限", "term", TEXT, max_length=100),
    ),
    DisclosureKind.PENALTY: (
        FieldSpec(
            "decision_number",
            "行政处罚决定书文号",
            "decision number",
            TEXT,
            required=True,
            item=f"{ART10}（五）",
        ),
        FieldSpec("violation", "违法行为类型", "violation", TEXT, required=True, max_length=500),
        FieldSpec("penalty", "行政处罚内容", "penalty", TEXT, required=True, max_length=1000),
        FieldSpec("authority", "作出决定机关", "deciding authority", TEXT, required=True),
        FieldSpec("decided_on", "作出决定日期", "decided on", DATE, required=True),
    ),
    DisclosureKind.OTHER: (
        FieldSpec("subject", "事项", "subject", TEXT, required=True, item=f"{ART10}（六）"),
        FieldSpec("content", "内容", "content", TEXT, required=True, max_length=2000),
    ),
}


def disclosure_applies(kind: DisclosureKind, entity_type: str) -> bool:
    """Whether ``entity_type`` discloses information of ``kind``."""
    allowed = DISCLOSURE_APPLIES[kind]
    return allowed is None or entity_type in allowed


def disclosure_clean(kind: DisclosureKind, content: Mapping[str, Any], *, entity_type: str) -> dict[str, Any]:
    """The validated content of an ad-hoc disclosure of ``kind`` (``ValidationFailed`` under ``content``)."""
    return fields_clean(DISCLOSURE_FIELDS[kind], content, entity_type=entity_type, prefix="content")
