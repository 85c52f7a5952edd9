#!/usr/bin/env bash
# The browser tests drive the system Chromium (Debian package) through
# Playwright; install it with apt when it is missing.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
    exit 0
fi
echo "ensure-browser: installing Debian's chromium for the browser tests" >&2
SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium fonts-noto-cjk
