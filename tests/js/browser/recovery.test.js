// In Chromium, as in Node (node/recovery.test.js): a module whose memory is exhausted traps, is
// restarted on the page's main thread, and the next createGuard and loadRules work.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { GROOMING } from '../fixtures/messages.js';
import { SECRET_RULE } from '../fixtures/rules.js';
import { cspViolations, openBrowser, readyPage } from './harness.js';

let session;
before(async () => {
  session = await openBrowser();
});
after(() => session?.close());

test('after a trap in a page, the next createGuard and loadRules work', { timeout: 60_000 }, async () => {
  const { page, log } = await readyPage(session, 'test/');
  const result = await page.evaluate(
    async ({ grooming, rule }) => {
      const w = /** @type {any} */ (window);
      const before = await w.tumar.createGuard();
      // The running module's memory (the glue's initSync returns its exports once loaded),
      // grown to the most a wasm32 module can have, as a runaway allocation would leave it.
      const { initSync } = await import('/tumar/wasm/tumar.js');
      const { memory } = initSync({ module: new Uint8Array() });
      for (let step = 16384; step >= 1; step = Math.floor(step / 2)) {
        try {
          memory.grow(step);
          step *= 2;
        } catch {
          // at the limit for this step: try a smaller one
        }
      }
      const full = memory.buffer.byteLength;
      let failure;
      try {
        await w.tumar.createGuard();
      } catch (error) {
        failure = { message: error.message, trap: error.cause instanceof WebAssembly.RuntimeError };
      }
      const next = await w.tumar.createGuard();
      const checked = next.check(grooming).action;
      await next.loadRules([rule]);
      const own = next.check('our little secret').hits.length;
      return { full, failure, checked, own, old: before.check(grooming).action, fresh: initSync({ module: new Uint8Array() }).memory.buffer.byteLength };
    },
    { grooming: GROOMING.en, rule: SECRET_RULE },
  );
  assert.ok(result.full >= 2 ** 31, `memory grown to ${result.full} bytes`);
  assert.match(result.failure?.message ?? '', /restarted/);
  assert.equal(result.failure.trap, true, 'the trap is the cause');
  assert.equal(result.checked, 'nudge', 'the next createGuard works');
  assert.equal(result.own, 1, 'loadRules works');
  assert.equal(result.old, 'nudge', 'a guard made before works again');
  assert.ok(result.fresh < 2 ** 30, 'with fresh memory');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(await cspViolations(page), []);
});
