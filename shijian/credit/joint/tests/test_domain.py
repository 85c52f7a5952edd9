"""Pure rules of joint punishment: versions by date, combining lists, measure and feedback checks."""

from __future__ import annotations

import datetime as dt

import pytest

from shijian.credit.joint.domain import (
    Confidence,
    FeedbackAction,
    ListingInForce,
    ListType,
    MeasureRule,
    Purpose,
    feedback_problems,
    measure_problems,
    new_version_problems,
    restriction_reasons,
    rules_in_force,
)

D = dt.date
SEEDED = D(2014, 10, 1)
LISTED = D(2026, 7, 10)


def rule(
    list_type: ListType = ListType.ABNORMAL_LIST,
    code: str = "procurement",
    purpose: Purpose = Purpose.PROCUREMENT,
    version: int = 1,
    start: dt.date = SEEDED,
    end: dt.date | None = None,
) -> MeasureRule:
    return MeasureRule(
        list_type=list_type,
        code=code,
        purpose=purpose,
        label_zh=f"措施{version}",
        label_en=f"measure {version}",
        departments="财政部门",
        legal_basis="《企业信息公示暂行条例》",
        confidence=Confidence.V2,
        version=version,
        effective_from=start,
        effective_to=end,
    )


def listing(
    list_type: ListType = ListType.ABNORMAL_LIST,
    listing_id: int = 1,
    decided_on: dt.date = LISTED,
    measures: tuple[str, ...] | None = None,
) -> ListingInForce:
    return ListingInForce(
        list_type=list_type,
        listing_id=listing_id,
        decision_number=f"决定{listing_id}",
        deciding_authority="涧西区市场监督管理局",
        decided_on=decided_on,
        listed_until=None,
        reason_zh="未按照规定的期限公示年度报告",
        reason_en="annual report not filed on time",
        measures=measures,
    )


# -- versions ------------------------------------------------------------------------------------------


def test_the_version_in_force_on_the_day_is_used() -> None:
    old = rule(version=1, start=D(2014, 10, 1), end=D(2026, 12, 31))
    new = rule(version=2, start=D(2027, 1, 1))
    key = (ListType.ABNORMAL_LIST, "procurement")
    assert rules_in_force([old, new], D(2026, 12, 31))[key].version == 1  # the last day of v1 counts
    assert rules_in_force([old, new], D(2027, 1, 1))[key].version == 2
    assert rules_in_force([old, new], D(2014, 9, 30)) == {}  # before the first version: no measure


def test_an_ended_measure_no_longer_applies_and_a_tie_takes_the_higher_version() -> None:
    ended = rule(end=D(2025, 6, 30))
    assert rules_in_force([ended], D(2025, 7, 1)) == {}
    overlapping = [rule(version=1), rule(version=3), rule(version=2)]
    assert rules_in_force(overlapping, D(2026, 1, 1))[(ListType.ABNORMAL_LIST, "procurement")].version == 3


def test_a_new_version_must_start_after_the_current_one() -> None:
    assert new_version_problems(effective_from=D(2027, 1, 1), latest_from=None) == []
    assert new_version_problems(effective_from=D(2027, 1, 1), latest_from=D(2026, 12, 31)) == []
    (same_day,) = new_version_problems(effective_from=D(2026, 1, 1), latest_from=D(2026, 1, 1))
    assert same_day.field == "effective_from" and "2026-01-01" in same_day.message_zh


# -- combining lists -----------------------------------------------------------------------------------


def test_an_abnormal_listing_carries_every_measure_configured_for_its_list_of_that_purpose() -> None:
    rules = rules_in_force(
        [
            rule(),
            rule(code="bidding", purpose=Purpose.BIDDING),
            rule(ListType.ABNORMAL_STATUS, "key_supervision", Purpose.KEY_SUPERVISION),
        ],
        D(2026, 8, 1),
    )
    (reason,) = restriction_reasons(listings=[listing()], rules=rules, purpose=Purpose.PROCUREMENT)
    assert (reason.list_type, reason.measure, reason.decision_number) == (
        "abnormal_list",
        "procurement",
        "决定1",
    )
    assert reason.list_zh == "经营异常名录" and reason.legal_basis.startswith("《企业信息公示暂行条例》")
    assert reason.confidence == "V2" and reason.measure_version == 1
    # The abnormal status (individual businesses) has only key supervision configured here.
    status = listing(ListType.ABNORMAL_STATUS, 2)
    assert restriction_reasons(listings=[status], rules=rules, purpose=Purpose.PROCUREMENT) == []
    assert len(restriction_reasons(listings=[status], rules=rules, purpose=Purpose.KEY_SUPERVISION)) == 1


