#!/usr/bin/env bash
# Installs the JS dev-dependencies (playwright-core, binaryen's wasm-opt, esbuild, vite, typescript,
# converse.js and @xmpp/client for the Converse.js test,
# the benchmark peers) from tests/js/package-lock.json with `npm ci`, once per lockfile.
set -euo pipefail
cd "$(dirname "$0")/../tests/js"
stamp=node_modules/.tumar-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi
