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


_ID_LIKE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")


def mask_id_numbers_in(text: str) -> str:
    """Mask every resident ID number (valid check character) inside free text."""
    # Imported here: the identifiers package is heavier than this module's other users need.
    from shijian.core.identifiers import idcard_check_character

    def masked(match: re.Match[str]) -> str:
        number = match.group(1)
        if idcard_check_character(number[:17]) != number[17].upper():
            return number  # 18 digits but no ID number (e.g. an account or case number)
        return mask_id_number(number)

    return _ID_LIKE.sub(masked, text)


def mask_personal_data_in(value: object) -> object:
    """A JSON-like value with every mobile and ID number inside its strings masked (nested too)."""
    if isinstance(value, str):
        return mask_id_numbers_in(mask_phones_in(value))
    if isinstance(value, dict):
        return {key: mask_personal_data_in(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_personal_data_in(item) for item in value]
    return value
