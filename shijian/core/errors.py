"""Domain errors: one exception type with a stable code and zh/en messages.

Services raise ``DomainError``; the API turns it into the one error schema
``{"code", "message_zh", "message_en", "field"}`` and pages show the message
in the user's language.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule was broken. ``code`` is stable (for clients); messages are for people."""

    status_code: int = 400

    def __init__(
        self,
        code: str,
        message_zh: str,
        message_en: str,
        *,
        field: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        self.field = field
        self.details = details or {}

    def as_dict(self) -> dict[str, Any]:
        """The error in the API error schema."""
        payload: dict[str, Any] = {
            "code": self.code,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "field": self.field,
        }
        if self.details:
            payload["details"] = self.details
        return payload


class NotFound(DomainError):
    """Missing, or outside the actor's jurisdiction: the two are indistinguishable on purpose."""

    status_code = 404

    def __init__(self, what: str = "object") -> None:
        super().__init__("not_found", "未找到该记录", f"{what} not found")


class PermissionDenied(DomainError):
    """The actor may see the object but not perform this action on it."""

    status_code = 403

    def __init__(self, action: str) -> None:
        super().__init__(
            "permission_denied",
            "您没有执行此操作的权限",
            f"you may not perform '{action}'",
            details={"action": action},
        )


class ValidationFailed(DomainError):
    """An input value is wrong; ``field`` names it."""

    status_code = 422

    def __init__(self, field: str, message_zh: str, message_en: str, code: str = "invalid") -> None:
        super().__init__(code, message_zh, message_en, field=field)


class Conflict(DomainError):
    """The action does not fit the record's current state."""

    status_code = 409


def required_text(value: str, field: str, zh: str, en: str, *, limit: int = 5000) -> str:
    """The stripped text; ``ValidationFailed`` on ``field`` when it is empty or longer than ``limit``.

    ``zh``/``en`` name what is asked for (e.g. 异议理由 / the reason).
    """
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(field, f"请填写{zh}", f"{en} is required")
    if len(text) > limit:
        raise ValidationFailed(field, f"{zh}过长（最多{limit}字）", f"{en} is too long ({limit} at most)")
    return text
