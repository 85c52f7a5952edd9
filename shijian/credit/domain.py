"""Pure rules of credit facts (信用信息): kinds, severities, relations between facts. No Django.

A credit fact is one dated, sourced statement about a market entity (and,
where the law says so, about its responsible person): a penalty, a listing,
an inspection result, a broken commitment. Facts are immutable: a correction
or a revocation is a new fact that points at the old one, so the record
always shows what was known when.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "Category",
    "CreditKind",
    "FactProblem",
    "Relation",
    "Severity",
    "fact_problems",
]


class Severity(StrEnum):
    """How serious a fact is (失信程度), after 信用修复管理办法 tiers: minor, general, serious."""

    NONE = "none"
    MINOR = "minor"
    GENERAL = "general"
    SERIOUS = "serious"

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return {"none": "不涉及", "minor": "轻微", "general": "一般", "serious": "严重"}[self.value]

    @property
    def label_en(self) -> str:
        """English label."""
        return {"none": "not applicable", "minor": "minor", "general": "general", "serious": "serious"}[
            self.value
        ]


class Category(StrEnum):
    """What kind of information a fact is (信息类别), as the five risk dimensions group it."""

    REGISTRATION = "registration"
    LICENCE = "licence"
    LIST = "list"
    PENALTY = "penalty"
    INSPECTION = "inspection"
    SAMPLING = "sampling"
    COMPLAINT = "complaint"
    COMMITMENT = "commitment"
    OTHER = "other"

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return _CATEGORY_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label."""
        return _CATEGORY_LABELS[self][1]


_CATEGORY_LABELS: dict[Category, tuple[str, str]] = {
    Category.REGISTRATION: ("登记备案", "registration"),
    Category.LICENCE: ("行政许可", "licence"),
    Category.LIST: ("名单管理", "credit list"),
    Category.PENALTY: ("行政处罚", "penalty"),
    Category.INSPECTION: ("抽查检查", "inspection"),
    Category.SAMPLING: ("抽查检验", "sampling"),
    Category.COMPLAINT: ("投诉举报", "complaints and reports"),
    Category.COMMITMENT: ("信用承诺", "commitment"),
    Category.OTHER: ("其他", "other"),
}


class Relation(StrEnum):
    """How a fact relates to the earlier fact it points at."""

    CORRECTS = "corrects"
    REVOKES = "revokes"

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return {"corrects": "更正", "revokes": "撤销"}[self.value]


@dataclass(frozen=True, slots=True)
class CreditKind:
    """A kind of credit fact, registered by the app that records it.

    ``portal_kind`` is the registry publication kind its public facts are
    shown under (None: never published); ``public`` the default for a new
    fact; ``severity`` the default severity; ``person_fact`` whether facts
    of this kind may name the responsible person.
    """

    kind: str
    label_zh: str
    label_en: str
    category: Category
    portal_kind: str | None = None
    public: bool = True
    severity: Severity = Severity.GENERAL
    person_fact: bool = False


@dataclass(frozen=True, slots=True)
class FactProblem:
    """Why a fact cannot be recorded: the field and the reason in Chinese and English."""

    field: str
    message_zh: str
    message_en: str


def fact_problems(
    *,
    kind: CreditKind,
    title: str,
    source_department: str,
    document_number: str,
    decided_on: dt.date,
    established_on: dt.date,
    public: bool,
    today: dt.date,
) -> list[FactProblem]:
    """Everything wrong with a fact before it is recorded (empty: it may be recorded).

    Provenance is required: who decided (部门) and when; a public fact also
    needs the document number (文书号) that the portal shows beside it.
    """
    problems: list[FactProblem] = []
    if not title.strip():
        problems.append(FactProblem("title", "标题不能为空", "a title is required"))
    if not source_department.strip():
        problems.append(
            FactProblem("source_department", "须注明作出部门", "the source department is required")
        )
    if public and not document_number.strip():
        problems.append(
            FactProblem(
                "document_number",
                "公示的信用信息须注明文书号",
                "a public fact needs its document number",
            )
        )
    if decided_on > today:
        problems.append(
            FactProblem("decided_on", "作出日期不能晚于今天", "the decision date is in the future")
        )
    elif decided_on < established_on:
        problems.append(
            FactProblem("decided_on", "作出日期早于主体成立日期", "decided before the entity was established")
        )
    if public and kind.portal_kind is None:
        problems.append(
            FactProblem(
                "public",
                f"“{kind.label_zh}”类信息不对外公示",
                f"facts of kind '{kind.kind}' are not published",
            )
        )
    return problems
