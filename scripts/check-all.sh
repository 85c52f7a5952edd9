#!/usr/bin/env bash
# Every check of `make test`, in order, stopping at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
export PATH="$PWD/$VENV/bin:$PATH"
export DJANGO_SETTINGS_MODULE=config.settings.test

step() { printf '\n== %s ==\n' "$*"; }

step "ruff"
ruff check .
ruff format --check shijian config bench tests conftest.py manage.py
step "mypy"
mypy shijian config bench
step "import-linter"
lint-imports
step "migrations are up to date"
python manage.py makemigrations --check --dry-run
step "deploy checks (production settings)"
SHIJIAN_SECRET_KEY="ci-only-$(python -c 'import secrets; print(secrets.token_urlsafe(48))')" \
    SHIJIAN_ALLOWED_HOSTS=shijian.example.org \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    python manage.py check --deploy --fail-level WARNING
step "pytest"
workers=${PYTEST_WORKERS:-$(python -c 'import os; print(max(2, os.cpu_count() or 2))')}
pytest -n "$workers" --dist loadfile "$@"
