#!/usr/bin/env bash
# Packs pkg/ exactly as npm would publish it (dist/tumar-<version>.tgz) and installs that
# tarball into tests/js by its name, so the tests import `tumar` through its `exports` map.
# --offline: a local tarball with no dependencies needs no registry.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p dist
rm -f dist/tumar-*.tgz
tarball=$(npm pack ./pkg --pack-destination dist --silent | tail -n 1)
cd tests/js
npm install --no-save --offline --no-audit --no-fund "../../dist/$tarball" >/dev/null
echo "installed dist/$tarball into tests/js/node_modules/tumar"
