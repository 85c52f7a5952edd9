"""Pure rules of the abnormal-operations list (经营异常名录). No Django.

Periods are never literals here: the rule values (working days, letter
intervals) are passed in by the services, which read them from the clock
rule table.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Ground(StrEnum):
    """The four grounds for listing (列入事由), 企业信息公示暂行条例 / 经营异常名录管理办法."""

    ANNUAL_REPORT = "annual_report"  # (1) 未按规定期限公示年度报告
    ADHOC_DISCLOSURE = "adhoc_disclosure"  # (2) 未在责令的期限内公示即时信息
    FALSE_DISCLOSURE = "false_disclosure"  # (3) 公示信息隐瞒真实情况、弄虚作假
    UNREACHABLE = "unreachable"  # (4) 通过登记的住所或者经营场所无法联系

    @property
    def label_zh(self) -> str:
        """Chinese label (the listing reason as printed on the decision)."""
        return _GROUND_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label."""
        return _GROUND_LABELS[self][1]

    @property
    def cure_zh(self) -> str:
        """What cures the ground (移出条件)."""
        return _GROUND_LABELS[self][2]


_GROUND_LABELS: dict[Ground, tuple[str, str, str]] = {
    Ground.ANNUAL_REPORT: (
        "未按照规定的期限公示年度报告",
        "annual report not filed on time",
        "补报并公示年度报告",
    ),
    Ground.ADHOC_DISCLOSURE: (
        "未在市场监督管理部门依法责令的期限内公示有关企业信息",
        "ordered ad-hoc information not disclosed in time",
        "公示有关企业信息",
    ),
    Ground.FALSE_DISCLOSURE: (
        "公示企业信息隐瞒真实情况、弄虚作假",
        "disclosed information concealed or false",
        "更正所公示的信息",
    ),
    Ground.UNREACHABLE: (
        "通过登记的住所或者经营场所无法联系",
        "unreachable at the registered address or premises",
        "依法办理住所变更登记或者提出通过登记的住所可以重新取得联系",
    ),
}


class Mode(StrEnum):
    """Enterprises go on the list; individual businesses get the abnormal status."""

    LIST = "list"  # 经营异常名录
    STATUS = "status"  # 经营异常状态（个体工商户）

    @property
    def label_zh(self) -> str:
        """Chinese name of the measure."""
        return "经营异常名录" if self is Mode.LIST else "经营异常状态"

    @property
    def label_en(self) -> str:
        """English name of the measure."""
        return "abnormal-operations list" if self is Mode.LIST else "abnormal status"


class ListingStatus(StrEnum):
    """Where a listing stands."""

    LISTED = "listed"  # 列入（标记）中
    REMOVED = "removed"  # 已移出（恢复正常记载状态）
    ANNULLED = "annulled"  # 异议成立，撤销列入


class ObjectionStatus(StrEnum):
    """Where an objection (异议) stands."""

    SUBMITTED = "submitted"  # 已提出，待决定是否受理
    REFUSED = "refused"  # 不予受理
    ACCEPTED = "accepted"  # 已受理，核实中
    UPHELD = "upheld"  # 异议成立
    REJECTED = "rejected"  # 异议不成立


class ProposalKind(StrEnum):
    """Follow-up measures the 2024 amendment (国务院令第777号, 第十八条) calls for."""

    REVOCATION = "revocation"  # 吊销营业执照建议
    PENALTY = "penalty"  # 行政处罚建议（虚假公示）

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return "吊销营业执照建议" if self is ProposalKind.REVOCATION else "行政处罚建议"


