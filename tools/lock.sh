#!/usr/bin/env bash
# Re-pin requirements/*.txt from requirements/*.in (needs pip-tools in the venv).
set -euo pipefail
cd "$(dirname "$0")/../requirements"
../.venv/bin/pip install -q pip-tools
../.venv/bin/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links --no-emit-trusted-host -o base.txt base.in
../.venv/bin/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links --no-emit-trusted-host -o dev.txt dev.in
