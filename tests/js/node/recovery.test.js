// A trap in the WebAssembly module (a bug: no known input causes one) never leaves the package
// unusable: the call that trapped throws, the module restarts with fresh memory, and every guard,
// old or new, works again with its own rules.
//
// The trap is real: the test hands the module a pointer outside its memory for one call, which
// the module reads and traps on (`RuntimeError: memory access out of bounds`). Trapping while
// it updates a conversation leaves that conversation store marked as in use, as a trap in the
// middle of any work can leave the module's memory: without a restart, every later check of a
// conversation would fail.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { createGuard } from 'tumar';
import { SECRET_RULE } from '../fixtures/rules.js';
import { GROOMING, ORDINARY } from '../fixtures/messages.js';

// The same module record the package uses (its wasm-bindgen glue, by file URL).
const glue = pathToFileURL(createRequire(import.meta.url).resolve('tumar/package.json').replace(/package\.json$/, 'wasm/tumar.js'));
const { Conversations, RulesLoading } = await import(glue.href);

/**
 * Makes the next conversation check trap inside the module: it takes the conversation store
 * for writing, then reads the rules from outside its memory.
 */
function trapOnNextConversationCheck() {
  const scan = Conversations.prototype.scan;
  Conversations.prototype.scan = function (rules, ...args) {
    Conversations.prototype.scan = scan;
    const pointer = rules.__wbg_ptr;
    rules.__wbg_ptr = 0xfffffff0;
    try {
      return scan.call(this, rules, ...args);
    } finally {
      rules.__wbg_ptr = pointer;
    }
  };
}

/**
 * Grows a module's memory to the most a wasm32 module can have: pages are added in steps of
 * 16384 (1 GiB) while they fit, then in halving steps.
 * @param {WebAssembly.Memory} memory
 */
function growToTheLimit(memory) {
  for (let step = 16384; step >= 1; step = Math.floor(step / 2)) {
    try {
      memory.grow(step);
      step *= 2;
    } catch {
      // at the limit for this step: try a smaller one
    }
  }
}

test('after a trap the call throws, and every guard works again with its own rules', async () => {
  const builtin = await createGuard({ locale: 'en', country: 'GB' });
  const custom = await createGuard({ rules: [SECRET_RULE] });
  const chat = 'chat-1';
  builtin.check(GROOMING.en, { conversation: chat, now: 0 });

  trapOnNextConversationCheck();
  assert.throws(
    () => builtin.check(GROOMING.en, { conversation: chat, now: 1 }),
    (error) => /restarted/.test(error.message) && error.cause instanceof WebAssembly.RuntimeError,
    'the trapped call says the module was restarted and gives the trap as its cause',
  );

  const verdict = builtin.check(GROOMING.en);
  assert.equal(verdict.action, 'nudge', 'the same guard checks again with the built-in rules');
  assert.equal(builtin.nudge(verdict).category, 'grooming', 'and makes its nudge');
  for (const text of ORDINARY) {
    assert.equal(builtin.check(text).action, 'none', text);
  }
  const own = custom.check('this is our little secret');
  assert.deepEqual(own.hits.map((h) => h.rule), ['fixture-grooming-secret'], 'a guard made before the trap keeps its own rules');
  assert.equal(custom.check("you're so mature for your age").action, 'none', 'and only its own');
  assert.equal(JSON.parse(builtin.exportConversations()).conversations.length, 0, 'conversation risk starts again from none');
  const again = builtin.check(GROOMING.en, { conversation: chat, now: 2 });
  assert.ok(again.conversation.reasons.length > 0, 'conversations are followed again');

  await custom.loadRules();
  assert.equal(custom.check(GROOMING.en).action, 'nudge', 'loadRules works after the trap');
  custom.free();
  const fresh = await createGuard();
  assert.equal(fresh.check(GROOMING.en).action, 'nudge', 'the next createGuard works');
  for (let i = 0; i < 1000; i++) {
    assert.equal(fresh.check(i % 2 ? GROOMING.en : ORDINARY[0]).action, i % 2 ? 'nudge' : 'none');
  }
  fresh.free();
  builtin.free();
});

