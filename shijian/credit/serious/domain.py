"""Pure rules of the serious-violation list (严重违法失信名单, 总局令第44号). No Django.

Plain values in and out: the catalogues, the dates computed from the rule
table and "today" are arguments, so every rule here is tested without a
database (``tests/test_domain.py``). See statutory-rules.md section 3 and
docs/credit-serious.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "DEFAULT_CATEGORIES",
    "DEFAULT_MEASURES",
    "HeavierPenalty",
    "ListingStatus",
    "Measure",
    "Problem",
    "Purpose",
    "RepairConditions",
    "SubmissionKind",
    "ViolationCategory",
    "approval_required",
    "decision_problems",
    "early_removal_problems",
    "listing_end",
    "proposal_problems",
]

SERIOUS_44 = "《市场监督管理严重违法失信名单管理办法》（国家市场监督管理总局令第44号）"
DISCLOSURE_18 = "《企业信息公示暂行条例》（2024年修订，国务院令第777号）第十八条"


class ListingStatus(StrEnum):
    """Where a listing stands (列入程序): proposal -> notice -> (approval) -> listed -> removed."""

    PROPOSED = "proposed"  # 列入建议
    NOTICED = "noticed"  # 已告知（陈述、申辩、听证）
    APPROVED = "approved"  # 上一级已批准
    REFUSED = "refused"  # 上一级不予批准（终结）
    LISTED = "listed"  # 已作出列入决定
    REMOVED = "removed"  # 已移出

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return _STATUS_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label."""
        return _STATUS_LABELS[self][1]


_STATUS_LABELS: dict[ListingStatus, tuple[str, str]] = {
    ListingStatus.PROPOSED: ("列入建议", "proposed"),
    ListingStatus.NOTICED: ("已告知", "notice served"),
    ListingStatus.APPROVED: ("上级已批准", "approved one level up"),
    ListingStatus.REFUSED: ("上级不予批准", "refused one level up"),
    ListingStatus.LISTED: ("已列入", "listed"),
    ListingStatus.REMOVED: ("已移出", "removed"),
}

#: Statuses in which the procedure is still open (before the listing decision).
OPEN_STATUSES = frozenset({ListingStatus.PROPOSED, ListingStatus.NOTICED, ListingStatus.APPROVED})


class HeavierPenalty(StrEnum):
    """Which heavier administrative penalty (较重行政处罚) the case imposed (总局令第44号)."""

    FINE_UPPER = "fine_upper"  # 依照裁量基准按照从重处罚原则处以罚款
    LICENCE_REVOKED = "licence_revoked"  # 降低资质等级，吊销许可证件、营业执照
    BUSINESS_RESTRICTED = "business_restricted"  # 限制开展生产经营活动、责令停产停业、责令关闭、限制从业

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return {
            "fine_upper": "依照裁量基准从重处以罚款",
            "licence_revoked": "降低资质等级、吊销许可证件或营业执照",
            "business_restricted": "限制开展生产经营活动、责令停产停业、责令关闭或限制从业",
        }[self.value]

    @property
    def label_en(self) -> str:
        """English label."""
        return {
            "fine_upper": "fine at the heavier end of the discretion benchmark",
            "licence_revoked": "qualification downgraded, licence or permit revoked",
            "business_restricted": "business restricted, suspended or closed, practice restricted",
        }[self.value]


class SubmissionKind(StrEnum):
    """What the party sent or what happened after the notice (陈述、申辩、听证)."""

    STATEMENT = "statement"  # 陈述
    DEFENCE = "defence"  # 申辩
    HEARING_REQUEST = "hearing_request"  # 听证申请
    HEARING = "hearing"  # 听证（结果）
    WAIVER = "waiver"  # 当事人书面放弃陈述、申辩和听证

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return {
            "statement": "陈述",
            "defence": "申辩",
            "hearing_request": "听证申请",
            "hearing": "听证",
            "waiver": "放弃陈述申辩听证",
        }[self.value]


class Purpose(StrEnum):
    """What a restriction on a listed entity concerns (联合惩戒事项)."""

    KEY_SUPERVISION = "key_supervision"  # 重点监管
    PROCUREMENT = "procurement"  # 政府采购
    BIDDING = "bidding"  # 招标投标
    HONOURS = "honours"  # 表彰评优、荣誉称号


