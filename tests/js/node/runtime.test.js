// The runtime module alone: a page that uses the built-in rules or a compiled bundle never
// loads the compiler module; the first rule files load it, once. (Its own process: the files
// the package reads are recorded from the first import on.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BAD_KEY_RULE, SECRET_RULE } from '../fixtures/rules.js';
import { GROOMING } from '../fixtures/messages.js';

/** Every file read with readFileSync (how node.js loads both modules). */
const reads = [];
const readFileSync = fs.readFileSync;
fs.readFileSync = (path, ...rest) => {
  reads.push(String(path));
  return readFileSync(path, ...rest);
};
syncBuiltinESMExports();
const { createGuard } = await import('tumar');

const REPO = new URL('../../../', import.meta.url);
const moduleReads = () => reads.filter((path) => path.endsWith('.wasm')).map((path) => path.split('/').pop());

test('built-in rules and bundles scan and nudge without the compiler module', async () => {
  const guard = await createGuard({ locale: 'en', country: 'GB' });
  const verdict = guard.check(GROOMING.en);
  assert.equal(verdict.action, 'nudge');
  assert.ok(guard.nudge(verdict)?.services.length);

  const out = join(fs.mkdtempSync(join(tmpdir(), 'tumar-runtime-')), 'rules.bin');
  execFileSync(new URL('target/release/tumar', REPO).pathname, ['compile', new URL('rules', REPO).pathname, '-o', out], { stdio: 'pipe' });
  await guard.loadRules(new Uint8Array(readFileSync(out)));
  assert.equal(guard.check(GROOMING.ru).action, 'nudge');
  await assert.rejects(guard.loadRules(new Uint8Array(8)), { name: 'RulesError', code: 'E120' });
  guard.free();

  assert.deepEqual(moduleReads(), ['tumar_bg.wasm'], 'only the runtime module was read');
});

test('the first rule files load the compiler module, once; its errors are located', async () => {
  const own = await createGuard({ rules: [SECRET_RULE] });
  assert.equal(own.check('this is our little secret').hits[0].rule, 'fixture-grooming-secret');
  await assert.rejects(own.loadRules([BAD_KEY_RULE]), { name: 'RulesError', code: 'E104', file: BAD_KEY_RULE.name, line: 10, column: 1 });
  assert.equal(own.check('this is our little secret').hits[0].rule, 'fixture-grooming-secret', 'the old rules keep working');
  const other = await createGuard({ rules: [SECRET_RULE] });
  other.free();
  own.free();
  assert.deepEqual(moduleReads(), ['tumar_bg.wasm', 'tumar_compiler_bg.wasm']);
});
