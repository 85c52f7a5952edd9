"""Pure rules of credit repair (信用修复, 国市监信规〔2021〕3号). No Django.

Four kinds of repair can be applied for; each has its eligibility rules, its
required materials and its procedure (accept ~2 WD, decide ~15 WD, execute
~3 WD: the periods are clock rules ``credit_repair.*``). Every period used
here (minimum publicity, one year listed) is passed in by the services from
the rule table; nothing legal is a literal in this module except the lists
the law writes out (the sensitive sectors, the required materials).

An eligibility check returns every ``Check`` with its outcome, so that the
enterprise sees before applying why it may not yet, and a refusal names
each unmet condition in Chinese and English.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "SENSITIVE_SECTORS",
    "ApplicationStatus",
    "Check",
    "MaterialKind",
    "MaterialProblem",
    "PenaltyFacts",
    "RepairKind",
    "list_removal_checks",
    "material_problems",
    "materials_missing",
    "penalty_publicity_checks",
    "penalty_sector",
    "repair_document_number",
    "serious_early_checks",
]


class RepairKind(StrEnum):
    """What is repaired (修复类别); whoever decided the listing or penalty handles the repair."""

    ABNORMAL_REMOVAL = "abnormal_removal"
    STATUS_RESTORATION = "status_restoration"
    SERIOUS_EARLY = "serious_early"
    PENALTY_PUBLICITY = "penalty_publicity"

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return _KIND_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label."""
        return _KIND_LABELS[self][1]


_KIND_LABELS: dict[RepairKind, tuple[str, str]] = {
    RepairKind.ABNORMAL_REMOVAL: ("移出经营异常名录", "Removal from the abnormal-operations list"),
    RepairKind.STATUS_RESTORATION: (
        "个体工商户恢复正常记载状态",
        "Restoring an individual business's normal status",
    ),
    RepairKind.SERIOUS_EARLY: ("提前移出严重违法失信名单", "Early removal from the serious-violation list"),
    RepairKind.PENALTY_PUBLICITY: ("提前停止公示行政处罚信息", "Early end of penalty publicity"),
}


class ApplicationStatus(StrEnum):
    """Where an application stands."""

    SUBMITTED = "submitted"  # 已提交，待受理
    ACCEPTED = "accepted"  # 已受理，待决定
    NOT_ACCEPTED = "not_accepted"  # 不予受理
    REPAIRED = "repaired"  # 准予修复并已执行
    REFUSED = "refused"  # 不予修复
    WITHDRAWN = "withdrawn"  # 申请人撤回

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return _STATUS_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label."""
        return _STATUS_LABELS[self][1]

    @property
    def open(self) -> bool:
        """Still being handled (a second application for the same target waits for it)."""
        return self in (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED)


_STATUS_LABELS: dict[ApplicationStatus, tuple[str, str]] = {
    ApplicationStatus.SUBMITTED: ("待受理", "submitted"),
    ApplicationStatus.ACCEPTED: ("已受理", "accepted"),
    ApplicationStatus.NOT_ACCEPTED: ("不予受理", "not accepted"),
    ApplicationStatus.REPAIRED: ("已修复", "repaired"),
    ApplicationStatus.REFUSED: ("不予修复", "refused"),
    ApplicationStatus.WITHDRAWN: ("已撤回", "withdrawn"),
}


class MaterialKind(StrEnum):
    """Materials of an application (申请材料), 国市监信规〔2021〕3号."""

    APPLICATION = "application"  # 信用修复申请书
    PLEDGE = "pledge"  # 守信承诺书
    PERFORMANCE_PROOF = "performance_proof"  # 履行法定义务、纠正违法行为的相关材料
    OTHER = "other"  # 其他材料

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return _MATERIAL_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label."""
        return _MATERIAL_LABELS[self][1]


_MATERIAL_LABELS: dict[MaterialKind, tuple[str, str]] = {
    MaterialKind.APPLICATION: ("信用修复申请书", "application form"),
    MaterialKind.PLEDGE: ("守信承诺书", "integrity pledge"),
    MaterialKind.PERFORMANCE_PROOF: (
        "履行法定义务、纠正违法行为的证明材料",
        "proof that the obligations are performed and the violation corrected",
    ),
    MaterialKind.OTHER: ("其他材料", "other material"),
}

