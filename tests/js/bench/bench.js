// The package's size, load time, speed and memory in Node, next to the npm peers obscenity,
// leo-profanity, glin-profanity and bad-words (when installed) on the same messages in the same
// run. Prints numbers and ratios; never fails on them.
//
//   node bench/bench.js      (from tests/js, after `make pack`; `make bench-js` does both)
//
// Messages: the shared evaluation data (../shared/evaldata beside the repository) when it is
// there, else the test fixtures. No message text is printed.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createGuard } from 'tumar';
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import leo from 'leo-profanity';
import { GROOMING, ORDINARY, SHARES_PHONE } from '../fixtures/messages.js';

const PACKAGE = fileURLToPath(new URL('../node_modules/tumar/', import.meta.url));
const EVALDATA = fileURLToPath(new URL('../../../../shared/evaldata/', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../../target/builtin-rules.bundle', import.meta.url));
const SUPPORT = fileURLToPath(new URL('../../../target/builtin-support.bin', import.meta.url));
const PER_FILE = 300;
const ROUNDS = 3;
const MANY_CHECKS = 500_000;

printSizes();
const messages = loadMessages();
console.log(`\nmessages: ${messages.length} (${messages.source}), mean length ${mean(messages.map((m) => m.length)).toFixed(0)} chars, ${ROUNDS} rounds`);

console.log('\nload');
let started = performance.now();
const guard = await createGuard({ locale: 'en', country: 'GB' });
console.log(`  createGuard, first (compile the wasm module + load built-in rules): ${(performance.now() - started).toFixed(1)} ms`);
const loads = [];
for (let i = 0; i < 10; i++) {
  started = performance.now();
  const another = await createGuard({ locale: 'en', country: 'GB' });
  loads.push(performance.now() - started);
  another.free();
}
console.log(`  createGuard, module loaded (built-in rules only), best of 10: ${Math.min(...loads).toFixed(1)} ms, median ${median(loads).toFixed(1)} ms`);
if (existsSync(BUNDLE)) {
  const bytes = readFileSync(BUNDLE);
  const times = [];
  for (let i = 0; i < 10; i++) {
    started = performance.now();
    const own = await createGuard({ rules: bytes });
    times.push(performance.now() - started);
    own.free();
  }
  console.log(`  createGuard({ rules: bundle }), a ${kib(bytes.length)} bundle, best of 10: ${Math.min(...times).toFixed(1)} ms`);
}
const memory = await wasmMemory();
const memoryAfterInit = memory?.buffer.byteLength;

const peers = await loadPeers();
const results = [
  measure('tumar check (incoming)', (text) => guard.check(text, { direction: 'incoming' })),
  measure('tumar check (outgoing)', (text) => guard.check(text, { direction: 'outgoing' })),
  ...peers.map(([name, fn]) => measure(name, fn)),
];
const tumar = results[0];
const leoResult = results.find((r) => r.name.startsWith('leo-profanity'));
console.log('\nper message (µs)            mean     p50     p99   mean / tumar incoming');
for (const r of results) {
  console.log(
    `${r.name.padEnd(28)}${r.mean.toFixed(2).padStart(6)}  ${r.p50.toFixed(2).padStart(6)}  ${r.p99.toFixed(2).padStart(6)}   ${(r.mean / tumar.mean).toFixed(2)}x`,
  );
}
if (leoResult) {
  console.log(`tumar incoming mean / leo-profanity mean: ${(tumar.mean / leoResult.mean).toFixed(2)}x`);
}
console.log('(the peers match English profanity word lists; tumar runs 5 languages x 6 categories with normalization)');

// Memory: the wasm linear memory after init and after many checks (it must not grow).
if (memory) {
  const after = [];
  for (let batch = 0; batch < 2; batch++) {
    for (let i = 0; i < MANY_CHECKS; i++) {
      guard.check(messages[i % messages.length], { direction: i % 2 ? 'outgoing' : 'incoming' });
    }
    after.push(kib(memory.buffer.byteLength));
  }
  console.log(`\nwasm memory: ${kib(memoryAfterInit)} after init; after the timed checks and ${MANY_CHECKS.toLocaleString('en')} more: ${after[0]}; after ${MANY_CHECKS.toLocaleString('en')} more again: ${after[1]}`);
}

// Long text: the messages joined into texts of ~60 KiB (inside the scan window).
const long = [];
let current = '';
for (const text of messages) {
  if (current.length + text.length + 1 > 60 * 1024) {
    long.push(current);
    current = '';
  }
  current += text + '\n';
}
if (long.length === 0) {
  long.push(current);
}
const longBytes = long.reduce((n, t) => n + Buffer.byteLength(t), 0);
console.log(`\nlong text (${long.length} texts of ~60 KiB, UTF-8 MB/s)`);
for (const [name, fn] of [['tumar check (incoming)', (text) => guard.check(text)], ...peers]) {
  fn(long[0]);
  started = performance.now();
  let rounds = 0;
  while (performance.now() - started < 1500 || rounds === 0) {
    long.forEach(fn);
    rounds++;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`  ${name.padEnd(28)}${(longBytes * rounds / seconds / 1e6).toFixed(1).padStart(8)}`);
}

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

/** The npm peers that are installed, as [name, check] pairs. */
async function loadPeers() {
  const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  const peers = [
    ['obscenity getAllMatches', (text) => matcher.getAllMatches(text)],
    ['obscenity hasMatch', (text) => matcher.hasMatch(text)],
    ['leo-profanity check', (text) => leo.check(text)],
  ];
  try {
    const { Filter } = await import('glin-profanity');
    const filter = new Filter({ languages: ['english'] });
    peers.push(['glin-profanity isProfane', (text) => filter.isProfane(text)]);
  } catch {
    console.log('(glin-profanity is not installed: left out)');
  }
  try {
    const { Filter } = await import('bad-words');
    const filter = new Filter();
    peers.push(['bad-words isProfane', (text) => filter.isProfane(text)]);
  } catch {
    console.log('(bad-words is not installed: left out)');
  }
  return peers;
}

/**
 * The package's WebAssembly memory: its wasm-bindgen glue, imported from the same file as the
 * package does (so the same module instance), returns the loaded instance's exports.
 */
async function wasmMemory() {
  const glue = await import(pathToFileURL(join(PACKAGE, 'wasm/tumar.js')).href);
  return glue.initSync({ module: new Uint8Array() })?.memory;
}

/** Prints raw and gzip sizes of the package's parts. */
function printSizes() {
  const files = readdirSync(PACKAGE, { recursive: true }).filter((f) => /\.(js|wasm|css)$/.test(f));
  const compiler = (f) => f.startsWith('wasm/tumar_compiler');
  const group = (test) => files.filter(test).map((f) => readFileSync(join(PACKAGE, f)));
  const size = (buffers) => [buffers.reduce((n, b) => n + b.length, 0), buffers.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0)];
  const row = (name, [r, z], note = '') => console.log(`${name.padEnd(40)}${kib(r).padStart(10)}  ${kib(z).padStart(10)}${note}`);
  const runtime = group((f) => f === 'wasm/tumar_bg.wasm');
  const parts = [
    ['runtime wasm (wasm/tumar_bg.wasm)', size(runtime)],
    ['JS (glue + API + UI + worker)', size(group((f) => f.endsWith('.js') && !compiler(f)))],
    ['CSS (ui/nudge.css)', size(group((f) => f.endsWith('.css')))],
  ];
  console.log('package size                                   raw     gzip -9');
  for (const [name, sizes] of parts) {
    row(name, sizes);
  }
  row('total a page loads', [parts.reduce((n, [, [r]]) => n + r, 0), parts.reduce((n, [, [, z]]) => n + z, 0)]);
  row('compiler (wasm + glue)', size(group(compiler)), '   (loaded only for rule files given as TOML)');

  // What the runtime module is made of: its code and data sections, and the data embedded at
  // build time (the rules bundle and the support data, as build-pkg.sh wrote them).
  console.log('of the runtime wasm');
  for (const [name, bytes] of wasmSections(runtime[0])) {
    row(`  ${name} section`, size([bytes]));
  }
  for (const [name, file] of [['rules bundle', BUNDLE], ['support directory + nudge texts', SUPPORT]]) {
    if (existsSync(file)) {
      row(`    in data: ${name}`, size([readFileSync(file)]));
    }
  }
}

/**
 * The code and data sections of a WebAssembly module (its other sections are small).
 * @param {Buffer} wasm
 * @returns {[string, Buffer][]}
 */
function wasmSections(wasm) {
  const sections = [];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at++];
    let length = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = wasm[at++];
      length += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
    }
    const name = { 10: 'code', 11: 'data' }[id];
    if (name) {
      sections.push([name, wasm.subarray(at, at + length)]);
    }
    at += length;
  }
  return sections;
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
function median(values) {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/** @param {number[]} values */
function mean(values) {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** @param {number} bytes */
function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
