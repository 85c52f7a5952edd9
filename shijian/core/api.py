"""Shared API pieces: the one error schema and helpers for routers."""

from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    """The one error schema of the API: a stable code, messages in Chinese and English, the field."""

    code: str
    message_zh: str
    message_en: str
    field: str | None = None


ERROR_RESPONSES: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
