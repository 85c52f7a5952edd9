"""Typed report fields and their validation (填报项及校验), pure Python.

A field has a kind (text, money, date, a list of records …) and a public
marking (公示属性): ``PUBLIC`` must be published, ``OPTIONAL`` is published
only when the filer chooses to, ``INTERNAL`` never leaves the platform.
Values come in as JSON (or form strings) and leave as JSON-ready values:
money and percentages as decimal strings, dates as ISO strings.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from shijian.core.errors import ValidationFailed
from shijian.core.identifiers import idcard_check


class FieldKind(StrEnum):
    """What a field holds."""

    TEXT = "text"
    EMAIL = "email"
    POSTCODE = "postcode"
    PHONE = "phone"
    URL = "url"
    COUNT = "count"  # a whole number >= 0 (人数)
    MONEY = "money"  # 万元, up to 4 decimals
    PERCENT = "percent"  # 0..100
    DATE = "date"
    CHOICE = "choice"
    BOOL = "bool"
    RECORDS = "records"  # a list of records with their own columns


class Visibility(StrEnum):
    """Whether a field is published (公示属性)."""

    PUBLIC = "public"  # 应当公示
    OPTIONAL = "optional"  # 由填报主体选择是否公示
    INTERNAL = "internal"  # 不公示（仅监管部门可见）

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return {"public": "公示", "optional": "选择公示", "internal": "不公示"}[self.value]

    @property
    def label_en(self) -> str:
        """English label."""
        return {"public": "public", "optional": "public if chosen", "internal": "not public"}[self.value]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a report or disclosure.

    ``item`` names the clause it implements (e.g. ``"条例第九条第（七）项"``);
    ``applies_to`` limits it to some entity types (values of ``EntityType``;
    ``None``: all); ``confidence`` follows statutory-rules.md (V, V2, M).
    """

    key: str
    label_zh: str
    label_en: str
    kind: FieldKind
    visibility: Visibility = Visibility.PUBLIC
    item: str = ""
    required: bool = False
    choices: tuple[tuple[str, str, str], ...] = ()  # (value, zh, en)
    columns: tuple[FieldSpec, ...] = ()
    applies_to: frozenset[str] | None = None
    max_length: int = 200
    signed: bool = False
    confidence: str = "V2"

    def applies(self, entity_type: str) -> bool:
        """True when the field is asked of ``entity_type``."""
        return self.applies_to is None or entity_type in self.applies_to

    def choice_label(self, value: str) -> tuple[str, str]:
        """The (zh, en) label of a choice value (the value itself if unknown)."""
        for option, zh, en in self.choices:
            if option == value:
                return zh, en
        return value, value


@dataclass(frozen=True, slots=True)
class Problem:
    """One invalid value: where (``field``, dotted for records) and why."""

    field: str
    message_zh: str
    message_en: str


@dataclass
class _Collector:
    problems: list[Problem] = field(default_factory=list)

    def add(self, where: str, zh: str, en: str) -> None:
        self.problems.append(Problem(where, zh, en))


MAX_RECORDS = 200
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_POSTCODE = re.compile(r"^\d{6}$")
_PHONE = re.compile(r"^\+?[\d\- ]{7,20}$")
_URL = re.compile(r"^(https?://)?[\w\-.]+\.[a-zA-Z\u4e00-\u9fff]{2,}(/\S*)?$")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_ID_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])")
_FAR_FUTURE = dt.date(9999, 12, 31)  # "today" for the ID check: any birth date is in the past
_MONEY_LIMIT = decimal.Decimal("1e14")
_FOUR_PLACES = decimal.Decimal("0.0001")


def personal_data_in(text: str) -> bool:
    """True when free text contains a mobile number or a valid ID-card number (个人信息).

    Public text must not carry them: the phone field is masked on publication,
    free text cannot be masked reliably, so it is refused instead.
    """
    if _MOBILE.search(text):
        return True
    return any(idcard_check(m, today=_FAR_FUTURE).valid for m in _ID_CANDIDATE.findall(text))


