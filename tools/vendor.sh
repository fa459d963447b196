#!/usr/bin/env bash
# Copy the pinned front-end assets from node_modules into static/vendor/.
# Only needed when a version in package.json changes; static/vendor/ is committed,
# so neither CI nor a user needs npm.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --ignore-scripts --no-audit --no-fund
dest=static/vendor/bootstrap
rm -rf "$dest" && mkdir -p "$dest"
for f in css/bootstrap.min.css css/bootstrap.min.css.map js/bootstrap.bundle.min.js js/bootstrap.bundle.min.js.map; do
  cp "node_modules/bootstrap/dist/$f" "$dest/"
done
cp node_modules/bootstrap/LICENSE "$dest/LICENSE"
version=$(node -p "require('./node_modules/bootstrap/package.json').version")
printf 'Bootstrap %s (MIT), copied by tools/vendor.sh\n' "$version" > "$dest/VERSION"
