#!/usr/bin/env bash
# Installs the Rust side of the WebAssembly build: the wasm32 target and wasm-bindgen-cli at
# exactly the wasm-bindgen version locked in Cargo.lock. Every step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

# The CLI must match the library's version byte for byte, so read it from the lockfile.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [ -z "$want" ]; then
  echo "install-wasm-tools: no wasm-bindgen entry in Cargo.lock" >&2
  exit 1
fi
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
  # The crate's own lockfile is preferred; when one of its locked dependencies is not in the
  # registry this machine reaches (seen: webpki-roots), fall back to a fresh resolution.
  cargo install wasm-bindgen-cli --version "=$want" --locked ||
    cargo install wasm-bindgen-cli --version "=$want"
fi
