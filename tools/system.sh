#!/usr/bin/env bash
# Debian's libraries that WeasyPrint needs for the PDFs (minutes, name badges): pango,
# harfbuzz and a font. Installed once when missing and run as root; otherwise a hint.
set -euo pipefail
if ldconfig -p | grep -q libpangoft2-1.0 && ldconfig -p | grep -q libharfbuzz-subset \
    && [ -d /usr/share/fonts/truetype/dejavu ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing WeasyPrint's libraries from Debian's packages ..."
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core >/dev/null
else
  echo "The PDFs need pango, harfbuzz and a font:" \
    "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core" >&2
fi
