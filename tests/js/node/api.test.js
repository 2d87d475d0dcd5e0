// The JS API as an integrator uses it in Node: `import { createGuard } from 'tumar'` from the
// packed and installed package.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createGuard } from 'tumar';
import { BAD_KEY_RULE, SECRET_RULE } from '../fixtures/rules.js';
import { GROOMING, LOCALES, ORDINARY, SHARES_PHONE } from '../fixtures/messages.js';
import { nonIdentifiers } from '../fixtures/verdicts.js';

const REPO = new URL('../../../', import.meta.url);
const guard = await createGuard({ locale: 'en', country: 'KZ' });

test('createGuard loads the module once and makes independent guards', async () => {
  const [a, b] = await Promise.all([createGuard(), createGuard({ locale: 'ru', country: 'RU' })]);
  assert.equal(a.locale, 'en');
  assert.equal(b.country, 'RU');
  assert.equal(a.check(GROOMING.en).action, 'nudge');
  a.free();
  assert.equal(b.check(GROOMING.ru).action, 'nudge', 'freeing one guard leaves the other working');
  b.free();
});

test('rules load a part at a time, and the timers of the page run between the parts', async () => {
  const glue = pathToFileURL(createRequire(import.meta.url).resolve('tumar/package.json').replace(/package\.json$/, 'wasm/tumar.js'));
  const { RulesLoading } = await import(glue.href);
  const step = RulesLoading.prototype.step;
  let steps = 0;
  let ticks = 0;
  RulesLoading.prototype.step = function () {
    steps += 1;
    return step.call(this);
  };
  /** Counts the page's timers that run while `work` loads rules; how many parts it loaded. */
  const count = async (work) => {
    [steps, ticks] = [0, 0];
    let ticking = true;
    const tick = () => {
      if (ticking) {
        ticks += 1;
        setTimeout(tick, 0);
      }
    };
    setTimeout(tick, 0);
    try {
      return await work();
    } finally {
      ticking = false;
    }
  };
  try {
    const loaded = await count(() => createGuard());
    assert.ok(steps >= 3, `the built-in rules loaded in ${steps} parts`);
    assert.ok(ticks >= steps - 1, `${ticks} timers of the page ran while ${steps} parts loaded`);
    assert.equal(loaded.check(GROOMING.en).action, 'nudge');
    await count(() => loaded.loadRules([SECRET_RULE]));
    assert.ok(steps >= 3 && ticks >= steps - 1, `rule files: ${steps} parts, ${ticks} timers`);
    assert.equal(loaded.check('this is our little secret').hits[0].rule, 'fixture-grooming-secret');
    loaded.free();
  } finally {
    RulesLoading.prototype.step = step;
  }
});

test('the built-in rules flag grooming in every language', () => {
  for (const locale of LOCALES) {
    const verdict = guard.check(GROOMING[locale], { direction: 'incoming' });
    assert.equal(verdict.action, 'nudge', locale);
    assert.deepEqual(verdict.nudge, { category: 'grooming', direction: 'incoming' }, locale);
    assert.ok(verdict.categories.includes('grooming'), locale);
    assert.ok(['low', 'medium', 'high'].includes(verdict.severity), locale);
  }
});

test('ordinary chat gets no nudge', () => {
  for (const text of ORDINARY) {
    const verdict = guard.check(text);
    assert.equal(verdict.action, 'none', text);
    assert.deepEqual(verdict.hits, []);
    assert.equal(verdict.severity, 'none');
    assert.equal(verdict.nudge, null);
  }
});

test('a harm after a message that fills the scan window with ordinary chat is found', () => {
  // Ordinary chat holds about one pattern word per letter; the whole window is still scanned.
  const chat = `${ORDINARY.filter((text) => /^[\x00-\x7f]*$/.test(text)).join('\n')}\n`;
  const filler = chat.repeat(Math.floor((64 * 1024 - 2000) / Buffer.byteLength(chat)));
  assert.equal(guard.check(filler).action, 'none', 'the filler alone is ordinary chat');
  const verdict = guard.check(filler + GROOMING.en);
  assert.equal(verdict.truncated, false, 'the message fits the window');
  assert.deepEqual(verdict.nudge, { category: 'grooming', direction: 'incoming' });
  assert.ok(verdict.hits.some((hit) => hit.category === 'grooming' && hit.start >= filler.length), 'the hit lies in the harm');
});

test('a verdict has the documented shape and never the text', () => {
  const verdict = guard.check(GROOMING.en);
  assert.deepEqual(Object.keys(verdict).sort(), ['action', 'categories', 'dropped_hits', 'hits', 'nudge', 'severity', 'signals', 'truncated']);
  for (const hit of verdict.hits) {
    assert.deepEqual(Object.keys(hit).sort(), ['category', 'end', 'rule', 'severity', 'stage', 'start']);
    assert.ok(hit.start < hit.end);
  }
  assert.deepEqual(nonIdentifiers(verdict), [], 'no text in the verdict: every string is a rule id or a vocabulary word');
});

