#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (a test tool's own browser download
# cannot work offline). Install it once if it is missing.
set -euo pipefail
browser=${CHROMIUM_PATH:-/usr/bin/chromium}
[ -x "$browser" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests ..."
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
else
  echo "The browser tests need Chromium at $browser: sudo apt-get install chromium" >&2
  exit 1
fi
