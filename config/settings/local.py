"""Local/demo settings: embedded SQLite by default, debug on, a per-checkout secret key."""

import os
import secrets

from .base import *

DEBUG = env_bool("SHIJIAN_DEBUG", True)
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _local_secret_key() -> str:
    """A random key kept in var/ so that sessions survive restarts; never committed."""
    env_key = os.environ.get("SHIJIAN_SECRET_KEY")
    if env_key:
        return env_key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _local_secret_key()
# Demo logins use short, memorable passwords; real deployments keep the validators.
AUTH_PASSWORD_VALIDATORS = []
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