#: Materials each kind needs before it can be accepted. A listing for a missing
#: report or disclosure is cured by filing it, which the platform sees itself.
REQUIRED_MATERIALS: dict[RepairKind, tuple[MaterialKind, ...]] = {
    RepairKind.ABNORMAL_REMOVAL: (MaterialKind.APPLICATION, MaterialKind.PLEDGE),
    RepairKind.STATUS_RESTORATION: (MaterialKind.APPLICATION, MaterialKind.PLEDGE),
    RepairKind.SERIOUS_EARLY: (
        MaterialKind.APPLICATION,
        MaterialKind.PLEDGE,
        MaterialKind.PERFORMANCE_PROOF,
    ),
    RepairKind.PENALTY_PUBLICITY: (
        MaterialKind.APPLICATION,
        MaterialKind.PLEDGE,
        MaterialKind.PERFORMANCE_PROOF,
    ),
}

#: Sectors whose penalties stay public at least the longer minimum (食品、药品、特种设备).
SENSITIVE_SECTORS: dict[str, tuple[str, str]] = {
    "food": ("食品", "food"),
    "drug": ("药品", "drugs"),
    "special_equipment": ("特种设备", "special equipment"),
}
#: Words in a penalty's legal basis that place it in a sensitive sector when the
#: penalty does not name its sector (e.g. 《中华人民共和国食品安全法》).
_SECTOR_WORDS: tuple[tuple[str, str], ...] = (
    ("食品", "food"),
    ("药品", "drug"),
    ("疫苗", "drug"),
    ("特种设备", "special_equipment"),
)


@dataclass(frozen=True)
class Check:
    """One eligibility condition and whether it holds, with the reason in Chinese and English."""

    code: str
    passed: bool
    message_zh: str
    message_en: str

    def as_dict(self) -> dict[str, object]:
        """JSON form (stored with the application, shown to the applicant and the officer)."""
        return {
            "code": self.code,
            "passed": self.passed,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }


def failed(checks: Iterable[Check]) -> list[Check]:
    """The checks that do not hold."""
    return [c for c in checks if not c.passed]


def penalty_sector(*, sector: str, legal_basis: str) -> str:
    """The sensitive sector of a penalty (``food``, ``drug``, ``special_equipment``) or ``""``.

    The penalty's own ``sector`` wins; otherwise its legal basis is read
    (a penalty under the Food Safety Law is a food penalty).
    """
    if sector in SENSITIVE_SECTORS:
        return sector
    if sector:
        return ""
    for word, code in _SECTOR_WORDS:
        if word in legal_basis:
            return code
    return ""


@dataclass(frozen=True)
class PenaltyFacts:
    """What the platform knows about a penalty whose publicity is to end early."""

    published_on: dt.date
    public_until: dt.date | None
    withdrawn: bool
    severe: bool
    sector: str
    later_same_kind: Sequence[str]  # document numbers of later penalties of the same violation
    on_abnormal_list: bool
    on_serious_list: bool


