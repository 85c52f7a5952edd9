"""Test settings: PostgreSQL from DATABASE_URL (the suite never runs on SQLite)."""

import os
import secrets

import dj_database_url

from .base import *

if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    # mypy/import-linter import these settings without a database; tests do not.
    DATABASES["default"] = dj_database_url.parse("postgres://shijian@/shijian")

SECRET_KEY = os.environ.get("SHIJIAN_SECRET_KEY") or secrets.token_urlsafe(50)
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
DATABASES["default"]["CONN_MAX_AGE"] = 0
AXES_ENABLED = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests serve static files from the apps' folders; nothing is collected.
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True
