"""Small template helpers."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """``mapping[key]`` or ``None`` (dictionary lookup with a variable key)."""
    return mapping.get(key) if mapping else None


@register.filter
def pairs(mapping: dict[Any, Any] | None) -> list[tuple[Any, Any]]:
    """A mapping's (key, value) pairs: ``body.items`` in a template would read a key named "items"."""
    return list((mapping or {}).items())
