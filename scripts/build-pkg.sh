#!/usr/bin/env bash
# Builds the npm package into pkg/: two WebAssembly modules (cargo for wasm32, wasm-bindgen for
# the web target, wasm-opt -Oz from the npm package binaryen) plus the hand-written files of
# pkg-templates/. Each module serves browsers and Node (node.js loads it with initSync):
#   wasm/tumar_bg.wasm           the runtime (feature `wasm`): built-in rules and support data,
#                                bundles, scanning, nudges; no TOML parser, no regex compiler;
#   wasm/tumar_compiler_bg.wasm  the compiler (feature `wasm-compiler`): rule files to a
#                                bundle, loaded by the JS only when a page gives rule files.
set -euo pipefail
cd "$(dirname "$0")/.."

# The built-in rules go in as a bundle compiled by the native CLI (same normalizer code): it
# loads without parsing TOML or normalizing phrases, and leaves the rule tests out. The support
# directory and nudge texts go in validated, in their compact form, for the same reasons.
cargo build --release --bin tumar
bundle="$PWD/target/builtin-rules.bundle"
support="$PWD/target/builtin-support.bin"
target/release/tumar compile rules -o "$bundle" --support "$support"

bindgen=target/wasm-bindgen
rm -rf "$bindgen"
# Builds the crate for wasm32 with the features $2 and runs wasm-bindgen on it, as module $1.
# --experimental-reset-state-function: core.js restarts a module with fresh memory after a trap.
module() {
  cargo build --lib --release --target wasm32-unknown-unknown --no-default-features --features "$2"
  wasm-bindgen --target web --no-typescript --experimental-reset-state-function --out-dir "$bindgen" --out-name "$1" \
    target/wasm32-unknown-unknown/release/tumar.wasm
}
TUMAR_BUILTIN_BUNDLE="$bundle" TUMAR_BUILTIN_SUPPORT="$support" module tumar wasm
module tumar_compiler wasm-compiler

# Assembled aside and moved into place at the end, so pkg/ only ever holds a whole package.
stage=target/pkg-stage
rm -rf "$stage"
mkdir -p "$stage/wasm"
# wasm-opt is the slow step: its output is kept and reused while its input is unchanged.
opt=target/wasm-opt
mkdir -p "$opt"
# Memory packing is skipped: it splits the data (the rules bundle) at every run of zeros into
# segments whose headers break gzip's matches, so the package got larger on the wire.
# --converge repeats the passes while the module still shrinks (some code bytes fewer on the wire).
opt_flags=(-Oz --converge --strip-debug --strip-producers --skip-pass=memory-packing)
for name in tumar tumar_compiler; do
  input_sum=$({ sha256sum "$bindgen/${name}_bg.wasm"; echo "${opt_flags[*]}"; } | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$opt/$name.sha256" 2>/dev/null)" != "$input_sum" ]; then
    tests/js/node_modules/.bin/wasm-opt "${opt_flags[@]}" "$bindgen/${name}_bg.wasm" -o "$opt/${name}_bg.wasm"
    echo "$input_sum" > "$opt/$name.sha256"
  fi
  cp "$opt/${name}_bg.wasm" "$bindgen/$name.js" "$stage/wasm/"
done
cp -R pkg-templates/. "$stage/"

# The JS and CSS ship without comments and layout, names kept: stack traces name the functions
# of pkg-templates/ (the documented sources) and a debugger's pretty-print reads like them; the
# API's documentation ships in the .d.ts files. Half of the JS a page downloads was comments.
mapfile -t minified < <(find "$stage" -name '*.js' -o -name '*.css')
tests/js/node_modules/.bin/esbuild "${minified[@]}" --outdir="$stage" --outbase="$stage" --allow-overwrite \
  --minify-whitespace --minify-syntax --charset=utf8 --legal-comments=none --log-level=warning

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
