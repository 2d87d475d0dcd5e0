#!/usr/bin/env bash
# Builds the npm package into pkg/: the WebAssembly module (cargo for wasm32, wasm-bindgen for
# the web target, wasm-opt -Oz from the npm package binaryen) plus the hand-written files of
# pkg-templates/. One module serves browsers and Node (node.js loads it with initSync).
set -euo pipefail
cd "$(dirname "$0")/.."

# The built-in rules go in as a bundle compiled by the native CLI (same normalizer code): it
# loads without parsing TOML or normalizing phrases, and leaves the rule tests out.
cargo build --release --bin tumar
bundle="$PWD/target/builtin-rules.bundle"
target/release/tumar compile rules -o "$bundle"
TUMAR_BUILTIN_BUNDLE="$bundle" \
  cargo build --lib --release --target wasm32-unknown-unknown --no-default-features --features wasm

bindgen=target/wasm-bindgen
rm -rf "$bindgen"
# --experimental-reset-state-function: core.js restarts the module with fresh memory after a trap.
wasm-bindgen --target web --no-typescript --experimental-reset-state-function --out-dir "$bindgen" --out-name tumar \
  target/wasm32-unknown-unknown/release/tumar.wasm

# Assembled aside and moved into place at the end, so pkg/ only ever holds a whole package.
stage=target/pkg-stage
rm -rf "$stage"
mkdir -p "$stage/wasm"
# wasm-opt is the slow step: its output is kept and reused while its input is unchanged.
opt=target/wasm-opt
input_sum=$(sha256sum "$bindgen/tumar_bg.wasm" | cut -d' ' -f1)
if [ "$(cat "$opt/input.sha256" 2>/dev/null)" != "$input_sum" ]; then
  mkdir -p "$opt"
  tests/js/node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
    "$bindgen/tumar_bg.wasm" -o "$opt/tumar_bg.wasm"
  echo "$input_sum" > "$opt/input.sha256"
fi
cp "$opt/tumar_bg.wasm" "$stage/wasm/"
cp "$bindgen/tumar.js" "$stage/wasm/"
cp -R pkg-templates/. "$stage/"

# The package version is the crate's (Cargo.toml is the one place it is written).
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
node -e '
  const fs = require("fs");
  const path = process.argv[2] + "/package.json";
  const manifest = JSON.parse(fs.readFileSync(path, "utf8"));
  manifest.version = process.argv[1];
  fs.writeFileSync(path, JSON.stringify(manifest, null, 2) + "\n");
' "$version" "$stage"
rm -rf pkg
mv "$stage" pkg
echo "built pkg/ (tumar $version)"
