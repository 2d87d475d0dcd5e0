// tumar/worker in Chromium on a phone: the guard lives in a Web Worker and the page's main
// thread never loads the WebAssembly module; checks answer with promises; showNudge shows the
// worker's nudge content in the guard's locale and country; watch() holds a send while the
// worker checks it, sends ordinary messages once, and holds flagged ones for the nudge;
// loadRules errors come back coded and the old rules keep working.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { GROOMING, SHARES_PHONE } from '../fixtures/messages.js';
import { BAD_KEY_RULE, SECRET_RULE } from '../fixtures/rules.js';
import { VIEWPORTS, cspViolations, openBrowser, readyPage } from './harness.js';

let session;
/** @type {import('playwright-core').Page} */
let page;
let log;

before(async () => {
  session = await openBrowser();
  ({ page, log } = await readyPage(session, 'test/load-worker.html?locale=ru&country=KZ', { viewport: VIEWPORTS.phone, touch: true }));
});
after(() => session?.close());

test('the main thread never loads the module or its glue: the worker does', async () => {
  const loaded = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((entry) => ({ path: new URL(entry.name).pathname, at: entry.startTime })),
  );
  // The page's static imports are all fetched before its script runs and starts the worker;
  // the worker's own imports come after, on the page's timeline too.
  const workerStart = loaded.find(({ path }) => path === '/tumar/worker-script.js')?.at;
  assert.ok(workerStart !== undefined, 'the worker started');
  const loadedHere = loaded.filter(({ at }) => at < workerStart).map(({ path }) => path);
  assert.ok(loadedHere.includes('/tumar/worker.js') && loadedHere.includes('/tumar/ui/nudge.js'), String(loadedHere));
  for (const wasmSide of ['/tumar/wasm/tumar.js', '/tumar/core.js', '/tumar/content.js']) {
    assert.ok(!loadedHere.includes(wasmSide), `the main thread loaded ${wasmSide}: ${loadedHere}`);
  }
  assert.ok(!loaded.some(({ path }) => path.endsWith('.wasm')), 'the module is fetched by the worker alone');
  assert.ok(log.requests.some((url) => url.endsWith('/tumar/wasm/tumar_bg.wasm')), 'the worker fetched it');
});

test('check() answers with a promise; showNudge shows the worker-made nudge in the guard locale', { timeout: 60_000 }, async () => {
  const verdict = await page.evaluate(async (text) => {
    const w = /** @type {any} */ (window);
    const pending = w.tumar.guard.check(text);
    w.isPromise = pending instanceof Promise;
    w.verdict = await pending;
    w.shown = w.tumar.showNudge(w.verdict);
    return w.verdict;
  }, GROOMING.ru);
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).isPromise), true);
  assert.equal(verdict.action, 'nudge');
  await page.waitForSelector('dialog.tumar-nudge[open]');
  assert.equal(await page.getAttribute('dialog.tumar-nudge', 'lang'), 'ru');
  await page.tap('dialog [data-choice="keep_reading"]');
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).shown), 'keep_reading');
  const none = await page.evaluate(async () => {
    const w = /** @type {any} */ (window);
    return w.tumar.showNudge(await w.tumar.guard.check('увидимся на тренировке'));
  });
  assert.equal(none, null, 'an ordinary message shows nothing');
});

test('watch() with the worker guard: ordinary sends go once, flagged ones wait for the child', { timeout: 60_000 }, async () => {
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.sent = [];
    const field = /** @type {HTMLTextAreaElement} */ (document.getElementById('field'));
    field.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        w.sent.push(field.value);
        field.value = '';
      }
    });
    w.watcher = w.tumar.watch(document, w.tumar.guard);
  });
  await page.tap('#field');
  await page.keyboard.type('ok, see you');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /** @type {any} */ (window).sent.length === 1);
  await page.keyboard.type(SHARES_PHONE);
  await page.keyboard.press('Enter');
  await page.waitForSelector('dialog.tumar-nudge[open][data-direction="outgoing"]');
  assert.deepEqual(await page.evaluate(() => /** @type {any} */ (window).sent), ['ok, see you']);
  await page.tap('dialog [data-choice="send_anyway"]');
  await page.waitForFunction(() => /** @type {any} */ (window).sent.length === 2);
  assert.deepEqual(await page.evaluate(() => /** @type {any} */ (window).sent), ['ok, see you', SHARES_PHONE]);
});

test('loadRules([]) rejects with E128 and the old rules keep working', async () => {
  const outcome = await page.evaluate(async (text) => {
    const w = /** @type {any} */ (window);
    const error = await w.tumar.guard.loadRules([]).then(() => null, (/** @type {any} */ e) => ({ name: e.name, code: e.code }));
    return { error, action: (await w.tumar.guard.check(text)).action };
  }, GROOMING.en);
  assert.deepEqual(outcome, { error: { name: 'RulesError', code: 'E128' }, action: 'nudge' });
});

test('loadRules with rule files compiles in the worker: located errors, then the new rules', { timeout: 60_000 }, async () => {
  const outcome = await page.evaluate(
    async ({ good, bad, text }) => {
      const guard = /** @type {any} */ (window).tumar.guard;
      const error = await guard.loadRules([good, bad]).then(
        () => null,
        (/** @type {any} */ e) => ({ name: e.name, code: e.code, file: e.file, line: e.line, column: e.column }),
      );
      const kept = (await guard.check(text)).action;
      await guard.loadRules([good]);
      const own = (await guard.check('this is our little secret')).hits.map((/** @type {any} */ hit) => hit.rule);
      await guard.loadRules();
      return { error, kept, own, back: (await guard.check(text)).action };
    },
    { good: SECRET_RULE, bad: BAD_KEY_RULE, text: GROOMING.en },
  );
  assert.deepEqual(outcome, {
    error: { name: 'RulesError', code: 'E104', file: BAD_KEY_RULE.name, line: 10, column: 1 },
    kept: 'nudge',
    own: ['fixture-grooming-secret'],
    back: 'nudge',
  });
  assert.ok(log.requests.some((url) => url.endsWith('/tumar/wasm/tumar_compiler_bg.wasm')), 'the worker fetched the compiler');
});

test('a worker the page started itself can host the guard; free() leaves it running', { timeout: 60_000 }, async () => {
  const outcome = await page.evaluate(async (text) => {
    const w = /** @type {any} */ (window);
    const worker = new Worker('/tumar/worker-script.js', { type: 'module' });
    const guard = await w.tumar.createWorkerGuard({ worker, locale: 'en', country: 'GB' });
    const action = (await guard.check(text)).action;
    await guard.free();
    const afterFree = await guard.check(text).then(() => 'checked', (/** @type {Error} */ e) => e.message);
    // Still alive: a request it does not know gets an answer.
    const alive = await new Promise((resolve) => {
      worker.addEventListener('message', (event) => resolve(event.data.ok === false), { once: true });
      worker.postMessage({ id: 0, op: 'nothing' });
    });
    worker.terminate();
    return { action, afterFree, alive };
  }, GROOMING.en);
  assert.deepEqual(outcome, { action: 'nudge', afterFree: 'tumar: this guard was freed', alive: true });
});

test('no error, no CSP violation, and nothing but the package files requested', async () => {
  assert.deepEqual(log.errors, []);
  assert.deepEqual(await cspViolations(page), []);
  assert.ok(log.requests.every((url) => url.startsWith(session.url)), String(log.requests));
});
