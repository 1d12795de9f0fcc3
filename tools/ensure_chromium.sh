#!/usr/bin/env bash
# Make sure a Chromium for the browser tests exists at /usr/bin/chromium.
# Playwright's own browser download is not reachable here, so Debian's package is the default;
# `playwright install chromium` is only the fallback for machines without apt.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
[[ -x "$CHROMIUM" ]] && exit 0

if command -v apt-get >/dev/null; then
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  echo "installing Debian's chromium for the browser tests…" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
else
  echo "apt-get not available: trying playwright install chromium" >&2
  "${PLAYWRIGHT:-.venv/bin/playwright}" install chromium
fi