def test_a_serious_listing_counts_only_for_the_measures_its_decision_recorded() -> None:
    rules = rules_in_force(
        [
            rule(ListType.SERIOUS, "procurement", Purpose.PROCUREMENT, start=D(2021, 9, 1)),
            rule(ListType.SERIOUS, "honours", Purpose.HONOURS, start=D(2021, 9, 1)),
        ],
        D(2026, 10, 1),
    )
    only_honours = listing(ListType.SERIOUS, 7, measures=("honours",))
    assert restriction_reasons(listings=[only_honours], rules=rules, purpose=Purpose.PROCUREMENT) == []
    (honours,) = restriction_reasons(listings=[only_honours], rules=rules, purpose=Purpose.HONOURS)
    assert honours.listing_id == 7 and honours.list_zh == "严重违法失信名单"
    unknown = listing(ListType.SERIOUS, 8, measures=("no_such_measure", "procurement", "procurement"))
    assert [
        r.measure for r in restriction_reasons(listings=[unknown], rules=rules, purpose=Purpose.PROCUREMENT)
    ] == ["procurement"]


def test_reasons_name_the_serious_list_first_then_by_date() -> None:
    rules = rules_in_force(
        [rule(), rule(ListType.SERIOUS, "procurement", Purpose.PROCUREMENT, start=D(2021, 9, 1))],
        D(2026, 10, 1),
    )
    listings = [
        listing(ListType.ABNORMAL_LIST, 3, D(2026, 7, 10)),
        listing(ListType.ABNORMAL_LIST, 2, D(2025, 7, 10)),
        listing(ListType.SERIOUS, 9, D(2026, 9, 14), measures=("procurement",)),
    ]
    reasons = restriction_reasons(listings=listings, rules=rules, purpose=Purpose.PROCUREMENT)
    assert [(r.list_type, r.listing_id) for r in reasons] == [
        ("serious", 9),
        ("abnormal_list", 2),
        ("abnormal_list", 3),
    ]


def test_no_listing_means_no_reason() -> None:
    assert (
        restriction_reasons(
            listings=[], rules=rules_in_force([rule()], D(2026, 1, 1)), purpose=Purpose.PROCUREMENT
        )
        == []
    )


# -- measure rows --------------------------------------------------------------------------------------

GOOD = {
    "list_type": "abnormal_list",
    "code": "procurement",
    "purpose": "procurement",
    "label_zh": "依法限制",
    "label_en": "restricted",
    "departments": "财政部门",
    "legal_basis": "《企业信息公示暂行条例》",
    "confidence": "V2",
}


def test_a_complete_measure_passes() -> None:
    assert measure_problems(**GOOD) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"list_type": "blacklist"}, "list_type"),
        ({"purpose": "financing"}, "purpose"),
        ({"code": "采购"}, "code"),
        ({"code": ""}, "code"),
        ({"legal_basis": " "}, "legal_basis"),
        ({"departments": ""}, "departments"),
        ({"label_zh": ""}, "label_zh"),
        ({"confidence": "high"}, "confidence"),
        # The serious list's measures come from its catalogue: no new code, no other purpose.
        ({"list_type": "serious", "code": "licence_approval"}, "code"),
        ({"list_type": "serious", "code": "procurement", "purpose": "bidding"}, "purpose"),
    ],
)
def test_measure_problems_name_the_field(change: dict[str, str], field: str) -> None:
    problems = measure_problems(**{**GOOD, **change})
    assert field in [p.field for p in problems]
    assert all(p.message_zh and p.message_en for p in problems)


# -- feedback ------------------------------------------------------------------------------------------

ASKED = D(2026, 11, 2)
TODAY = D(2026, 11, 20)


def fb(**change: object) -> list[str]:
    values: dict[str, object] = {
        "action": FeedbackAction.EXCLUDED.value,
        "restricted": True,
        "acted_on": D(2026, 11, 5),
        "asked_on": ASKED,
        "document_number": "洛财采〔2026〕15号",
        "note": "",
        "today": TODAY,
    }
    values.update(change)
    return [p.field for p in feedback_problems(**values)]  # type: ignore[arg-type]


def test_feedback_rules() -> None:
    assert fb() == []
    assert fb(action="ignored") == ["action"]
    assert fb(acted_on=D(2026, 11, 21)) == ["acted_on"]  # in the future
    assert fb(acted_on=D(2026, 11, 1)) == ["acted_on"]  # before the question
    assert fb(acted_on=ASKED) == []  # the same day is fine
    assert fb(document_number=" ") == ["document_number"]  # a restriction needs the department's document
    assert fb(restricted=False) == ["action"]  # cannot report a restriction the answer did not give
    assert fb(action="other") == ["note"]
    assert fb(action="other", note="已移交纪检部门", document_number="") == []
    assert fb(action="not_restricted", document_number="") == ["note"]  # restricted answer, say why not
    assert fb(action="not_restricted", restricted=False, document_number="") == []
    assert fb(document_number="x" * 101) == ["document_number"]
