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

/** @type {Promise<import('./core.js').Compiler> | undefined} */
let compiling;

/**
 * Loads the compiler module once, on the first rule files (never for a bundle or the built-in
 * rules): its JS glue, then its `.wasm`.
 * @param {import('./index.js').WasmInput} [wasm] default: `wasm/tumar_compiler_bg.wasm` next to this file
 * @returns {Promise<import('./core.js').Compiler>}
 */
function loadCompiler(wasm) {
  compiling ??= import('./wasm/tumar_compiler.js')
    .then(async (compiler) => {
      await compiler.default(wasm === undefined ? undefined : { module_or_path: wasm });
      return compiler;
    })
    .catch((error) => {
      compiling = undefined;
      throw error;
    });
  return compiling;
}

/**
 * Creates a guard: loads the WebAssembly module (once) and loads the rules.
 * @param {import('./index.js').GuardOptions} [options]
 * @returns {Promise<import('./index.js').Guard>}
 */
export function createGuard(options = {}) {
  return createGuardWith(options, () => load(options.wasm), () => loadCompiler(options.compilerWasm));
}
