"""The versioned field catalogue of annual reports (年度报告填报项目录) and the public/non-public split.

Two forms:

* ``FULL`` - the enterprise annual report, 《企业信息公示暂行条例》第九条:
  items (1)-(6) must be published, item (7) (employees and financial
  figures) is published only when the enterprise chooses to [V2: the
  article's text from several secondary copies]. The national filing form
  adds social-insurance figures (optional) and employment statistics
  (never published) [M: from filing instructions, not from the regulation].
* ``SIMPLIFIED`` - the individual business's report (个体工商户年度报告),
  《个体工商户年度报告暂行办法》(原工商总局令第69号) 第六条 content; under
  its 第八条 the individual business chooses whether to publish any of it
  [V2; the measure may have been superseded - keep it data].

A report stores the catalogue version it was filed under; a new national
form is a new ``Catalogue`` with a later ``first_report_year``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from shijian.core.errors import ValidationFailed
from shijian.registry.domain import EntityType
from shijian.registry.reports.domain.fields import FieldKind, FieldSpec, Visibility, fields_clean, keys_with

PUBLIC, OPTIONAL, INTERNAL = Visibility.PUBLIC, Visibility.OPTIONAL, Visibility.INTERNAL
TEXT, MONEY, COUNT = FieldKind.TEXT, FieldKind.MONEY, FieldKind.COUNT

ENTERPRISE_INFO = "《企业信息公示暂行条例》"
INDIVIDUAL_REPORTS = "《个体工商户年度报告暂行办法》"
COMPANIES = frozenset({EntityType.LLC.value, EntityType.JOINT_STOCK.value})
LLC = frozenset({EntityType.LLC.value})


class ReportForm(StrEnum):
    """Which annual-report form is filed."""

    FULL = "full"  # 企业年度报告
    SIMPLIFIED = "simplified"  # 个体工商户简易年度报告

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return {"full": "年度报告", "simplified": "简易年度报告（个体工商户）"}[self.value]

    @property
    def label_en(self) -> str:
        """English label."""
        return {"full": "Annual report", "simplified": "Simplified annual report (individual business)"}[
            self.value
        ]


@dataclass(frozen=True, slots=True)
class Catalogue:
    """One version of a form's fields (填报项目录), used for reports of ``first_report_year`` on."""

    form: ReportForm
    version: str
    first_report_year: int
    legal_basis: str
    fields: tuple[FieldSpec, ...]

    def field(self, key: str) -> FieldSpec | None:
        """The field ``key`` (``None`` when the catalogue has none)."""
        return next((spec for spec in self.fields if spec.key == key), None)

    def keys(self, visibility: Visibility) -> frozenset[str]:
        """The keys of the fields marked ``visibility``."""
        return keys_with(self.fields, visibility)

    def fields_for(self, entity_type: str) -> tuple[FieldSpec, ...]:
        """The fields asked of ``entity_type``."""
        return tuple(spec for spec in self.fields if spec.applies(entity_type))


def _money(key: str, zh: str, en: str, item: str, *, signed: bool = False) -> FieldSpec:
    return FieldSpec(key, zh, en, MONEY, OPTIONAL, item, required=True, signed=signed)


WEBSITE_COLUMNS = (
    FieldSpec(
        "kind",
        "类型",
        "kind",
        FieldKind.CHOICE,
        required=True,
        choices=(("website", "网站", "website"), ("shop", "网店", "online shop")),
    ),
    FieldSpec("name", "名称", "name", TEXT, required=True),
    FieldSpec("url", "网址", "address", FieldKind.URL, required=True, max_length=300),
)

_ART9 = f"{ENTERPRISE_INFO}第九条"
FORM_NOTE = "国家企业信用信息公示系统年报填报须知"

