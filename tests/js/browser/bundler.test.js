// The package through bundlers, wired only as the package README shows: esbuild (the `.wasm`
// imported with `--loader:.wasm=file`) and Vite (imported with `?url`) build an app that
// imports `tumar`, `tumar/ui` and the CSS; the output runs in Chromium under the strict CSP,
// loads the module from the bundler's own asset and shows the nudge, then loads a rule file
// (the compiler module, from its own asset, only then).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cspViolations, openBrowser, recordedPage } from './harness.js';

const JS_DIR = fileURLToPath(new URL('..', import.meta.url));
const esbuildOut = mkdtempSync(join(tmpdir(), 'tumar-esbuild-'));
const viteOut = mkdtempSync(join(tmpdir(), 'tumar-vite-'));
let session;

before(async () => {
  execFileSync(
    join(JS_DIR, 'node_modules/.bin/esbuild'),
    ['fixtures/bundled-app.js', '--bundle', '--format=esm', '--platform=browser', '--minify', '--loader:.wasm=file', `--outdir=${esbuildOut}`, '--log-level=error'],
    { cwd: JS_DIR },
  );
  writeFileSync(
    join(esbuildOut, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bundled</title>' +
      '<link rel="icon" href="/favicon.svg"><link rel="stylesheet" href="bundled-app.css">' +
      '<script type="module" src="bundled-app.js"></script></head><body></body></html>',
  );
  execFileSync(join(JS_DIR, 'node_modules/.bin/vite'), ['build', 'fixtures/vite-app', '--outDir', viteOut, '--emptyOutDir', '--base', '/vite/', '--logLevel', 'error'], {
    cwd: JS_DIR,
    stdio: 'pipe',
  });
  session = await openBrowser({ '/esbuild/': esbuildOut, '/vite/': viteOut });
});
after(() => session?.close());

/**
 * Opens a built app and checks that it nudges with nothing but its own files.
 * @param {string} prefix where the build is served
 * @returns {Promise<string[]>} the requested paths
 */
async function runBuilt(prefix) {
  const { page, log } = await recordedPage(session.browser);
  await page.goto(`${session.url}${prefix}`);
  await page.waitForSelector('dialog.tumar-nudge[open]');
  assert.equal(await page.getAttribute('body', 'data-action'), 'nudge');
  // The package's stylesheet came through the bundler.
  assert.equal(await page.$eval('dialog.tumar-nudge', (d) => getComputedStyle(d).borderTopLeftRadius), '18px');
  const beforeRules = log.requests.filter((url) => url.includes('compiler'));
  assert.deepEqual(beforeRules, [], 'the compiler module is not fetched before the app loads rule files');
  await page.keyboard.press('Escape');
  await page.waitForSelector('body[data-choice="dismiss"]', { state: 'attached' });
  await page.waitForSelector('body[data-own="fixture-grooming-secret"]', { state: 'attached' });
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(log.errors, []);
  await page.close();
  return log.requests.map((url) => url.slice(session.url.length)).sort();
}

test('esbuild: the .wasm imported as a file loads, and the app nudges under the strict CSP', { timeout: 60_000 }, async () => {
  const wasm = readdirSync(esbuildOut).filter((file) => file.endsWith('.wasm')).sort();
  assert.equal(wasm.length, 2, String(wasm));
  assert.match(wasm[0], /^tumar_bg-[A-Z0-9]+\.wasm$/, 'esbuild emitted the module as a hashed asset');
  assert.match(wasm[1], /^tumar_compiler_bg-[A-Z0-9]+\.wasm$/, 'and the compiler module');
  assert.deepEqual(await runBuilt('esbuild/'), ['esbuild/', 'esbuild/bundled-app.css', 'esbuild/bundled-app.js', ...wasm.map((file) => `esbuild/${file}`), 'favicon.svg']);
});

test('Vite: the .wasm imported with ?url loads, and the app nudges under the strict CSP', { timeout: 60_000 }, async () => {
  const assets = readdirSync(join(viteOut, 'assets'));
  const wasm = assets.filter((file) => file.endsWith('.wasm'));
  assert.equal(wasm.length, 2, `Vite emitted the runtime and the compiler module: ${assets}`);
  const requested = await runBuilt('vite/');
  for (const file of wasm) {
    assert.ok(requested.includes(`vite/assets/${file}`), String(requested));
  }
  assert.ok(requested.every((path) => path === 'vite/' || path === 'favicon.svg' || path.startsWith('vite/assets/')), String(requested));
});
