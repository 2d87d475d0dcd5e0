// The installed package as npm delivers it: its files, its `exports` map and its manifest.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const installed = fileURLToPath(new URL('../node_modules/tumar/', import.meta.url));
const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));

test('the installed package holds exactly the published files', () => {
  assert.deepEqual(listFiles(installed), [
    'README.md',
    'content.js',
    'converse.d.ts',
    'converse.js',
    'core.js',
    'index.d.ts',
    'index.js',
    'node.js',
    'nudges.js',
    'package.json',
    'ui/attach.js',
    'ui/dialog.js',
    'ui/focus.js',
    'ui/index.d.ts',
    'ui/index.js',
    'ui/nudge.css',
    'ui/nudge.js',
    'ui/watch.js',
    'wasm.d.ts',
    'wasm/tumar.js',
    'wasm/tumar_bg.wasm',
    'wasm/tumar_compiler.js',
    'wasm/tumar_compiler_bg.wasm',
    'worker-script.js',
    'worker.d.ts',
    'worker.js',
  ]);
});

test('the manifest: ES module, version of the crate, CSS as the only side effect', () => {
  const cargo = readFileSync(join(REPO, 'Cargo.toml'), 'utf8');
  assert.equal(manifest.name, 'tumar');
  assert.equal(manifest.version, /^version = "(.+)"$/m.exec(cargo)?.[1]);
  assert.equal(manifest.type, 'module');
  assert.deepEqual(manifest.sideEffects, ['./ui/nudge.css']);
  assert.equal(manifest.dependencies, undefined, 'no runtime dependencies');
  for (const [path, target] of Object.entries(manifest.exports)) {
    if (typeof target === 'object') {
      assert.equal(Object.keys(target)[0], 'types', `${path}: "types" comes first`);
      assert.ok(statSync(join(installed, target.types)).isFile(), `${path} types exist`);
    }
  }
});

test('Node resolves tumar to the Node entry and tumar/ui to the UI', () => {
  assert.match(import.meta.resolve('tumar'), /\/node_modules\/tumar\/node\.js$/);
  assert.match(import.meta.resolve('tumar/ui'), /\/node_modules\/tumar\/ui\/index\.js$/);
  assert.match(import.meta.resolve('tumar/ui/nudge.css'), /\/ui\/nudge\.css$/);
  assert.match(import.meta.resolve('tumar/tumar_bg.wasm'), /\/wasm\/tumar_bg\.wasm$/);
  assert.match(import.meta.resolve('tumar/tumar_compiler_bg.wasm'), /\/wasm\/tumar_compiler_bg\.wasm$/);
  assert.match(import.meta.resolve('tumar/converse'), /\/node_modules\/tumar\/converse\.js$/);
  assert.match(import.meta.resolve('tumar/worker'), /\/node_modules\/tumar\/worker\.js$/);
  assert.match(import.meta.resolve('tumar/worker-script'), /\/node_modules\/tumar\/worker-script\.js$/);
});

test('internal files are not importable', async () => {
  for (const path of ['tumar/core.js', 'tumar/content.js', 'tumar/wasm/tumar.js', 'tumar/ui/dialog.js']) {
    await assert.rejects(import(path), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' }, path);
  }
});

test('the browser condition resolves tumar to the browser entry', () => {
  const esbuild = fileURLToPath(new URL('../node_modules/.bin/esbuild', import.meta.url));
  const out = execFileSync(esbuild, ['--bundle', '--format=esm', '--platform=browser', '--log-level=error', 'fixtures/browser-entry.js'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
  });
  assert.match(out, /node_modules\/tumar\/index\.js/);
  assert.doesNotMatch(out, /node_modules\/tumar\/node\.js/);
  assert.doesNotMatch(out, /node:fs/);
});

test('the types check in a strict TypeScript consumer', () => {
  const tsc = fileURLToPath(new URL('../node_modules/.bin/tsc', import.meta.url));
  execFileSync(tsc, ['-p', 'fixtures/tsconfig.json'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'pipe' });
});

/** Every file under `dir`, relative, sorted. */
function listFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map((entry) => join(dir, entry))
    .filter((path) => statSync(path).isFile())
    .map((path) => relative(dir, path))
    .sort();
}
