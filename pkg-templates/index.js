// tumar for browsers (ES modules, with or without a bundler). Node uses node.js instead.

import init from './wasm/tumar.js';
import { createGuardWith } from './core.js';

/** @type {Promise<unknown> | undefined} */
let loading;

/**
 * Loads the WebAssembly module once, however many guards are created.
 * @param {import('./index.js').WasmInput} [wasm] default: `wasm/tumar_bg.wasm` next to this file
 */
function load(wasm) {
  loading ??= init(wasm === undefined ? undefined : { module_or_path: wasm }).catch((error) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/**
 * Creates a guard: loads the WebAssembly module (once) and compiles the rules.
 * @param {import('./index.js').GuardOptions} [options]
 * @returns {Promise<import('./index.js').Guard>}
 */
export function createGuard(options = {}) {
  return createGuardWith(options, () => load(options.wasm));
}
