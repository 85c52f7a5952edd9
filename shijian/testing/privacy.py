"""The personal-data scan: public output must not contain ID-card or phone numbers.

Every public page and public API adds its output to the scan (see
``shijian/web/tests/test_personal_data_scan.py``).
"""

from __future__ import annotations

import re

from shijian.core.identifiers import idcard_check

_ID_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def personal_data_found(text: str) -> list[str]:
    """Unmasked ID-card numbers (valid check digit) and mobile numbers in ``text``."""
    import datetime as dt

    found = [m for m in _ID_CANDIDATE.findall(text) if idcard_check(m, today=dt.date(2100, 1, 1)).valid]
    found.extend(_PHONE.findall(text))
    return found
