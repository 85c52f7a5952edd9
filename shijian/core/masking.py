"""Masking of personal data for public output (pure functions)."""

from __future__ import annotations

import re

_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")


def mask_phone(phone: str) -> str:
    """``13912345678`` -> ``139****5678``; other numbers keep only their last 4 characters."""
    digits = phone.strip()
    if not digits:
        return ""
    if _PHONE.fullmatch(digits):
        return f"{digits[:3]}****{digits[-4:]}"
    return "*" * max(len(digits) - 4, 0) + digits[-4:]


def mask_phones_in(text: str) -> str:
    """Mask every mobile number inside free text."""
    return _PHONE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)


def mask_id_number(number: str) -> str:
    """Keep the first 4 and last 4 characters of an ID number (公开时隐去中间部分)."""
    text = number.strip()
    if len(text) <= 8:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 8) + text[-4:]


def mask_person_name(name: str) -> str:
    """A person's name as shown for individual businesses' operators: surname kept (张**)."""
    text = name.strip()
    if len(text) <= 1:
        return text
    return text[0] + "*" * (len(text) - 1)