test('a trap while rules load a part at a time: the load starts over in the new module', async () => {
  const other = await createGuard();
  const builtin = RulesLoading.builtin;
  let starts = 0;
  RulesLoading.builtin = () => {
    starts += 1;
    return builtin();
  };
  try {
    const loading = createGuard();
    // The second timer of the page runs after the first part of the rules loaded.
    setTimeout(() =>
      setTimeout(() => {
        trapOnNextConversationCheck();
        assert.throws(() => other.check('hi', { conversation: 'c' }), /restarted/);
      }, 0),
    0);
    const guard = await loading;
    assert.equal(starts, 2, 'the rules of the old module were dropped and loaded again');
    for (let i = 0; i < 200; i++) {
      assert.equal(guard.check(i % 2 ? GROOMING.en : ORDINARY[0]).action, i % 2 ? 'nudge' : 'none');
    }
    assert.equal(other.check(GROOMING.en).action, 'nudge', 'the guard whose call trapped works again');
    guard.free();
    other.free();
  } finally {
    RulesLoading.builtin = builtin;
  }
});

test('a guard freed after a trap frees nothing of the new module', async () => {
  const before = await createGuard();
  trapOnNextConversationCheck();
  assert.throws(() => before.check('hi', { conversation: 'c' }), /restarted/);
  const after = await createGuard();
  before.free();
  const again = await createGuard({ rules: [SECRET_RULE] });
  for (let i = 0; i < 200; i++) {
    assert.equal(after.check(GROOMING.en).action, 'nudge');
    assert.equal(again.check('our little secret').hits.length, 1);
  }
  after.free();
  again.free();
});

test('a module whose memory is exhausted is restarted: the next createGuard and loadRules work', async () => {
  const guard = await createGuard();
  // The running module's exports (the glue's initSync returns them once loaded), and its memory
  // grown to the most a wasm32 module can have, as a runaway allocation would leave it.
  const { initSync } = await import(glue.href);
  const { memory } = initSync({ module: new Uint8Array() });
  growToTheLimit(memory);
  assert.ok(memory.buffer.byteLength >= 2 ** 31, `memory at ${memory.buffer.byteLength} bytes`);

  await assert.rejects(createGuard(), (error) => /restarted/.test(error.message) && error.cause instanceof WebAssembly.RuntimeError, 'loading rules in a full memory traps, and says so');
  const next = await createGuard();
  assert.equal(next.check(GROOMING.en).action, 'nudge', 'the next createGuard works');
  await next.loadRules([SECRET_RULE]);
  assert.equal(next.check('our little secret').hits.length, 1, 'loadRules works');
  assert.equal(guard.check(GROOMING.en).action, 'nudge', 'a guard made before works again');
  assert.ok(initSync({ module: new Uint8Array() }).memory.buffer.byteLength < 2 ** 30, 'with the fresh memory of a new instance');
  next.free();
  guard.free();
});

test('a trap in the compiler module restarts it: the next rule files compile, the runtime is untouched', async () => {
  const guard = await createGuard();
  await guard.loadRules([SECRET_RULE]);
  const compilerGlue = new URL('tumar_compiler.js', glue);
  const { initSync } = await import(compilerGlue.href);
  const { memory } = initSync({ module: new Uint8Array() });
  growToTheLimit(memory);
  // Rule files large enough that compiling them needs more memory than is left.
  const phrases = Array.from({ length: 20_000 }, (_, i) => `"secret number ${i} word${i}"`).join(', ');
  const large = { name: 'fixtures/en/large.toml', text: SECRET_RULE.text.replace('phrases = ["our little secret"]', `phrases = [${phrases}]`) };
  await assert.rejects(guard.loadRules([large]), (error) => /restarted/.test(error.message) && error.cause instanceof WebAssembly.RuntimeError);
  assert.equal(guard.check('our little secret').hits.length, 1, 'the old rules keep working');
  await guard.loadRules([SECRET_RULE, { ...SECRET_RULE, name: 'fixtures/en/second.toml', text: SECRET_RULE.text.replace('fixture-grooming-secret', 'fixture-second') }]);
  assert.deepEqual(guard.check('our little secret').hits.map((h) => h.rule).sort(), ['fixture-grooming-secret', 'fixture-second'], 'the next rule files compile');
  assert.ok(initSync({ module: new Uint8Array() }).memory.buffer.byteLength < 2 ** 30, 'in a fresh compiler');
  guard.free();
});
