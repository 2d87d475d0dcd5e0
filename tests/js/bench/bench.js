// The package's size and speed in Node, next to the npm peers obscenity and leo-profanity on
// the same messages in the same run. Prints numbers; never fails on them.
//
//   node bench/bench.js      (from tests/js, after `make pack`; `make bench-js` does both)
//
// Messages: the shared evaluation data (../shared/evaldata beside the repository) when it is
// there, else the test fixtures. No message text is printed.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createGuard } from 'tumar';
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import leo from 'leo-profanity';
import { GROOMING, ORDINARY, SHARES_PHONE } from '../fixtures/messages.js';

const PACKAGE = fileURLToPath(new URL('../node_modules/tumar/', import.meta.url));
const EVALDATA = fileURLToPath(new URL('../../../../shared/evaldata/', import.meta.url));
const PER_FILE = 300;
const ROUNDS = 3;

printSizes();
const messages = loadMessages();
console.log(`\nmessages: ${messages.length} (${messages.source}), mean length ${mean(messages.map((m) => m.length)).toFixed(0)} chars, ${ROUNDS} rounds`);

let started = performance.now();
const guard = await createGuard({ locale: 'en', country: 'GB' });
console.log(`createGuard (load module + compile built-in rules): ${(performance.now() - started).toFixed(0)} ms`);
started = performance.now();
const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
console.log(`obscenity matcher build: ${(performance.now() - started).toFixed(0)} ms`);

const results = [
  measure('tumar check (incoming)', (text) => guard.check(text, { direction: 'incoming' })),
  measure('tumar check (outgoing)', (text) => guard.check(text, { direction: 'outgoing' })),
  measure('obscenity getAllMatches', (text) => matcher.getAllMatches(text)),
  measure('obscenity hasMatch', (text) => matcher.hasMatch(text)),
  measure('leo-profanity check', (text) => leo.check(text)),
];
const tumar = results[0];
console.log('\nper message (µs)          mean     p50     p99   time / tumar incoming');
for (const r of results) {
  console.log(
    `${r.name.padEnd(26)}${r.mean.toFixed(1).padStart(6)}  ${r.p50.toFixed(1).padStart(6)}  ${r.p99.toFixed(1).padStart(6)}   ${(r.mean / tumar.mean).toFixed(2)}x`,
  );
}

console.log('(the peers match English profanity word lists; tumar runs 5 languages x 5 categories with normalization)');

// Typing: one check per keystroke on every prefix of each message.
const typed = messages.slice(0, 300);
let keystrokes = 0;
started = performance.now();
for (const text of typed) {
  for (let end = 1; end <= text.length; end++) {
    guard.check(text.slice(0, end), { direction: 'outgoing' });
    keystrokes++;
  }
}
console.log(`\ntyping-time check: ${((performance.now() - started) * 1000 / keystrokes).toFixed(1)} µs per keystroke (${keystrokes} keystrokes)`);
const nudges = messages.filter((text) => guard.check(text).action === 'nudge').length;
console.log(`nudges on these messages (incoming): ${nudges} of ${messages.length}`);
guard.free();

/** Prints raw and gzip sizes of the package's parts. */
function printSizes() {
  const files = readdirSync(PACKAGE, { recursive: true }).filter((f) => /\.(js|wasm|css)$/.test(f));
  const group = (test) => files.filter(test).map((f) => readFileSync(join(PACKAGE, f)));
  const parts = [
    ['wasm (wasm/tumar_bg.wasm)', group((f) => f.endsWith('.wasm'))],
    ['JS (glue + API + UI)', group((f) => f.endsWith('.js'))],
    ['CSS (ui/nudge.css)', group((f) => f.endsWith('.css'))],
  ];
  console.log('package size               raw        gzip -9');
  let raw = 0;
  let zipped = 0;
  for (const [name, buffers] of parts) {
    const r = buffers.reduce((n, b) => n + b.length, 0);
    const z = buffers.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
    raw += r;
    zipped += z;
    console.log(`${name.padEnd(26)}${kib(r).padStart(10)}  ${kib(z).padStart(10)}`);
  }
  console.log(`${'total'.padEnd(26)}${kib(raw).padStart(10)}  ${kib(zipped).padStart(10)}`);
}

/** The evaluation data's first lines of each file, or the fixtures. */
function loadMessages() {
  let list = [];
  let source = 'test fixtures';
  if (existsSync(EVALDATA)) {
    for (const file of readdirSync(EVALDATA).filter((f) => f.endsWith('.jsonl')).sort()) {
      const lines = readFileSync(join(EVALDATA, file), 'utf8').split('\n').filter(Boolean).slice(0, PER_FILE);
      list.push(...lines.map((line) => JSON.parse(line).text).filter((t) => typeof t === 'string'));
    }
    source = 'shared/evaldata, first lines of each file';
  }
  if (list.length === 0) {
    list = [...Object.values(GROOMING), ...ORDINARY, SHARES_PHONE];
  }
  return Object.assign(list, { source });
}

/**
 * Times `fn` on every message, ROUNDS times, after a warm-up round.
 * @param {string} name
 * @param {(text: string) => unknown} fn
 */
function measure(name, fn) {
  messages.forEach(fn);
  const times = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const text of messages) {
      const t = performance.now();
      fn(text);
      times.push((performance.now() - t) * 1000);
    }
  }
  times.sort((a, b) => a - b);
  return { name, mean: mean(times), p50: times[Math.floor(times.length / 2)], p99: times[Math.floor(times.length * 0.99)] };
}

/** @param {number[]} values */
function mean(values) {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** @param {number} bytes */
function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
