#!/usr/bin/env bash
# System packages the tests need from Debian: Chromium for the browser tests
# (driven through Playwright, never a downloaded browser) and the Noto CJK
# fonts for PDF documents, with HarfBuzz's subsetter (without it WeasyPrint
# embeds whole CJK fonts: about 27 s and megabytes per PDF instead of 0.3 s).
# Installs only what is missing.
set -euo pipefail
need=()
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
    need+=(chromium)
fi
if ! fc-list :lang=zh family 2>/dev/null | grep -q .; then
    need+=(fonts-noto-cjk)
fi
if ! ldconfig -p 2>/dev/null | grep -q libpango-1.0; then
    need+=(libpango-1.0-0 libpangoft2-1.0-0)
fi
if ! ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset; then
    need+=(libharfbuzz-subset0)
fi
[ ${#need[@]} -eq 0 ] && exit 0
echo "ensure-system-packages: installing ${need[*]}" >&2
SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}"