@dataclass(frozen=True, slots=True)
class ViolationCategory:
    """A category of violation that may lead to listing (列入情形), with its legal basis.

    ``bars_person``: a listing of this category bars the legal representative
    / person in charge from the same role in another enterprise (企业信息公示暂行条例 Art. 18).
    """

    code: str
    label_zh: str
    label_en: str
    legal_basis: str
    bars_person: bool = False


@dataclass(frozen=True, slots=True)
class Measure:
    """A management measure applied to listed entities (管理措施), with its legal basis."""

    code: str
    label_zh: str
    label_en: str
    legal_basis: str
    purpose: Purpose


#: The [M] categories of statutory-rules.md section 3 plus the false-disclosure ground of the 2024
#: amendment. Settings may narrow the list (``SHIJIAN["SERIOUS_CATEGORIES"]``, a list of codes).
DEFAULT_CATEGORIES: tuple[ViolationCategory, ...] = (
    ViolationCategory("food", "食品安全领域严重违法", "food safety", f"{SERIOUS_44}第五条"),
    ViolationCategory(
        "drugs",
        "药品、医疗器械、化妆品领域严重违法",
        "drugs, medical devices, cosmetics",
        f"{SERIOUS_44}第六条",
    ),
    ViolationCategory(
        "product_safety",
        "质量安全领域（含工业产品、特种设备）严重违法",
        "product and special-equipment safety",
        f"{SERIOUS_44}第七条",
    ),
    ViolationCategory("consumer", "侵害消费者权益严重违法", "harm to consumers", f"{SERIOUS_44}第八条"),
    ViolationCategory(
        "competition",
        "破坏公平竞争秩序和扰乱市场秩序（不正当竞争、价格、广告、传销等）",
        "unfair competition, prices, advertising, pyramid selling",
        f"{SERIOUS_44}第九条",
    ),
    ViolationCategory(
        "fraudulent_registration",
        "提交虚假材料、隐瞒真实情况取得登记",
        "fraudulent registration",
        f"{SERIOUS_44}第九条",
    ),
    ViolationCategory(
        "false_disclosure",
        "企业公示信息隐瞒真实情况、弄虚作假，情节严重",
        "false or concealed public disclosure (serious)",
        DISCLOSURE_18,
        bars_person=True,
    ),
    ViolationCategory(
        "refusing_inspection",
        "拒绝、阻碍、干扰监督检查",
        "refusing or obstructing inspections",
        f"{SERIOUS_44}第十条",
    ),
    ViolationCategory(
        "not_executing", "拒不执行行政处罚决定等", "not executing decisions", f"{SERIOUS_44}第十条"
    ),
)

#: Measures applied to listed entities [M]; settings may narrow them (``SHIJIAN["SERIOUS_MEASURES"]``).
DEFAULT_MEASURES: tuple[Measure, ...] = (
    Measure(
        "key_supervision",
        "列为重点监管对象，提高检查频次",
        "key supervision target, more frequent inspections",
        f"{SERIOUS_44}第十九条（条款号待核对）",
        Purpose.KEY_SUPERVISION,
    ),
    Measure(
        "procurement",
        "依法限制参加政府采购活动",
        "restricted in public procurement",
        "《中华人民共和国政府采购法》第二十二条；" + SERIOUS_44,
        Purpose.PROCUREMENT,
    ),
    Measure(
        "bidding",
        "依法限制参与招标投标",
        "restricted in tendering and bidding",
        "《中华人民共和国招标投标法实施条例》；" + SERIOUS_44,
        Purpose.BIDDING,
    ),
    Measure(
        "honours",
        "不得授予相关荣誉称号，限制参与表彰评优",
        "no honours or awards",
        SERIOUS_44,
        Purpose.HONOURS,
    ),
)


@dataclass(frozen=True, slots=True)
class Problem:
    """Why an act is refused: the field and the reason in Chinese and English."""

    field: str
    message_zh: str
    message_en: str


