"""The API as a partner department uses it: ask by USCC, read the answer back, report, and the errors."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from shijian.core.identifiers import uscc_make
from shijian.core.roles import Role
from shijian.credit.joint.models import JointQuery
from shijian.testing.registry import make_entity
from shijian.testing.world import World

from .helpers import FINANCE, REFORM, abnormal_today, partner_user, token_headers

pytestmark = pytest.mark.django_db
BASE = "/api/v1/credit/joint"


def post(headers: dict[str, str], path: str, body: dict[str, object]) -> tuple[int, dict]:  # type: ignore[type-arg]
    response = Client().post(f"{BASE}{path}", body, content_type="application/json", headers=headers)
    return response.status_code, response.json()


def get(headers: dict[str, str], path: str) -> tuple[int, object]:
    response = Client().get(f"{BASE}{path}", headers=headers)
    return response.status_code, response.json()


def test_ask_read_back_and_report(world: World) -> None:
    listing = abnormal_today(world)
    finance = token_headers(partner_user(world, FINANCE))
    status, answer = post(
        finance,
        "/queries",
        {"uscc": listing.entity.uscc.lower(), "purpose": "bidding", "reference": "LYZB-7"},
    )
    assert status == 201, answer
    assert answer["id"] == JointQuery.objects.get().pk and answer["restricted"] is True
    assert answer["uscc"] == listing.entity.uscc and answer["purpose_zh"] == "招标投标"
    assert (
        answer["on"] == timezone.localdate().isoformat()
        and answer["department"] == "洛阳市财政局政府采购中心"
    )
    (reason,) = answer["reasons"]
    assert reason["decision_number"] == listing.document_number and reason["measure"] == "bidding"
    assert (
        reason["list_zh"] == "经营异常名录"
        and reason["listing_reason_zh"] == "公示企业信息隐瞒真实情况、弄虚作假"
    )
    assert answer["listings"][0]["list_type"] == "abnormal_list" and answer["feedback"] is None

    status, mine = get(finance, "/queries")
    assert status == 200 and [q["id"] for q in mine] == [answer["id"]]  # type: ignore[union-attr,index]
    feedback = {
        "action": "excluded",
        "acted_on": timezone.localdate().isoformat(),
        "document_number": "洛财采〔2026〕15号",
        "note": "取消投标资格",
    }
    status, created = post(finance, f"/queries/{answer['id']}/feedback", feedback)
    assert status == 201 and created["query_id"] == answer["id"], created
    status, again = post(finance, f"/queries/{answer['id']}/feedback", feedback)
    assert status == 409 and again["code"] == "feedback_exists"
    status, detail = get(finance, f"/queries/{answer['id']}")
    assert status == 200 and detail["feedback"]["action"] == "excluded"  # type: ignore[index,call-overload]

    # Another department neither sees the query nor reports on it.
    reform = token_headers(partner_user(world, REFORM, name="发改委"))
    assert get(reform, f"/queries/{answer['id']}")[0] == 404
    assert get(reform, "/queries") == (200, [])
    assert post(reform, f"/queries/{answer['id']}/feedback", feedback)[0] == 404

    # Officers of the entity's jurisdiction see the query and the feedback.
    officer = token_headers(world.users[Role.OFFICER])
    status, about = get(officer, f"/entities/{listing.entity_id}/queries")
    assert status == 200 and about[0]["feedback"]["document_number"] == "洛财采〔2026〕15号"  # type: ignore[index]


def test_a_malformed_code_is_422_naming_the_field_in_both_languages(world: World) -> None:
    headers = token_headers(partner_user(world))
    valid = make_entity(world).uscc
    wrong_check = valid[:17] + ("0" if valid[17] != "0" else "1")
    status, error = post(headers, "/queries", {"uscc": wrong_check, "purpose": "procurement"})
    assert status == 422 and error["field"] == "uscc" and error["code"] == "invalid_uscc"
    assert "第18位校验码" in error["message_zh"] and "check character" in error["message_en"]
    status, error = post(headers, "/queries", {"uscc": "9141", "purpose": "procurement"})
    assert status == 422 and "长度" in error["message_zh"] and "length" in error["message_en"]
    assert not JointQuery.objects.exists()


def test_an_unknown_code_is_404_naming_the_code(world: World) -> None:
    unknown = uscc_make("410305", "MA777777")
    status, error = post(
        token_headers(partner_user(world)), "/queries", {"uscc": unknown, "purpose": "honours"}
    )
    assert status == 404 and error["code"] == "not_found" and error["field"] == "uscc"
    assert unknown in error["message_zh"] and unknown in error["message_en"]


def test_a_purpose_not_covered_is_422(world: World) -> None:
    entity = make_entity(world)
    headers = token_headers(partner_user(world))
    status, error = post(headers, "/queries", {"uscc": entity.uscc, "purpose": "financing"})
    assert status == 422 and error["field"] == "purpose"
    status, error = post(headers, "/queries", {"uscc": entity.uscc, "purpose": "honours", "on": "2999-01-01"})
    assert status == 422 and error["field"] == "on"


def test_feedback_errors_name_the_field(world: World) -> None:
    user = partner_user(world)
    headers = token_headers(user)
    status, answer = post(headers, "/queries", {"uscc": make_entity(world).uscc, "purpose": "honours"})
    assert status == 201 and answer["restricted"] is False
    today = timezone.localdate().isoformat()
    status, error = post(
        headers, f"/queries/{answer['id']}/feedback", {"action": "excluded", "acted_on": today}
    )
    assert status == 422 and error["field"] == "action"
    status, error = post(headers, f"/queries/{answer['id']}/feedback", {"action": "other", "acted_on": today})
    assert status == 422 and error["field"] == "note" and error["message_zh"] and error["message_en"]
    assert (
        post(headers, "/queries/999999/feedback", {"action": "other", "acted_on": today, "note": "x"})[0]
        == 404
    )


def test_measures_in_force_and_their_history(world: World) -> None:
    headers = token_headers(partner_user(world))
    status, found = get(headers, "/measures?list_type=abnormal_list&purpose=procurement")
    assert status == 200 and len(found) == 1  # type: ignore[arg-type]
    (measure,) = found  # type: ignore[misc]
    assert (
        measure["confidence"] == "V2"
        and measure["effective_to"] is None
        and measure["list_zh"] == "经营异常名录"
    )
    assert get(headers, "/measures?on=2014-09-30")[1] == []
    status, every = get(headers, "/measures?history=true")
    assert status == 200 and len(every) == 9  # type: ignore[arg-type]
