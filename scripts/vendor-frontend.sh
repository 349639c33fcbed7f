#!/usr/bin/env bash
# Copy the pinned third-party front-end files (package.json, package-lock.json) into the repo:
#   static/vendor/leaflet/         leaflet.js, leaflet.css, LICENSE (served to visitors)
#   tests/browser/vendor/axe-core/ axe.min.js and its licences (injected by browser tests)
#   static/data/world-land.geojson and static/img/world.svg, rebuilt from world-atlas
# `npm ci` runs in a temporary directory, so node_modules never lands in the repository.
# Needs node/npm and the npm registry; the site itself never does.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp package.json package-lock.json "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
modules="$work/node_modules"

install -d static/vendor/leaflet tests/browser/vendor/axe-core static/data
# Only what the site uses. Circle markers need none of Leaflet's PNGs, so the CSS lines that
# point at them go, and so does the source map comment: collectstatic's manifest storage
# refuses references to files that are not there.
grep -v '^//# sourceMappingURL=' "$modules/leaflet/dist/leaflet.js" >static/vendor/leaflet/leaflet.js
grep -v 'url(images/' "$modules/leaflet/dist/leaflet.css" >static/vendor/leaflet/leaflet.css
install -m 644 "$modules/leaflet/LICENSE" static/vendor/leaflet/LICENSE
install -m 644 "$modules/axe-core/axe.min.js" "$modules/axe-core/LICENSE" \
  "$modules/axe-core/LICENSE-3RD-PARTY.txt" tests/browser/vendor/axe-core/

python=.venv/bin/python
[ -x "$python" ] || python=python3
"$python" scripts/build_world_map.py "$modules/world-atlas/land-110m.json" static/img/world.svg \
  --geojson static/data/world-land.geojson

ls -l static/vendor/leaflet tests/browser/vendor/axe-core static/data
