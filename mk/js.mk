# The npm package (pkg/), the demo messenger and the JS tests. Included by the top Makefile.
# Sources: src/wasm (the wasm-bindgen layer), pkg-templates/ (the package's JS, types, CSS),
# examples/messenger/, tests/js/ (tests, benchmark, and the dev-dependencies' lockfile).

JS_DIR := tests/js
PORT ?= 8000
PKG_INPUTS := $(shell find src rules pkg-templates -type f) Cargo.toml Cargo.lock build.rs scripts/build-pkg.sh

.PHONY: js-tools pkg pack test-js demo bench-js

## Installs what the package build needs, each step skipped when done: the wasm32 target,
## wasm-bindgen-cli at the version in Cargo.lock, and tests/js's npm dev-dependencies.
js-tools:
	scripts/install-wasm-tools.sh
	scripts/install-js-deps.sh

## The npm package in pkg/ (rebuilt only when a Rust, rule or template file changed).
pkg: pkg/package.json

pkg/package.json: $(PKG_INPUTS) | js-tools
	scripts/build-pkg.sh

## Packs pkg/ and installs the tarball into tests/js, as an integrator would get it.
pack: pkg
	scripts/install-packed.sh

## Node tests (the packed package by its name) and browser tests (Debian's Chromium; the
## Converse.js test also starts Debian's Prosody on 127.0.0.1).
test-js: pack cli
	scripts/install-chromium.sh
	scripts/install-prosody.sh
	cd $(JS_DIR) && node --test node/*.test.js browser/*.test.js

## Builds the package and serves the demo messenger on 127.0.0.1 (PORT=0 picks a free port).
demo: pkg
	node scripts/serve.mjs --port $(PORT)

## Package size and per-check time in Node, next to the npm peers obscenity and leo-profanity;
## page load in Chromium with the guard on the main thread and in a Web Worker.
bench-js: pack
	cd $(JS_DIR) && node bench/bench.js
	scripts/install-chromium.sh
	cd $(JS_DIR) && node bench/load.js
