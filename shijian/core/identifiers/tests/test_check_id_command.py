"""`check_id` management command: output and exit codes. No database is touched."""

from __future__ import annotations

import json
import os
from io import StringIO

import django
import pytest
from django.apps import apps

if not apps.ready:  # plain pytest (-p no:django): set Django up ourselves
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()

from django.core.management import call_command
from django.core.management.base import CommandError


def run(*args: str) -> tuple[int, str]:
    """Run the command; return (exit code, stdout)."""
    out = StringIO()
    try:
        call_command("check_id", *args, stdout=out, stderr=StringIO())
    except CommandError as exc:
        return exc.returncode, out.getvalue()
    except SystemExit as exc:  # pragma: no cover - argparse errors
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_valid_uscc_exits_0() -> None:
    code, out = run("uscc", "914403001922038216")
    assert code == 0
    assert "有效 VALID" in out
    assert "广东省 深圳市" in out


def test_pilot_code_json() -> None:
    code, out = run("uscc", "91350211M0000XUF46", "--json")
    assert code == 1
    payload = json.loads(out)
    assert payload["valid"] is False
    assert payload["only_check_character_failed"] is True
    assert payload["warnings"] == []
    assert payload["errors"] == [
        {
            "code": "check_character",
            "position": 18,
            "message_zh": "第18位校验码应为“R”，实为“6”",
            "message_en": "position 18: check character should be 'R', found '6'",
        }
    ]


def test_invalid_uscc_text_names_the_letter() -> None:
    code, out = run("uscc", "9144030O1922038216")
    assert code == 1
    assert "无效 INVALID" in out
    assert "letter 'O' is not allowed" in out


def test_idcard_json_uses_today_argument() -> None:
    code, out = run("idcard", "11010519491231002X", "--json", "--today", "2026-03-01")
    assert code == 0
    payload = json.loads(out)
    assert payload == {**payload, "valid": True, "errors": [], "warnings": [], "birth_date": "1949-12-31"}
    code, out = run("idcard", "11010519491231002X", "--json", "--today", "1949-12-30")
    assert code == 1
    assert [e["code"] for e in json.loads(out)["errors"]] == ["birth_date_future"]


def test_idcard_text_masks_the_number_in_the_header() -> None:
    code, out = run("idcard", "11010519491231002X", "--today", "2026-03-01")
    assert code == 0
    assert "1101**********002X" in out
    assert "北京市 朝阳区" in out


def test_legacy_idcard() -> None:
    code, out = run("idcard", "110105491231002", "--json", "--today", "2026-03-01")
    assert code == 1
    payload = json.loads(out)
    assert payload["errors"][0]["code"] == "legacy_15_digit"
    assert payload["converted"] == "11010519491231002X"


def test_bad_today_is_rejected() -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("check_id", "idcard", "11010519491231002X", "--today", "2026-13-01", stdout=StringIO())