ENTERPRISE_2014 = Catalogue(
    form=ReportForm.FULL,
    version="enterprise-2014.1",
    first_report_year=2014,
    legal_basis=f"{ENTERPRISE_INFO}第八条、第九条",
    fields=(
        # (一) 通信地址、邮政编码、联系电话、电子邮箱 - public. The phone is published
        # masked (the platform never shows a mobile number in full).
        FieldSpec(
            "address", "企业通信地址", "mailing address", TEXT, PUBLIC, f"{_ART9}（一）", True, max_length=300
        ),
        FieldSpec("postal_code", "邮政编码", "postcode", FieldKind.POSTCODE, PUBLIC, f"{_ART9}（一）", True),
        FieldSpec("phone", "企业联系电话", "contact phone", FieldKind.PHONE, PUBLIC, f"{_ART9}（一）", True),
        FieldSpec("email", "电子邮箱", "e-mail", FieldKind.EMAIL, PUBLIC, f"{_ART9}（一）"),
        # (二) 存续状态
        FieldSpec(
            "operating_status",
            "存续状态",
            "operating status",
            FieldKind.CHOICE,
            PUBLIC,
            f"{_ART9}（二）",
            True,
            choices=(
                ("operating", "开业", "in business"),
                ("suspended", "歇业", "suspended"),
                ("liquidation", "清算", "in liquidation"),
            ),
        ),
        # (三) 投资设立企业、购买股权
        FieldSpec(
            "investments",
            "对外投资设立企业、购买股权",
            "investments in other enterprises",
            FieldKind.RECORDS,
            PUBLIC,
            f"{_ART9}（三）",
            columns=(
                FieldSpec("name", "企业名称", "enterprise", TEXT, required=True),
                FieldSpec("uscc", "统一社会信用代码", "USCC", TEXT, max_length=18),
            ),
        ),
        # (四) 股东（发起人）认缴和实缴出资 - companies only
        FieldSpec(
            "contributions",
            "股东（发起人）及出资信息",
            "shareholders' contributions",
            FieldKind.RECORDS,
            PUBLIC,
            f"{_ART9}（四）",
            applies_to=COMPANIES,
            columns=(
                FieldSpec("shareholder", "股东（发起人）", "shareholder", TEXT, required=True),
                FieldSpec(
                    "subscribed_amount", "认缴出资额（万元）", "subscribed (10k yuan)", MONEY, required=True
                ),
                FieldSpec("subscribed_on", "认缴出资时间", "subscription date", FieldKind.DATE),
                FieldSpec("subscribed_form", "认缴出资方式", "subscription form", TEXT, max_length=50),
                FieldSpec("paid_amount", "实缴出资额（万元）", "paid in (10k yuan)", MONEY),
                FieldSpec("paid_on", "实缴出资时间", "payment date", FieldKind.DATE),
                FieldSpec("paid_form", "实缴出资方式", "payment form", TEXT, max_length=50),
            ),
        ),
        # (五) 有限责任公司股权变更
        FieldSpec(
            "equity_transfers",
            "股权变更信息",
            "equity transfers",
            FieldKind.RECORDS,
            PUBLIC,
            f"{_ART9}（五）",
            applies_to=LLC,
            columns=(
                FieldSpec("shareholder", "股东", "shareholder", TEXT, required=True),
                FieldSpec(
                    "ratio_before",
                    "变更前股权比例（%）",
                    "share before (%)",
                    FieldKind.PERCENT,
                    required=True,
                ),
                FieldSpec(
                    "ratio_after", "变更后股权比例（%）", "share after (%)", FieldKind.PERCENT, required=True
                ),
                FieldSpec("changed_on", "股权变更日期", "date of change", FieldKind.DATE, required=True),
            ),
        ),
        # (六) 网站、网店
        FieldSpec(
            "websites",
            "网站或网店",
            "websites and online shops",
            FieldKind.RECORDS,
            PUBLIC,
            f"{_ART9}（六）",
            columns=WEBSITE_COLUMNS,
        ),
        # (七) 从业人数与资产状况 - the enterprise chooses whether to publish each
        FieldSpec("employees", "从业人数", "employees", COUNT, OPTIONAL, f"{_ART9}（七）", True),
        _money("total_assets", "资产总额（万元）", "total assets (10k yuan)", f"{_ART9}（七）"),
        _money("total_liabilities", "负债总额（万元）", "total liabilities (10k yuan)", f"{_ART9}（七）"),
        FieldSpec(
            "guarantees",
            "对外提供保证担保",
            "guarantees given",
            FieldKind.RECORDS,
            OPTIONAL,
            f"{_ART9}（七）",
            columns=(
                FieldSpec("creditor", "债权人", "creditor", TEXT, required=True),
                FieldSpec("debtor", "债务人", "debtor", TEXT, required=True),
                FieldSpec("amount", "主债权数额（万元）", "principal (10k yuan)", MONEY, required=True),
                FieldSpec("period", "履行债务的期限", "term", TEXT, max_length=100),
            ),
        ),
        _money(
            "owners_equity",
            "所有者权益合计（万元）",
            "owners' equity (10k yuan)",
            f"{_ART9}（七）",
            signed=True,
        ),
        _money("total_revenue", "营业总收入（万元）", "total revenue (10k yuan)", f"{_ART9}（七）"),
        _money("main_revenue", "主营业务收入（万元）", "main-business revenue (10k yuan)", f"{_ART9}（七）"),
        _money("total_profit", "利润总额（万元）", "total profit (10k yuan)", f"{_ART9}（七）", signed=True),
        _money("net_profit", "净利润（万元）", "net profit (10k yuan)", f"{_ART9}（七）", signed=True),
        _money("total_tax", "纳税总额（万元）", "taxes paid (10k yuan)", f"{_ART9}（七）"),
        # Filing-form items beyond Art. 9 [M]: social insurance (optional) and
        # employment statistics (never published).
        FieldSpec(
            "insured_employees",
            "参加社会保险职工人数",
            "employees with social insurance",
            COUNT,
            OPTIONAL,
            f"{FORM_NOTE}（社保信息）",
            confidence="M",
        ),
        FieldSpec(
            "graduates_hired",
            "录用高校毕业生人数",
            "graduates hired",
            COUNT,
            INTERNAL,
            FORM_NOTE,
            confidence="M",
        ),
        FieldSpec(
            "veterans_hired", "录用退役士兵人数", "veterans hired", COUNT, INTERNAL, FORM_NOTE, confidence="M"
        ),
        FieldSpec(
            "disabled_hired",
            "录用残疾人人数",
            "disabled people hired",
            COUNT,
            INTERNAL,
            FORM_NOTE,
            confidence="M",
        ),
        FieldSpec(
            "unemployed_hired",
            "录用失业人员人数",
            "unemployed people hired",
            COUNT,
            INTERNAL,
            FORM_NOTE,
            confidence="M",
        ),
        # Who filled it in: for the officer only.
        FieldSpec("filer_name", "填报人", "filed by", TEXT, INTERNAL, "平台 platform", max_length=50),
        FieldSpec(
            "filer_phone", "填报人联系电话", "filer's phone", FieldKind.PHONE, INTERNAL, "平台 platform"
        ),
    ),
)