def penalty_publicity_checks(
    *,
    penalty: PenaltyFacts,
    earliest: dt.date,
    minimum_label: tuple[str, str],
    today: dt.date,
) -> list[Check]:
    """May the publicity of this penalty end early today (提前停止公示)?

    ``earliest`` is the publication date plus the minimum publicity of the
    rule table (6 months; 1 year for food, drugs and special equipment);
    ``minimum_label`` names that minimum (Chinese, English). Further
    conditions: the penalty is still public, it was not a severe penalty, no
    later penalty for the same kind of violation, and the entity is on
    neither list.
    """
    still_public = not penalty.withdrawn and (penalty.public_until is None or penalty.public_until >= today)
    sector = SENSITIVE_SECTORS.get(penalty.sector)
    sector_zh = f"（{sector[0]}领域）" if sector else ""
    sector_en = f" ({sector[1]})" if sector else ""
    return [
        Check(
            "still_public",
            still_public,
            "该处罚信息仍在公示期内" if still_public else "该处罚信息已不在公示，无需修复",
            "the penalty is still published" if still_public else "the penalty is no longer published",
        ),
        Check(
            "not_severe",
            not penalty.severe,
            "非严重失信的行政处罚" if not penalty.severe else "严重违法失信行为的行政处罚不得提前停止公示",
            "not a severe penalty"
            if not penalty.severe
            else "the publicity of a severe penalty cannot end early",
        ),
        Check(
            "minimum_publicity",
            today >= earliest,
            f"已公示满{minimum_label[0]}{sector_zh}"
            if today >= earliest
            else f"须公示满{minimum_label[0]}{sector_zh}，{earliest.isoformat()}起方可申请",
            f"published for at least {minimum_label[1]}{sector_en}"
            if today >= earliest
            else f"it must be published for {minimum_label[1]}{sector_en}: apply from {earliest.isoformat()}",
        ),
        Check(
            "no_repeat",
            not penalty.later_same_kind,
            "此后未再因同一类违法行为受到行政处罚"
            if not penalty.later_same_kind
            else f"此后又因同一类违法行为受到行政处罚（{'、'.join(penalty.later_same_kind)}）",
            "no later penalty for the same kind of violation"
            if not penalty.later_same_kind
            else f"penalised again for the same kind of violation ({', '.join(penalty.later_same_kind)})",
        ),
        *_not_listed_checks(penalty.on_abnormal_list, penalty.on_serious_list),
    ]


def _not_listed_checks(on_abnormal_list: bool, on_serious_list: bool) -> list[Check]:
    return [
        Check(
            "not_abnormal_listed",
            not on_abnormal_list,
            "未被列入经营异常名录" if not on_abnormal_list else "仍在经营异常名录中，请先申请移出",
            "not on the abnormal-operations list"
            if not on_abnormal_list
            else "still on the abnormal-operations list: apply for removal first",
        ),
        Check(
            "not_serious_listed",
            not on_serious_list,
            "未被列入严重违法失信名单" if not on_serious_list else "仍在严重违法失信名单中",
            "not on the serious-violation list"
            if not on_serious_list
            else "still on the serious-violation list",
        ),
    ]


def list_removal_checks(
    *,
    kind: RepairKind,
    listed: bool,
    individual_business: bool,
    cure_visible: bool | None,
    cure_text_zh: str,
) -> list[Check]:
    """May an abnormal listing be removed (移出) or an individual business's status restored?

    ``cure_visible`` is ``True``/``False`` where the platform can see the
    cure itself (the missing report or disclosure is filed), ``None`` where
    the officer verifies it (corrected information, contact restored).
    """
    wants_status = kind is RepairKind.STATUS_RESTORATION
    right_mode = wants_status == individual_business
    checks = [
        Check(
            "listed",
            listed,
            "列入决定仍在效力中" if listed else "该主体已不在名录中（或已恢复正常记载状态）",
            "the listing is in force" if listed else "the listing is no longer in force",
        ),
        Check(
            "right_kind",
            right_mode,
            "修复类别与主体类型相符"
            if right_mode
            else (
                "个体工商户适用恢复正常记载状态"
                if individual_business
                else "企业适用移出经营异常名录，恢复正常记载状态仅适用于个体工商户"
            ),
            "the repair kind fits the entity"
            if right_mode
            else (
                "an individual business applies for restoring its status"
                if individual_business
                else "an enterprise applies for removal; status restoration is for individual businesses"
            ),
        ),
    ]
    if cure_visible is not None:
        checks.append(
            Check(
                "cured",
                cure_visible,
                f"已{cure_text_zh}" if cure_visible else f"尚未{cure_text_zh}",
                "the cause is cured" if cure_visible else "the cause is not cured yet",
            )
        )
    return checks


