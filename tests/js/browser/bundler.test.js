// The package through a bundler: esbuild bundles an app that imports `tumar` and `tumar/ui`
// for the browser, and the bundle runs in Chromium under the strict CSP.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cspViolations, openBrowser, recordedPage } from './harness.js';

const JS_DIR = fileURLToPath(new URL('..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'tumar-bundle-'));
let session;

before(async () => {
  execFileSync(
    join(JS_DIR, 'node_modules/.bin/esbuild'),
    ['fixtures/bundled-app.js', '--bundle', '--format=esm', '--platform=browser', '--minify', `--outfile=${join(out, 'app.js')}`, '--log-level=error'],
    { cwd: JS_DIR },
  );
  copyFileSync(join(JS_DIR, 'node_modules/tumar/wasm/tumar_bg.wasm'), join(out, 'tumar_bg.wasm'));
  copyFileSync(join(JS_DIR, 'node_modules/tumar/ui/nudge.css'), join(out, 'nudge.css'));
  writeFileSync(
    join(out, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bundled</title>' +
      '<link rel="icon" href="/favicon.svg"><link rel="stylesheet" href="nudge.css">' +
      '<script type="module" src="app.js"></script></head><body></body></html>',
  );
  session = await openBrowser({ '/bundle/': out });
});
after(() => session?.close());

test('a bundled app checks messages and shows the nudge under the strict CSP', { timeout: 60_000 }, async () => {
  const { page, log } = await recordedPage(session.browser);
  await page.goto(`${session.url}bundle/`);
  await page.waitForSelector('dialog.tumar-nudge[open]');
  assert.equal(await page.getAttribute('body', 'data-action'), 'nudge');
  await page.keyboard.press('Escape');
  await page.waitForSelector('body[data-choice="dismiss"]', { state: 'attached' });
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(
    log.requests.map((url) => url.slice(session.url.length)).sort(),
    ['bundle/', 'bundle/app.js', 'bundle/nudge.css', 'bundle/tumar_bg.wasm', 'favicon.svg'],
  );
});
