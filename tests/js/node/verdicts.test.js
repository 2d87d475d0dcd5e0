// `guard.check` gives, byte for byte, the verdict the Rust library gives (`tumar scan`, the same
// rules) for every message: with and without hits, with language tags, emoji, lone surrogates,
// zero-width characters, and messages long enough to grow the module's input buffer and to be
// cut by the scan window. Messages: the scripted chats of tests/fixtures/conversations, a few
// built here, and (when ../shared/evaldata is beside the repository) the first lines of each of
// its files, read at run time.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGuard } from 'tumar';
import { GROOMING, ORDINARY, SHARES_PHONE } from '../fixtures/messages.js';

const REPO = new URL('../../../', import.meta.url);
const CLI = fileURLToPath(new URL('target/release/tumar', REPO));
const EVALDATA = new URL('../shared/evaldata/', REPO);
const PER_FILE = 150;

/** @returns {{ text: string, direction: 'incoming' | 'outgoing', lang?: string | string[] }[]} */
function messages() {
  const scripts = JSON.parse(readFileSync(new URL('tests/fixtures/conversations/scripts.json', REPO), 'utf8'));
  const out = scripts.flatMap((/** @type {any} */ s) => s.messages.map((/** @type {any} */ m) => ({ text: m.text, direction: m.dir, lang: s.lang })));
  const built = [
    ...Object.values(GROOMING),
    ...ORDINARY,
    SHARES_PHONE,
    '',
    'send pics 😀😀 now 😀',
    `lone \ud800 surrogate then ${GROOMING.en}`,
    `${'\u200b'.repeat(30_000)}${GROOMING.en}`,
    `${'hello there '.repeat(2_000)}${GROOMING.en}`,
    `${'ай '.repeat(40_000)}${GROOMING.ru}`,
    'short again after long ones',
  ];
  for (const text of built) {
    out.push({ text, direction: 'incoming' }, { text, direction: 'outgoing', lang: ['ru', 'kk'] });
  }
  if (existsSync(EVALDATA)) {
    for (const file of readdirSync(EVALDATA).filter((f) => f.endsWith('.jsonl')).sort()) {
      const lines = readFileSync(new URL(file, EVALDATA), 'utf8').split('\n').filter(Boolean).slice(0, PER_FILE);
      out.push(...lines.map((line) => ({ text: String(JSON.parse(line).text ?? ''), direction: /** @type {const} */ ('incoming') })));
    }
  }
  return out;
}

test('check() and the Rust library give the same verdict JSON for every message', async () => {
  const sample = messages();
  // The module reads a lone surrogate as U+FFFD (one UTF-16 unit, so offsets agree); JSON
  // input to the CLI cannot hold one.
  const input = sample.map((m) => JSON.stringify({ ...m, text: m.text.toWellFormed() })).join('\n');
  const expected = execFileSync(CLI, ['scan'], { input, maxBuffer: 1 << 28 }).toString().trimEnd().split('\n');
  assert.equal(expected.length, sample.length);
  const guard = await createGuard();
  let empty = 0;
  sample.forEach((m, i) => {
    const verdict = guard.check(m.text, { direction: m.direction, lang: m.lang });
    assert.equal(JSON.stringify(verdict), expected[i], `message ${i} (${m.direction}, ${m.text.length} chars)`);
    empty += verdict.hits.length === 0 && verdict.signals.length === 0 ? 1 : 0;
  });
  assert.ok(empty > 20 && empty < sample.length - 20, `both kinds of verdict are compared (${empty} empty of ${sample.length})`);
  guard.free();
});

test('verdicts are fresh objects: changing one changes no other', async () => {
  const guard = await createGuard();
  const first = guard.check('see you tomorrow');
  first.hits.push(/** @type {any} */ ({ rule: 'x' }));
  first.action = 'nudge';
  assert.deepEqual(guard.check('see you tomorrow').hits, []);
  assert.equal(guard.check('see you tomorrow').action, 'none');
  guard.free();
});

test('a language tag with a comma is a TypeError', async () => {
  const guard = await createGuard();
  assert.throws(() => guard.check('hi', { lang: 'ru,kk' }), TypeError);
  guard.free();
});
