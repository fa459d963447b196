#!/usr/bin/env bash
# Re-pin requirements/*.txt from requirements/*.in, with hashes (needs pip-tools in the venv).
# dev.txt keeps base.txt's versions: base's pins (without extras and hashes, which a
# constraints file may not carry) constrain it.
set -euo pipefail
cd "$(dirname "$0")/../requirements"
../.venv/bin/pip install -q pip-tools
compile=(../.venv/bin/pip-compile -q --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links
  --no-emit-trusted-host)
"${compile[@]}" -o base.txt base.in
pins=base-pins.txt
trap 'rm -f "$pins"' EXIT
grep -E '^[A-Za-z0-9]' base.txt | sed -E 's/\[[^]]*\]//; s/ *\\$//' > "$pins"
"${compile[@]}" -c "$pins" -o dev.txt dev.in