def serious_early_checks(
    *,
    listed: bool,
    earliest: dt.date,
    restriction_until: dt.date | None,
    later_heavier_penalties: Sequence[str],
    today: dt.date,
) -> list[Check]:
    """May a serious-violation listing end early (提前移出) today?

    The platform checks what it can see: still listed, listed for the
    ``serious.repair_after`` period (``earliest``), the restriction period of
    the decision ended, no heavier penalty since the listing. That the
    obligations are performed and the harm removed is for the officer to
    confirm with the proof submitted.
    """
    restriction_over = restriction_until is None or restriction_until < today
    until_text = restriction_until.isoformat() if restriction_until else ""
    return [
        Check(
            "listed",
            listed,
            "仍在严重违法失信名单中" if listed else "该主体已不在严重违法失信名单中",
            "the listing is in force" if listed else "the listing is no longer in force",
        ),
        Check(
            "listed_long_enough",
            today >= earliest,
            "列入已满1年"
            if today >= earliest
            else f"列入满1年后方可申请提前移出（{earliest.isoformat()}起）",
            "listed for at least one year"
            if today >= earliest
            else f"early removal can be applied for from {earliest.isoformat()}",
        ),
        Check(
            "restriction_ended",
            restriction_over,
            "相关限制期限已届满或无限制期"
            if restriction_over
            else f"决定确定的限制期至{until_text}，尚未届满",
            "no restriction period is running"
            if restriction_over
            else f"the decision's restriction runs until {until_text}",
        ),
        Check(
            "no_new_heavier_penalty",
            not later_heavier_penalties,
            "列入后未受到较重行政处罚"
            if not later_heavier_penalties
            else f"列入后又受到较重行政处罚（{'、'.join(later_heavier_penalties)}）",
            "no heavier penalty since the listing"
            if not later_heavier_penalties
            else f"a heavier penalty since the listing ({', '.join(later_heavier_penalties)})",
        ),
    ]


def materials_missing(kind: RepairKind, present: Iterable[str]) -> list[MaterialKind]:
    """The required materials of ``kind`` not among ``present`` (material kind values)."""
    have = set(present)
    return [m for m in REQUIRED_MATERIALS[kind] if m.value not in have]


# -- uploaded files ----------------------------------------------------------------------------

#: Accepted file types: the extension and the first bytes every such file starts with.
FILE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}
_UNSAFE_NAME = re.compile(r"[\x00-\x1f/\\:*?\"<>|]+")


@dataclass(frozen=True)
class MaterialProblem:
    """Why an uploaded file is refused."""

    message_zh: str
    message_en: str


def clean_filename(name: str) -> str:
    """The uploaded name without path parts or control characters (kept for display only)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return _UNSAFE_NAME.sub("_", base).strip(" .")[:200] or "file"


def material_problems(*, filename: str, size: int, head: bytes, max_bytes: int) -> list[MaterialProblem]:
    """Why a file cannot be accepted as material (empty list: it can).

    PDF, JPEG and PNG only, recognised by both the extension and the file's
    first bytes (a renamed executable is refused), not empty, at most
    ``max_bytes``.
    """
    if size <= 0:
        return [MaterialProblem("文件为空", "the file is empty")]
    problems: list[MaterialProblem] = []
    extension = clean_filename(filename).rsplit(".", 1)[-1].lower() if "." in filename else ""
    known = FILE_TYPES.get(extension)
    if known is None:
        problems.append(
            MaterialProblem("只接受 PDF、JPG、PNG 格式的文件", "only PDF, JPG and PNG files are accepted")
        )
    elif not any(head.startswith(magic) for magic in known[1]):
        problems.append(
            MaterialProblem(
                "文件内容与扩展名不符（可能已损坏）", "the file's content does not match its extension"
            )
        )
    if size > max_bytes:
        problems.append(
            MaterialProblem(
                f"文件过大（最大 {_size_text(max_bytes)}）",
                f"the file is too large ({_size_text(max_bytes)} at most)",
            )
        )
    return problems


def _size_text(size: int) -> str:
    return f"{size // (1024 * 1024)} MB" if size >= 1024 * 1024 else f"{max(size // 1024, 1)} KB"


def content_type_for(filename: str) -> str:
    """The content type to serve an accepted material with."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    known = FILE_TYPES.get(extension)
    return known[0] if known else "application/octet-stream"


def repair_document_number(*, prefix: str, year: int, sequence: int) -> str:
    """A letter number of the repair series, e.g. ``涧市监信修〔2026〕7号``."""
    return f"{prefix}信修〔{year}〕{sequence}号"
