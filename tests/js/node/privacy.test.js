// Privacy, proven on the built package: no network or storage API in any shipped file, none
// among the WebAssembly module's imports, and no message text in anything the package emits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGuard } from 'tumar';
import { BAD_KEY_RULE } from '../fixtures/rules.js';
import { GROOMING, SHARES_PHONE } from '../fixtures/messages.js';
import { nonIdentifiers } from '../fixtures/verdicts.js';

const installed = fileURLToPath(new URL('../node_modules/tumar/', import.meta.url));
/** The wasm-bindgen glue of the runtime and the compiler module. */
const GLUES = ['wasm/tumar.js', 'wasm/tumar_compiler.js'];

/** Network and storage APIs that no shipped file may name. */
const FORBIDDEN = [
  /\bXMLHttpRequest\b/,
  /\bWebSocket\b/,
  /\bsendBeacon\b/,
  /\bEventSource\b/,
  /\bWebTransport\b/,
  /\bRTCPeerConnection\b/,
  /\blocalStorage\b/,
  /\bsessionStorage\b/,
  /\bindexedDB\b/,
  /\bcookie\b/i,
  /\bcaches\b/,
  /\bserviceWorker\b/,
  /\bimportScripts\b/,
  /\bpostMessage\b/,
  /\bnavigator\b/,
  /['"`]https?:\/\/[^'"`]/,
];

const scripts = readdirSync(installed, { recursive: true }).filter((file) => /\.(js|d\.ts)$/.test(file));

/** The worker entry and its script talk to each other, and only to each other. */
const WORKER_FILES = { 'worker.js': /\bworker\.postMessage\(/g, 'worker-script.js': /\bself\.postMessage\(/g };

test('no shipped file names a network or storage API', () => {
  assert.ok(scripts.length >= 8, 'the scan sees the package');
  for (const file of scripts) {
    const source = readFileSync(join(installed, file), 'utf8');
    for (const pattern of FORBIDDEN) {
      const allowed = pattern.source.includes('postMessage') && file in WORKER_FILES;
      assert.ok(allowed || !pattern.test(source), `${file} names ${pattern}`);
    }
  }
});

test('postMessage appears only between the worker entry and its own worker', () => {
  for (const [file, call] of Object.entries(WORKER_FILES)) {
    const source = readFileSync(join(installed, file), 'utf8');
    const all = source.match(/\bpostMessage\b/g) ?? [];
    const own = source.match(call) ?? [];
    assert.ok(own.length > 0, `${file} posts to its peer`);
    assert.equal(all.length, own.length, `${file} posts nowhere else`);
  }
});

test('fetch appears once per module: the glue loading the .wasm from the URL the integrator gives', () => {
  for (const file of scripts) {
    const source = readFileSync(join(installed, file), 'utf8');
    const calls = source.match(/\bfetch\s*\(/g) ?? [];
    if (GLUES.includes(file)) {
      assert.equal(calls.length, 1, 'one fetch in the wasm-bindgen init');
      assert.match(source, /module_or_path\s*=\s*fetch\(module_or_path\)/);
    } else {
      assert.equal(calls.length, 0, `${file} calls fetch`);
    }
  }
});

test('the hand-written files never log', () => {
  for (const file of scripts.filter((f) => !GLUES.includes(f))) {
    assert.doesNotMatch(readFileSync(join(installed, file), 'utf8'), /\bconsole\./, file);
  }
});

test('the WebAssembly modules import only wasm-bindgen glue, nothing that reaches out', () => {
  for (const name of ['tumar', 'tumar_compiler']) {
    const module = new WebAssembly.Module(readFileSync(join(installed, `wasm/${name}_bg.wasm`)));
    const imports = WebAssembly.Module.imports(module);
    assert.ok(imports.length > 0);
    for (const { module: from, name: imported } of imports) {
      assert.equal(from, `./${name}_bg.js`, imported);
      assert.doesNotMatch(imported, /fetch|xhr|http|socket|storage|cookie|beacon|log|console/i, imported);
    }
  }
});

test('checks, nudges and errors never carry the message text, and nothing is logged or fetched', async (t) => {
  const calls = [];
  for (const name of ['log', 'info', 'warn', 'error', 'debug']) {
    t.mock.method(console, name, (...args) => calls.push(['console', name, ...args]));
  }
  t.mock.method(globalThis, 'fetch', (...args) => {
    calls.push(['fetch', ...args]);
    throw new Error('no network');
  });

  const guard = await createGuard({ locale: 'ru', country: 'KZ' });
  const marker = 'zqxmarker';
  for (const text of [...Object.values(GROOMING), SHARES_PHONE]) {
    for (const direction of ['incoming', 'outgoing']) {
      const verdict = guard.check(`${text} ${marker}`, { direction });
      assert.deepEqual(nonIdentifiers(verdict), [], 'every string in a verdict is a rule id or a vocabulary word');
      const nudge = guard.nudge(verdict);
      assert.ok(!JSON.stringify(nudge).includes(marker));
      if (verdict.nudge) {
        const other = guard.check(`${marker} ${text}`, { direction });
        assert.deepEqual(guard.nudge(other), nudge, 'the nudge depends on the verdict only, not on the text');
      }
    }
  }
  assert.throws(
    () => guard.check(`${marker}`, { direction: 'sideways' }),
    (error) => !String(error.message).includes(marker),
  );
  await assert.rejects(
    guard.loadRules([BAD_KEY_RULE]),
    (error) => !JSON.stringify({ ...error, message: error.message }).includes(marker),
  );
  guard.free();
  assert.deepEqual(calls, []);
});
