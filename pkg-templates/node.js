// tumar for Node: the same module and API as index.js, loaded synchronously from the package.

import { readFileSync } from 'node:fs';
import { initSync } from './wasm/tumar.js';
import { createGuardWith } from './core.js';

let loaded = false;

/**
 * Loads the WebAssembly module once, however many guards are created.
 * @param {import('./index.js').WasmInput} [wasm] bytes or a `WebAssembly.Module`;
 *   default: the package's own `.wasm` file
 */
function load(wasm) {
  if (!loaded) {
    initSync({ module: wasm ?? readFileSync(new URL('./wasm/tumar_bg.wasm', import.meta.url)) });
    loaded = true;
  }
}

/** @type {import('./core.js').Compiler | undefined} */
let compiler;

/**
 * Loads the compiler module once, on the first rule files (never for a bundle or the built-in
 * rules).
 * @param {import('./index.js').WasmInput} [wasm] bytes or a `WebAssembly.Module`;
 *   default: the package's own compiler `.wasm` file
 * @returns {Promise<import('./core.js').Compiler>}
 */
async function loadCompiler(wasm) {
  if (!compiler) {
    const glue = await import('./wasm/tumar_compiler.js');
    glue.initSync({ module: wasm ?? readFileSync(new URL('./wasm/tumar_compiler_bg.wasm', import.meta.url)) });
    compiler = glue;
  }
  return compiler;
}

/**
 * Creates a guard: loads the WebAssembly module (once) and loads the rules.
 * @param {import('./index.js').GuardOptions} [options]
 * @returns {Promise<import('./index.js').Guard>}
 */
export function createGuard(options = {}) {
  return createGuardWith(options, () => load(options.wasm), () => loadCompiler(options.compilerWasm));
}
