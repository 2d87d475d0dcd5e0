// Rule files in Chromium on the main thread, under the strict CSP: a page with the built-in
// rules never fetches the compiler module; the first rule files fetch it (once), a broken one
// rejects with a located RulesError and the old rules keep working.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { GROOMING } from '../fixtures/messages.js';
import { BAD_KEY_RULE, SECRET_RULE } from '../fixtures/rules.js';
import { cspViolations, openBrowser, readyPage } from './harness.js';

let session;
/** @type {import('playwright-core').Page} */
let page;
let log;

before(async () => {
  session = await openBrowser();
  ({ page, log } = await readyPage(session, 'test/load-main.html'));
});
after(() => session?.close());

const compilerRequests = () => log.requests.filter((url) => url.includes('tumar_compiler'));

test('the built-in rules check and nudge without the compiler module', async () => {
  const action = await page.evaluate((text) => /** @type {any} */ (window).tumar.guard.check(text).action, GROOMING.en);
  assert.equal(action, 'nudge');
  assert.deepEqual(compilerRequests(), []);
});

test('rule files load the compiler once; a broken one is located and the old rules keep working', { timeout: 60_000 }, async () => {
  const outcome = await page.evaluate(
    async ({ good, bad, text }) => {
      const guard = /** @type {any} */ (window).tumar.guard;
      const error = await guard.loadRules([good, bad]).then(
        () => null,
        (/** @type {any} */ e) => ({ name: e.name, code: e.code, file: e.file, line: e.line, column: e.column, ruleId: e.ruleId }),
      );
      const kept = guard.check(text).action;
      await guard.loadRules([good]);
      return { error, kept, own: guard.check('this is our little secret').hits.map((/** @type {any} */ hit) => hit.rule) };
    },
    { good: SECRET_RULE, bad: BAD_KEY_RULE, text: GROOMING.en },
  );
  assert.deepEqual(outcome, {
    error: { name: 'RulesError', code: 'E104', file: BAD_KEY_RULE.name, line: 10, column: 1, ruleId: 'fixture-bad-key' },
    kept: 'nudge',
    own: ['fixture-grooming-secret'],
  });
  const fetched = compilerRequests().map((url) => new URL(url).pathname);
  assert.deepEqual(fetched.sort(), ['/tumar/wasm/tumar_compiler.js', '/tumar/wasm/tumar_compiler_bg.wasm']);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(await cspViolations(page), []);
});
