"""Identifier endpoints: the acceptance codes through real HTTP."""

from __future__ import annotations

import pytest
from django.test import Client

from shijian.core.roles import Role
from shijian.testing.world import World


def check(code: str) -> dict[str, object]:
    response = Client().post(
        "/api/v1/identifiers/uscc/check", {"code": code}, content_type="application/json"
    )
    assert response.status_code == 200
    return response.json()


def codes(problems: object) -> list[str]:
    assert isinstance(problems, list)
    return [p["code"] for p in problems]


def test_valid_uscc() -> None:
    body = check("914403001922038216")
    assert body["valid"] is True and body["errors"] == []
    assert body["division_name"] == "广东省 深圳市"


def test_pilot_code_fails_only_the_check_character() -> None:
    body = check("91350211M0000XUF46")
    assert body["valid"] is False
    assert codes(body["errors"]) == ["check_character"]
    assert body["only_check_character_failed"] is True


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("914403001922038217", "check_character"),
        ("9144030019220382O6", "charset"),
        ("91440300192203821", "length"),
    ],
)
def test_invalid_uscc_names_the_reason(code: str, reason: str) -> None:
    body = check(code)
    assert body["valid"] is False
    assert reason in codes(body["errors"])
    assert body["only_check_character_failed"] is False or reason == "check_character"


def test_forbidden_letter_is_named() -> None:
    body = check("9144030019220382O6")
    messages = [p["message_en"] for p in body["errors"]]  # type: ignore[union-attr]
    assert any("'O'" in m for m in messages)


def test_missing_body_field_is_a_422_with_the_field() -> None:
    response = Client().post("/api/v1/identifiers/uscc/check", {}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["field"] == "code"


@pytest.mark.django_db
def test_idcard_check_is_for_staff_and_masks_the_number(world: World) -> None:
    anonymous = Client().post(
        "/api/v1/identifiers/idcard/check", {"code": "11010519491231002X"}, content_type="application/json"
    )
    assert anonymous.status_code == 401
    client = Client()
    client.force_login(world.users[Role.OFFICER])
    response = client.post(
        "/api/v1/identifiers/idcard/check", {"code": "11010519491231002X"}, content_type="application/json"
    )
    body = response.json()
    assert response.status_code == 200 and body["valid"] is True
    assert "19491231" not in body["normalised"] and body["normalised"].endswith("002X")


def test_division_lookup_keeps_retired_codes() -> None:
    client = Client()
    current = client.get("/api/v1/divisions/410305").json()
    assert current["name"] == "涧西区" and current["current"] is True
    retired = client.get("/api/v1/divisions/410381").json()
    assert retired["name"] == "偃师市" and retired["current"] is False
    assert client.get("/api/v1/divisions/999999").status_code == 404
