#!/usr/bin/env bash
# Shared set-up for ./serve and ./run-tests: a virtual environment in .venv
# installed from the lock file. Re-installs only when the lock file changes,
# so the second run takes a second. Usage: tools/setup.sh base|dev
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-base}
lock="requirements/$which.txt"
py=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || { echo "Stödplattformen needs Python 3.11 or newer (found: $("$py" --version))." >&2; exit 1; }
  "$py" -m venv .venv
fi
stamp=".venv/.installed-$which"
want=$(sha256sum "$lock" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "Installing Python packages from $lock ..."
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$lock"
  echo "$want" > "$stamp"
fi
mkdir -p var
tools/system.sh