class ProposalStatus(StrEnum):
    """Where a proposal stands: an officer confirms or dismisses it."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


ENTITY_TYPE_INDIVIDUAL = "individual"


def mode_for(entity_type: str) -> Mode:
    """The measure for an entity type: individual businesses get the status, everyone else the list."""
    return Mode.STATUS if entity_type == ENTITY_TYPE_INDIVIDUAL else Mode.LIST


def report_due(*, established_on: dt.date, report_year: int) -> bool:
    """True when an entity owes the ``report_year`` annual report.

    An entity files from the year after it was established, for the year it
    was established: one established during ``report_year`` owes it, one
    established later (in the sweep's own year) does not.
    """
    return established_on.year <= report_year


@dataclass(frozen=True, slots=True)
class Letter:
    """A registered letter (挂号信) sent to the registered address, as the evidence rule sees it."""

    sent_on: dt.date
    returned_unsigned: bool
    returned_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class LetterEvidence:
    """Two unsigned letters that prove an entity unreachable, and the day the ground is established."""

    first: Letter
    second: Letter

    @property
    def established_on(self) -> dt.date:
        """The ground is established when the second letter came back unsigned."""
        return self.second.returned_on or self.second.sent_on


def letters_evidence(letters: Iterable[Letter], *, min_days: int, max_days: int) -> LetterEvidence | None:
    """The latest pair of unsigned letters sent ``min_days``..``max_days`` calendar days apart, or None.

    Only letters returned unsigned count (签收的信件证明可以联系). The
    interval is between the dates the two letters were sent, both limits
    included.
    """
    unsigned = sorted((x for x in letters if x.returned_unsigned), key=lambda x: x.sent_on)
    best: LetterEvidence | None = None
    for i, first in enumerate(unsigned):
        for second in unsigned[i + 1 :]:
            gap = (second.sent_on - first.sent_on).days
            if min_days <= gap <= max_days:
                candidate = LetterEvidence(first, second)
                if best is None or candidate.established_on > best.established_on:
                    best = candidate
    return best


def objection_in_time(*, filed_on: dt.date, last_day: dt.date) -> bool:
    """An objection may be filed until the last day of the objection period (included)."""
    return filed_on <= last_day


@dataclass(frozen=True, slots=True)
class GroundOneListing:
    """A ground-(1) listing as the Art. 18 test sees it."""

    report_year: int
    in_force: bool  # listed and not removed (未改正)


def revocation_called_for(
    *, report_listings: Sequence[GroundOneListing], unreachable: bool
) -> tuple[int, int] | None:
    """Art. 18 (2024): two consecutive years listed for missing reports, uncorrected, and unreachable.

    Returns the two report years, or None. Being listed three years (the
    repealed 2014 rule) is deliberately not a ground here.
    """
    if not unreachable:
        return None
    years = sorted({x.report_year for x in report_listings if x.in_force}, reverse=True)
    for later, earlier in itertools.pairwise(years):
        if later - earlier == 1:
            return earlier, later
    return None


_AUTHORITY_SUFFIXES = ("市场监督管理局", "市场监管局", "市场监督管理分局", "市场监管分局")


def authority_abbreviation(name: str) -> str:
    """The short form of an authority used in document numbers: 涧西区市场监督管理局 -> 涧市监.

    The first character of the place name, then 市监; a name without the usual
    suffix keeps its first two characters. Bureaus may configure their own.
    """
    place = name.strip()
    for suffix in _AUTHORITY_SUFFIXES:
        if place.endswith(suffix):
            place = _last_division(place[: -len(suffix)])
            return (place[:1] or "市") + "市监"
    return place[:2] or "市监"


def _last_division(place: str) -> str:
    """The lowest division of a place name: 河南省洛阳市涧西区 -> 涧西区, 洛阳市 -> 洛阳市."""
    changed = True
    while changed:
        changed = False
        for marker in ("自治区", "省", "市", "自治州", "州", "盟"):
            index = place.find(marker)
            if index > 0 and index + len(marker) < len(place):
                place = place[index + len(marker) :]
                changed = True
                break
    return place


def decision_number(*, prefix: str, series: str, year: int, sequence: int) -> str:
    """A decision number such as 涧市监异列〔2026〕1号 (prefix, series, year, running number)."""
    return f"{prefix}{series}〔{year}〕{sequence}号"


_TRACKING = re.compile(r"^[A-Z0-9]{8,30}$")


def tracking_number_clean(value: str) -> str | None:
    """A postal tracking number in upper case (letters and digits, 8-30 characters), or None."""
    cleaned = re.sub(r"\s+", "", value).upper()
    return cleaned if _TRACKING.match(cleaned) else None