def proposal_problems(
    *,
    heavier_penalty: bool,
    heavier_penalty_kind: str,
    category: str,
    categories: Iterable[str],
    penalty_document_number: str,
    penalty_decided_on: dt.date,
    facts: str,
    legal_basis: str,
    today: dt.date,
) -> list[Problem]:
    """Everything wrong with a proposal before it is recorded (列入建议; empty: fine).

    The listing test (总局令第44号): the violation is serious AND received a
    heavier penalty (较重行政处罚) of a recognised kind; the category comes
    from the configured list; the penalty decision is identified.
    """
    problems: list[Problem] = []
    if not heavier_penalty:
        problems.append(
            Problem(
                "heavier_penalty",
                "列入严重违法失信名单须以受到较重行政处罚为前提",
                "listing requires a heavier administrative penalty (较重行政处罚)",
            )
        )
    kinds = {k.value for k in HeavierPenalty}
    if heavier_penalty_kind not in kinds:
        problems.append(
            Problem(
                "heavier_penalty_kind",
                "较重行政处罚种类须为：从重罚款、降低资质等级或吊销许可证照、限制经营或责令停产停业关闭",
                f"the heavier penalty kind must be one of {', '.join(sorted(kinds))}",
            )
        )
    allowed = set(categories)
    if category not in allowed:
        problems.append(
            Problem(
                "category",
                f"列入情形不在配置的目录中：{category[:40]}",
                f"category not in the configured list: {category[:40]} "
                f"(allowed: {', '.join(sorted(allowed))})",
            )
        )
    if not penalty_document_number.strip():
        problems.append(
            Problem(
                "penalty_document_number",
                "须注明行政处罚决定书文号",
                "the penalty decision number is required",
            )
        )
    if penalty_decided_on > today:
        problems.append(
            Problem(
                "penalty_decided_on", "处罚决定日期不能晚于今天", "the penalty decision date is in the future"
            )
        )
    if not facts.strip():
        problems.append(Problem("facts", "须写明违法事实", "the facts of the violation are required"))
    if not legal_basis.strip():
        problems.append(Problem("legal_basis", "须写明列入依据", "the legal basis is required"))
    return problems


def approval_required(*, deciding_division_kind: str, switch_on: bool) -> bool:
    """Whether a listing needs approval one level up (报经上一级市场监督管理部门批准).

    County- and city-level (prefecture) bureaus need it [V2]; a provincial
    bureau does not. ``switch_on`` is the configuration: the Oct 2025 draft
    proposes dropping the step.
    """
    return switch_on and deciding_division_kind in {"county", "prefecture"}


def listing_end(*, auto_end: dt.date, restriction_until: dt.date | None) -> dt.date:
    """The day the listing ends: 3 years (``auto_end``, from the rule) or the longer restriction."""
    if restriction_until is not None and restriction_until > auto_end:
        return restriction_until
    return auto_end


