#!/usr/bin/env bash
# Run every benchmark in bench/; each prints one `BENCH name=... ratio=...` line.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/${VENV:-.venv}/bin:$PATH"
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.test}
for b in bench/*.py; do
    case "$(basename "$b")" in __init__.py|_*) continue ;; esac
    python "$b"
done
