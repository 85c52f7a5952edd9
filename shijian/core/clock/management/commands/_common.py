"""Helpers shared by the clock engine's management commands."""

from __future__ import annotations

from django.core.management.base import CommandError

from shijian.core.errors import DomainError


def command_error(exc: DomainError, returncode: int = 1) -> CommandError:
    """A ``CommandError`` carrying a domain error's Chinese and English messages."""
    return CommandError(f"{exc.message_zh}\n{exc.message_en}", returncode=returncode)