def decision_problems(
    *,
    status: ListingStatus,
    decided_on: dt.date,
    notice_served_on: dt.date | None,
    statement_due: dt.date | None,
    hearing_request_due: dt.date | None,
    submissions: Sequence[tuple[SubmissionKind, dt.date]],
    approval_needed: bool,
    approved_on: dt.date | None,
    decision_number: str,
    today: dt.date,
) -> list[Problem]:
    """Why the listing decision (列入决定) cannot be made on ``decided_on`` (empty: it can).

    The party's time for statement, defence and a hearing request must have
    run out (or the party waived them in writing); a requested hearing must
    have been held; the approval one level up must be given when required.
    """
    problems: list[Problem] = []
    if not decision_number.strip():
        problems.append(Problem("decision_number", "须填写列入决定书文号", "the decision number is required"))
    if decided_on > today:
        problems.append(Problem("decided_on", "决定日期不能晚于今天", "the decision date is in the future"))
    if status in (ListingStatus.LISTED, ListingStatus.REMOVED, ListingStatus.REFUSED):
        problems.append(
            Problem(
                "status",
                f"当前状态（{status.label_zh}）不能作出列入决定",
                f"cannot decide in status {status.value}",
            )
        )
        return problems
    if notice_served_on is None or statement_due is None or hearing_request_due is None:
        problems.append(
            Problem(
                "notice_served_on",
                "作出列入决定前须告知当事人拟列入的事实、理由、依据及陈述、申辩、听证的权利",
                "the party must first be notified of the proposed listing and its rights",
            )
        )
        return problems
    kinds = {kind for kind, _ in submissions}
    waived = SubmissionKind.WAIVER in kinds
    last_due = max(statement_due, hearing_request_due)
    if not waived and decided_on <= last_due:
        problems.append(
            Problem(
                "decided_on",
                f"陈述、申辩及听证申请期限至 {last_due.isoformat()} 届满，届满前不能作出列入决定",
                "the party's time for statement, defence and a hearing request runs until "
                f"{last_due.isoformat()}",
            )
        )
    if SubmissionKind.HEARING_REQUEST in kinds and SubmissionKind.HEARING not in kinds:
        problems.append(
            Problem(
                "hearing", "当事人申请了听证，须先组织听证", "the party requested a hearing: hold it first"
            )
        )
    if approval_needed:
        if approved_on is None or status is not ListingStatus.APPROVED:
            problems.append(
                Problem(
                    "approval",
                    "县级、设区的市级市场监督管理部门作出列入决定须报经上一级部门批准",
                    "a county or city bureau needs approval one level up before listing",
                )
            )
        elif decided_on < approved_on:
            problems.append(Problem("decided_on", "决定日期早于批准日期", "decided before the approval"))
    if decided_on < notice_served_on:
        problems.append(Problem("decided_on", "决定日期早于告知日期", "decided before the notice was served"))
    return problems


@dataclass(frozen=True, slots=True)
class RepairConditions:
    """The conditions of early removal (提前移出, credit repair), as checked by the repair officer.

    statutory-rules.md section 3 [V2]: the restriction period has ended,
    the obligations of the decision are performed, the harm is removed, and
    no new heavier penalty was imposed.
    """

    restriction_ended: bool
    obligations_performed: bool
    harm_removed: bool
    no_new_heavier_penalty: bool


_CONDITION_TEXT: dict[str, tuple[str, str]] = {
    "restriction_ended": ("相关限制期限尚未届满", "the restriction period has not ended"),
    "obligations_performed": (
        "尚未履行行政处罚等法定义务",
        "the obligations of the decision are not performed",
    ),
    "harm_removed": ("危害后果和不良社会影响尚未消除", "the harm is not removed"),
    "no_new_heavier_penalty": ("列入后又受到较重行政处罚", "a new heavier penalty was imposed since"),
}


def early_removal_problems(
    *,
    status: ListingStatus,
    removed_on: dt.date,
    earliest: dt.date,
    restriction_until: dt.date | None,
    conditions: RepairConditions,
    today: dt.date,
) -> list[Problem]:
    """Why a listing cannot be removed early on ``removed_on`` (empty: it can).

    ``earliest`` is the decision date plus the ``serious.repair_after``
    period (1 year): an application is possible only from then on.
    """
    problems: list[Problem] = []
    if status is not ListingStatus.LISTED:
        problems.append(
            Problem(
                "status",
                f"当前状态（{status.label_zh}）不能提前移出",
                f"cannot remove early in status {status.value}",
            )
        )
        return problems
    if removed_on > today:
        problems.append(Problem("removed_on", "移出日期不能晚于今天", "the removal date is in the future"))
    if removed_on < earliest:
        problems.append(
            Problem(
                "removed_on",
                f"列入满1年（{earliest.isoformat()}）后方可申请提前移出",
                f"early removal is possible from {earliest.isoformat()} (one year listed)",
            )
        )
    for name, (zh, en) in _CONDITION_TEXT.items():
        if not getattr(conditions, name):
            problems.append(Problem(f"conditions.{name}", zh, en))
    if restriction_until is not None and removed_on < restriction_until and conditions.restriction_ended:
        problems.append(
            Problem(
                "conditions.restriction_ended",
                f"列入决定确定的限制期至 {restriction_until.isoformat()}，尚未届满",
                f"the restriction in the decision lasts until {restriction_until.isoformat()}",
            )
        )
    return problems