test('hit offsets are UTF-16 code units, as String.prototype.slice counts', () => {
  const text = '😀🎮 héllo! this is our little secret';
  const verdict = guard.check(text, { direction: 'incoming' });
  const hit = verdict.hits.find((h) => h.category === 'grooming');
  assert.ok(hit, 'grooming hit');
  assert.match(text.slice(hit.start, hit.end), /our little secret/);
});

test('the direction decides which rules apply', () => {
  assert.equal(guard.check(SHARES_PHONE, { direction: 'outgoing' }).nudge?.direction, 'outgoing');
  assert.equal(guard.check(SHARES_PHONE).action, 'none', 'incoming is the default direction');
  assert.throws(() => guard.check('hey', { direction: 'sideways' }), TypeError);
  assert.throws(() => guard.check('hey', { direction: 'any' }), TypeError);
  assert.throws(() => guard.check(42), TypeError);
});

test('a language hint skips rules scoped to other languages; a Latin-only rule stays off Cyrillic', () => {
  const russian = GROOMING.ru;
  assert.equal(guard.check(russian, { lang: 'ru' }).action, 'nudge');
  assert.equal(guard.check(russian, { lang: ['kk', 'ru'] }).action, 'nudge');
  assert.equal(guard.check(russian, { lang: 'kk' }).action, 'nudge', 'Russian rules also apply to Kazakh chats');
  assert.equal(guard.check(russian, { lang: 'en' }).action, 'none');
  assert.equal(guard.check('ugh kms', { direction: 'outgoing' }).action, 'nudge');
  assert.equal(guard.check('у меня КМС по боксу', { direction: 'outgoing' }).action, 'none');
  assert.throws(() => guard.check(russian, { lang: 7 }), TypeError);
});

test('options of the wrong type throw a TypeError and leave the guard working', () => {
  assert.throws(() => guard.check('hi', { direction: 5 }), TypeError);
  assert.throws(() => guard.check('hi', { direction: 'sideways' }), TypeError);
  const verdict = guard.check(GROOMING.en);
  assert.throws(() => guard.nudge(verdict, { locale: 5 }), TypeError);
  assert.throws(() => guard.nudge(verdict, { country: {} }), TypeError);
  assert.throws(() => guard.nudge({ action: 'nudge', nudge: { category: 7, direction: 'incoming' } }), TypeError);
  assert.equal(guard.check(GROOMING.en).action, 'nudge', 'the guard still works');
});

test('rule sources given by the integrator replace the built-in rules', async () => {
  const own = await createGuard({ rules: [SECRET_RULE] });
  assert.equal(own.check('this is our little secret').hits[0].rule, 'fixture-grooming-secret');
  assert.equal(own.check(GROOMING.ru).action, 'none', 'only the given rules are used');
  own.free();
});

test('loadRules swaps rules; a broken rule file throws a located error and the old rules keep working', async () => {
  const swapped = await createGuard();
  const loading = swapped.loadRules([SECRET_RULE]);
  assert.ok(loading instanceof Promise, 'loadRules returns a Promise');
  assert.equal(swapped.check(GROOMING.kk).action, 'nudge', 'the old rules work until the new ones are in');
  assert.equal(await loading, undefined);
  assert.equal(swapped.check('our little secret').hits[0].rule, 'fixture-grooming-secret');

  const error = await rejection(swapped.loadRules([SECRET_RULE, BAD_KEY_RULE]));
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'RulesError');
  assert.equal(error.code, 'E104');
  assert.equal(error.file, BAD_KEY_RULE.name);
  assert.equal(error.line, 10);
  assert.equal(error.column, 1);
  assert.equal(error.ruleId, 'fixture-bad-key');
  assert.match(error.message, /^E104: .*fixtures\/en\/broken\.toml:10:1/);
  assert.ok(error.diagnostics.some((d) => d.code === 'E104' && d.level === 'error'));
  assert.match(error.rendered, /--> fixtures\/en\/broken\.toml:10:1/);

  assert.equal(swapped.check('our little secret').hits[0].rule, 'fixture-grooming-secret', 'old rules still work');
  await swapped.loadRules();
  assert.equal(swapped.check(GROOMING.kk).action, 'nudge', 'back to the built-in rules');
  swapped.free();
});

test('an empty rule set is error E128 and the old rules keep working', async () => {
  const kept = await createGuard({ rules: [SECRET_RULE] });
  const headerOnly = { name: 'mine/empty.toml', text: '[tumar]\nformat = 2\nlanguage = "en"\ncategory = "grooming"\n' };
  for (const empty of [[], [headerOnly]]) {
    const error = await rejection(kept.loadRules(empty));
    assert.equal(error?.name, 'RulesError');
    assert.equal(error.code, 'E128');
    assert.equal(kept.check('our little secret').hits[0]?.rule, 'fixture-grooming-secret', 'old rules still work');
  }
  assert.equal((await rejection(kept.loadRules([headerOnly]))).file, 'mine/empty.toml');
  await assert.rejects(createGuard({ rules: [] }), { name: 'RulesError', code: 'E128' });
  kept.free();
});