_ART6 = f"{INDIVIDUAL_REPORTS}第六条"

INDIVIDUAL_2014 = Catalogue(
    form=ReportForm.SIMPLIFIED,
    version="individual-2014.1",
    first_report_year=2014,
    legal_basis=f"{INDIVIDUAL_REPORTS}第三条、第六条、第八条",
    fields=(
        FieldSpec(
            "licences",
            "行政许可取得和变动信息",
            "licences obtained or changed",
            FieldKind.RECORDS,
            OPTIONAL,
            f"{_ART6}（一）",
            columns=(
                FieldSpec("name", "许可文件名称", "licence", TEXT, required=True),
                FieldSpec("number", "许可证编号", "number", TEXT, max_length=100),
                FieldSpec("valid_until", "有效期至", "valid until", FieldKind.DATE),
            ),
        ),
        FieldSpec(
            "turnover",
            "营业额或营业收入（万元）",
            "turnover (10k yuan)",
            MONEY,
            OPTIONAL,
            f"{_ART6}（二）",
            True,
        ),
        FieldSpec(
            "total_tax", "纳税总额（万元）", "taxes paid (10k yuan)", MONEY, OPTIONAL, f"{_ART6}（二）", True
        ),
        FieldSpec("employees", "从业人数", "employees", COUNT, OPTIONAL, f"{_ART6}（二）", True),
        FieldSpec(
            "websites",
            "网站或网店",
            "websites and online shops",
            FieldKind.RECORDS,
            OPTIONAL,
            f"{_ART6}（三）",
            columns=WEBSITE_COLUMNS,
        ),
        FieldSpec("phone", "联系电话", "contact phone", FieldKind.PHONE, OPTIONAL, f"{_ART6}（四）", True),
        FieldSpec("filer_name", "填报人", "filed by", TEXT, INTERNAL, "平台 platform", max_length=50),
    ),
)