def _decimal(raw: Any) -> decimal.Decimal | None:
    if isinstance(raw, bool):
        return None
    try:
        value = decimal.Decimal(str(raw).strip().replace(",", ""))
    except (decimal.InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _plain(value: decimal.Decimal) -> str:
    """A decimal as plain text without trailing zeros (``100``, ``12.5``)."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _clean_scalar(spec: FieldSpec, raw: Any, where: str, out: _Collector) -> Any:
    """The cleaned value of one non-record field, or ``None`` after recording a problem."""
    label = f"“{spec.label_zh}”"
    kind = spec.kind
    if kind is FieldKind.BOOL:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in {"1", "true", "yes", "on", "是"}:
            return True
        if text in {"0", "false", "no", "off", "否", ""}:
            return False
        out.add(where, f"{label}应为是或否", f"{spec.label_en} must be yes or no")
        return None
    if kind in (FieldKind.COUNT,):
        number = _decimal(raw)
        if number is None or number != number.to_integral_value() or number < 0 or number > 10**9:
            out.add(where, f"{label}应为不小于0的整数", f"{spec.label_en} must be a whole number >= 0")
            return None
        return int(number)
    if kind in (FieldKind.MONEY, FieldKind.PERCENT):
        number = _decimal(raw)
        if number is None:
            out.add(where, f"{label}应为数字", f"{spec.label_en} must be a number")
            return None
        if number != number.quantize(_FOUR_PLACES, rounding=decimal.ROUND_DOWN):
            out.add(where, f"{label}最多保留4位小数", f"{spec.label_en} takes at most 4 decimals")
            return None
        if kind is FieldKind.PERCENT and not (0 <= number <= 100):
            out.add(where, f"{label}应在0到100之间", f"{spec.label_en} must be between 0 and 100")
            return None
        if kind is FieldKind.MONEY and ((number < 0 and not spec.signed) or abs(number) >= _MONEY_LIMIT):
            out.add(where, f"{label}金额无效", f"{spec.label_en} is not a valid amount")
            return None
        return _plain(number)
    if kind is FieldKind.DATE:
        if isinstance(raw, dt.date):
            return raw.isoformat()
        try:
            return dt.date.fromisoformat(str(raw).strip()).isoformat()
        except ValueError:
            out.add(where, f"{label}应为日期（YYYY-MM-DD）", f"{spec.label_en} must be a date (YYYY-MM-DD)")
            return None
    if not isinstance(raw, str | int):
        out.add(where, f"{label}格式不正确", f"{spec.label_en} has the wrong type")
        return None
    text = str(raw).strip()
    if kind is FieldKind.CHOICE:
        if text not in {option for option, _zh, _en in spec.choices}:
            out.add(where, f"{label}的选项不正确", f"{spec.label_en}: unknown option {text!r}")
            return None
        return text
    if len(text) > spec.max_length:
        out.add(
            where,
            f"{label}过长（最多{spec.max_length}字）",
            f"{spec.label_en} is too long (at most {spec.max_length} characters)",
        )
        return None
    checks = {
        FieldKind.EMAIL: (_EMAIL, "电子邮箱格式不正确", "is not an e-mail address"),
        FieldKind.POSTCODE: (_POSTCODE, "邮政编码应为6位数字", "must be 6 digits"),
        FieldKind.PHONE: (_PHONE, "电话号码格式不正确", "is not a phone number"),
        FieldKind.URL: (_URL, "网址格式不正确", "is not a web address"),
    }
    if kind in checks:
        pattern, zh, en = checks[kind]
        if not pattern.match(text):
            out.add(where, f"{label}{zh}", f"{spec.label_en} {en}")
            return None
    elif spec.visibility is not Visibility.INTERNAL and personal_data_in(text):
        out.add(
            where,
            f"{label}不得包含身份证号码或手机号码（公示内容）",
            f"{spec.label_en} must not contain an ID-card or mobile number (it may be published)",
        )
        return None
    return text


def _empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []


def _clean_records(spec: FieldSpec, raw: Any, where: str, out: _Collector) -> list[dict[str, Any]] | None:
    if not isinstance(raw, list | tuple):
        out.add(where, f"“{spec.label_zh}”应为列表", f"{spec.label_en} must be a list")
        return None
    if len(raw) > MAX_RECORDS:
        out.add(
            where, f"“{spec.label_zh}”最多{MAX_RECORDS}条", f"{spec.label_en}: at most {MAX_RECORDS} rows"
        )
        return None
    rows: list[dict[str, Any]] = []
    for index, row in enumerate(raw):
        row_where = f"{where}.{index}"
        if not isinstance(row, Mapping):
            out.add(
                row_where, f"“{spec.label_zh}”第{index + 1}行格式不正确", f"{spec.label_en} row {index + 1}"
            )
            continue
        rows.append(_clean_fields(spec.columns, row, row_where, out, entity_type=None))
    return rows


def _clean_fields(
    specs: Sequence[FieldSpec],
    values: Mapping[str, Any],
    prefix: str,
    out: _Collector,
    *,
    entity_type: str | None,
) -> dict[str, Any]:
    known = {spec.key for spec in specs}
    for key in values:
        if key not in known:
            where = f"{prefix}.{key}" if prefix else str(key)
            out.add(where, f"未知的填报项：{key}", f"unknown field: {key}")
    cleaned: dict[str, Any] = {}
    for spec in specs:
        where = f"{prefix}.{spec.key}" if prefix else spec.key
        raw = values.get(spec.key)
        if entity_type is not None and not spec.applies(entity_type):
            if not _empty(raw):
                out.add(
                    where,
                    f"“{spec.label_zh}”不适用于该类型的主体",
                    f"{spec.label_en} does not apply to this type of entity",
                )
            continue
        if _empty(raw):
            if spec.required:
                out.add(where, f"请填写“{spec.label_zh}”", f"{spec.label_en} is required")
            elif spec.kind is FieldKind.RECORDS:
                cleaned[spec.key] = []
            continue
        if spec.kind is FieldKind.RECORDS:
            value: Any = _clean_records(spec, raw, where, out)
        else:
            value = _clean_scalar(spec, raw, where, out)
        if value is not None:
            cleaned[spec.key] = value
    return cleaned


def fields_clean(
    specs: Sequence[FieldSpec], values: Mapping[str, Any], *, entity_type: str, prefix: str = ""
) -> dict[str, Any]:
    """The cleaned values of ``specs`` (in their order), or ``ValidationFailed`` naming the first problem.

    Every problem is listed in the error's ``details["problems"]`` so that a
    form can show them all at once. Unknown keys are refused (usually typos);
    fields that do not apply to ``entity_type`` must be left empty.
    """
    if not isinstance(values, Mapping):
        raise ValidationFailed(prefix or "payload", "填报内容格式不正确", "the content must be an object")
    out = _Collector()
    cleaned = _clean_fields(specs, values, prefix, out, entity_type=entity_type)
    if out.problems:
        first = out.problems[0]
        error = ValidationFailed(first.field, first.message_zh, first.message_en)
        error.details = {
            "problems": [
                {"field": p.field, "message_zh": p.message_zh, "message_en": p.message_en}
                for p in out.problems
            ]
        }
        raise error
    return cleaned


def keys_with(specs: Iterable[FieldSpec], visibility: Visibility) -> frozenset[str]:
    """The keys of the fields marked ``visibility``."""
    return frozenset(spec.key for spec in specs if spec.visibility is visibility)
