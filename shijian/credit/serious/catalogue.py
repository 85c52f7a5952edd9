"""The configured catalogues of the serious-violation list: categories, measures, the approval switch.

Defaults are in ``domain`` (each entry with its legal basis); a province
narrows them in ``settings.SHIJIAN``:

- ``SERIOUS_CATEGORIES``: codes of the violation categories in use (default: all);
- ``SERIOUS_MEASURES``: codes of the management measures in use (default: all);
- ``SERIOUS_APPROVAL_ONE_LEVEL_UP``: whether county- and city-level listings need
  approval one level up (default True: 总局令第44号 [V2]; the Oct 2025 revision
  draft proposes dropping the step, so it is a switch).
"""

from __future__ import annotations

from django.conf import settings

from shijian.credit.serious.domain import DEFAULT_CATEGORIES, DEFAULT_MEASURES, Measure, ViolationCategory

#: Legal basis of the approval step, shown with the switch (docs, API).
APPROVAL_LEGAL_BASIS = (
    "《市场监督管理严重违法失信名单管理办法》（总局令第44号）：县级、设区的市级市场监督管理部门"
    "作出列入决定前报经上一级市场监督管理部门批准 [V2]；2025年10月修订征求意见稿拟取消（可配置）"
)


def _enabled(key: str) -> set[str] | None:
    codes = settings.SHIJIAN.get(key)
    return None if codes is None else {str(c) for c in codes}


def categories() -> dict[str, ViolationCategory]:
    """The violation categories in use, by code."""
    enabled = _enabled("SERIOUS_CATEGORIES")
    return {c.code: c for c in DEFAULT_CATEGORIES if enabled is None or c.code in enabled}


def measures() -> dict[str, Measure]:
    """The management measures in use, by code."""
    enabled = _enabled("SERIOUS_MEASURES")
    return {m.code: m for m in DEFAULT_MEASURES if enabled is None or m.code in enabled}


def approval_switch() -> bool:
    """Whether approval one level up is required (for county and city bureaus)."""
    return bool(settings.SHIJIAN.get("SERIOUS_APPROVAL_ONE_LEVEL_UP", True))