CATALOGUES: tuple[Catalogue, ...] = (ENTERPRISE_2014, INDIVIDUAL_2014)

#: Forms open to each entity type: the simplified form is for individual businesses only.
SIMPLIFIED_FORM_TYPES = frozenset({EntityType.INDIVIDUAL_BUSINESS.value})


def form_allowed(form: ReportForm, entity_type: str) -> bool:
    """Whether ``entity_type`` may file ``form`` (简易年报仅限个体工商户)."""
    return form is ReportForm.FULL or entity_type in SIMPLIFIED_FORM_TYPES


def catalogue_for(
    form: ReportForm, report_year: int, catalogues: Iterable[Catalogue] = CATALOGUES
) -> Catalogue:
    """The catalogue of ``form`` that applies to reports for ``report_year`` (the latest that started)."""
    usable = [c for c in catalogues if c.form is form and c.first_report_year <= report_year]
    if not usable:
        raise ValidationFailed(
            "report_year",
            f"{report_year}年度没有适用的年报表单",
            f"no annual-report form applies to {report_year}",
            code="no_catalogue",
        )
    return max(usable, key=lambda c: c.first_report_year)


def catalogue_version_get(version: str, catalogues: Iterable[Catalogue] = CATALOGUES) -> Catalogue:
    """The catalogue with ``version`` (``KeyError`` when unknown)."""
    for catalogue in catalogues:
        if catalogue.version == version:
            return catalogue
    raise KeyError(version)


def report_clean(catalogue: Catalogue, payload: Mapping[str, Any], *, entity_type: str) -> dict[str, Any]:
    """The validated content of a report (every field, public or not), in catalogue order."""
    return fields_clean(catalogue.fields, payload, entity_type=entity_type, prefix="")


def public_choices_clean(catalogue: Catalogue, chosen: Iterable[str]) -> list[str]:
    """The optional fields the filer chose to publish; refuses unknown or never-public keys.

    Choosing a field that is public anyway is harmless and ignored.
    """
    optional = catalogue.keys(Visibility.OPTIONAL)
    internal = catalogue.keys(Visibility.INTERNAL)
    result: list[str] = []
    for key in chosen:
        if key in internal:
            spec = catalogue.field(key)
            label = spec.label_zh if spec else key
            raise ValidationFailed(
                "public_fields", f"“{label}”不对外公示", f"{key} is never published", code="not_publishable"
            )
        if catalogue.field(key) is None:
            raise ValidationFailed("public_fields", f"未知的填报项：{key}", f"unknown field: {key}")
        if key in optional and key not in result:
            result.append(key)
    return [spec.key for spec in catalogue.fields if spec.key in result]


@dataclass(frozen=True, slots=True)
class PublicSplit:
    """What of a report is published: the values, and the optional fields kept back (企业选择不公示)."""

    values: dict[str, Any]
    withheld: list[str]


def public_part(
    catalogue: Catalogue, payload: Mapping[str, Any], public_fields: Iterable[str]
) -> PublicSplit:
    """The public values of a report: public fields and the optional ones chosen; never internal ones."""
    chosen = set(public_fields)
    values: dict[str, Any] = {}
    withheld: list[str] = []
    for spec in catalogue.fields:
        if spec.key not in payload:
            continue
        if spec.visibility is Visibility.PUBLIC or (
            spec.visibility is Visibility.OPTIONAL and spec.key in chosen
        ):
            values[spec.key] = payload[spec.key]
        elif spec.visibility is Visibility.OPTIONAL:
            withheld.append(spec.key)
    return PublicSplit(values, withheld)


def changed_keys(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """Keys whose value differs between two payloads (for a correction, 更正事项), sorted."""
    return sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))