test('createGuard rejects broken rules with the same error', async () => {
  await assert.rejects(createGuard({ rules: [BAD_KEY_RULE] }), { name: 'RulesError', code: 'E104', ruleId: 'fixture-bad-key' });
  await assert.rejects(createGuard({ rules: 'rules/' }), TypeError);
});

test('a bundle written by `tumar compile` loads and checks like the sources', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'tumar-bundle-')), 'rules.bin');
  const cli = new URL('target/release/tumar', REPO).pathname;
  execFileSync(cli, ['compile', new URL('rules', REPO).pathname, '-o', out], { stdio: 'pipe' });
  const bytes = readFileSync(out);
  const fromBundle = await createGuard({ rules: new Uint8Array(bytes) });
  for (const text of [...Object.values(GROOMING), ...ORDINARY, SHARES_PHONE]) {
    for (const direction of ['incoming', 'outgoing']) {
      assert.deepEqual(fromBundle.check(text, { direction }), guard.check(text, { direction }), text);
    }
  }
  await fromBundle.loadRules(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  assert.equal(fromBundle.check(GROOMING.ar).action, 'nudge', 'an ArrayBuffer works too');
  await assert.rejects(fromBundle.loadRules(new Uint8Array([1, 2, 3])), { name: 'RulesError', code: 'E120' });
  assert.equal(fromBundle.check(GROOMING.ar).action, 'nudge', 'the old rules keep working after a damaged bundle');
  await assert.rejects(fromBundle.loadRules('rules/'), TypeError);
  fromBundle.free();
});

test('warnings are diagnostics with codes and places, from compiling the rule files', async () => {
  assert.deepEqual(guard.warnings, [], 'the built-in rules come as a bundle, checked free of warnings');
  const untested = { name: 'mine/en/untested.toml', text: SECRET_RULE.text.replace(/^(match|no_match) = .*\n/gm, '') };
  const warned = await createGuard({ rules: [untested] });
  const warnings = warned.warnings;
  assert.ok(warnings.length > 0, 'a rule without tests is warned about');
  for (const w of warnings) {
    assert.equal(w.level, 'warning');
    assert.match(w.code, /^W\d+$/);
    assert.equal(w.file, untested.name);
    assert.equal(typeof w.line, 'number');
  }
  warned.warnings.pop();
  assert.equal(warned.warnings.length, warnings.length, 'each read is a copy');
  await warned.loadRules([SECRET_RULE]);
  assert.deepEqual(warned.warnings, [], 'the warnings follow the rules loaded');
  warned.free();
});

test('free() releases the rules; Symbol.dispose does the same', async () => {
  const freed = await createGuard({ rules: [SECRET_RULE] });
  freed.free();
  assert.throws(() => freed.check('hi'), /freed/);
  freed.free();

  const disposed = await createGuard({ rules: [SECRET_RULE] });
  const dispose = Symbol.dispose ?? Symbol.for('Symbol.dispose');
  disposed[dispose]();
  assert.throws(() => disposed.check('hi'), /freed/);
});

test('guard.nudge gives the popup content for the country, with real tel: links', () => {
  const verdict = guard.check(GROOMING.kk);
  const content = guard.nudge(verdict, { locale: 'kk', country: 'KZ' });
  assert.equal(content.locale, 'kk');
  assert.equal(content.dir, 'ltr');
  assert.equal(content.category, 'grooming');
  assert.equal(content.direction, 'incoming');
  assert.ok(content.title && content.body);
  assert.deepEqual(
    content.choices.map((c) => c.id),
    ['block', 'report', 'talk', 'get_help', 'keep_reading'],
  );
  const tels = content.services.map((s) => s.tel).filter(Boolean);
  assert.ok(tels.includes('tel:150'), `KZ children's helpline is 150: ${tels}`);
  assert.ok(!tels.includes('tel:105'), '105 is not the helpline');
  for (const service of content.services) {
    assert.ok(service.tel === null || /^tel:\+?[0-9]+$/.test(service.tel), service.tel);
    assert.ok(service.url === null || service.url.startsWith('https://'), service.url);
  }
  assert.equal(guard.nudge(guard.check('hello')), null, 'no nudge for ordinary chat');
});

test('Arabic nudges are right-to-left; outgoing nudges offer edit and send anyway', () => {
  const ar = guard.nudge(guard.check(GROOMING.ar), { locale: 'ar', country: 'EG' });
  assert.equal(ar.dir, 'rtl');
  const out = guard.nudge(guard.check(SHARES_PHONE, { direction: 'outgoing' }));
  assert.equal(out.direction, 'outgoing');
  assert.ok(out.choices.some((c) => c.id === 'edit'));
  assert.ok(out.choices.some((c) => c.id === 'send_anyway'));
});

/** @param {() => void} fn */
/**
 * The error a promise rejects with (fails when it resolves).
 * @param {Promise<unknown>} promise
 */
async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}
