#!/usr/bin/env bash
# Make sure a Chromium for the browser tests exists at /usr/bin/chromium, with fonts for every
# script the site is written in (Noto: Latin, Cyrillic, CJK, Hangul, Thai, Khmer, Myanmar,
# Devanagari), so that screenshots and layout checks see real glyphs, not boxes.
# Playwright's own browser download is not reachable here, so Debian's package is the default;
# `playwright install chromium` is only the fallback for machines without apt.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
FONTS=(fonts-noto-core fonts-noto-cjk)

missing_fonts() {
  command -v fc-list >/dev/null || return 0
  local installed
  installed=$(fc-list)  # read once: `fc-list | grep -q` would fail on SIGPIPE under pipefail
  for script in Khmer Myanmar Thai Devanagari "CJK KR"; do
    grep -qi "Noto Sans $script" <<<"$installed" || return 0
  done
  return 1
}

need=()
[[ -x "$CHROMIUM" ]] || need+=(chromium)
if missing_fonts; then need+=("${FONTS[@]}"); fi
[[ ${#need[@]} -eq 0 ]] && exit 0

if command -v apt-get >/dev/null; then
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  echo "installing ${need[*]} for the browser tests…" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${need[@]}" >/dev/null
elif [[ ! -x "$CHROMIUM" ]]; then
  echo "apt-get not available: trying playwright install chromium" >&2
  "${PLAYWRIGHT:-.venv/bin/playwright}" install chromium
fi
