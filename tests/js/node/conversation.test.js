// Conversation risk through the JS API, as an integrator uses it: `check(text, { direction,
// conversation, now })` over a chat, the conversation nudge once the risk is high, `forget`,
// and export/import of the state (versioned, validated, never any text). The scripted chats are
// the Rust tests' own (tests/fixtures/conversations/scripts.json).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createGuard } from 'tumar';
import { nonIdentifiers } from '../fixtures/verdicts.js';

const SCRIPTS = JSON.parse(readFileSync(new URL('../../fixtures/conversations/scripts.json', import.meta.url), 'utf8'));
const MINUTE = 60_000;
const guard = await createGuard({ locale: 'en', country: 'KZ' });

/**
 * Sends a script's messages under `id` and returns the verdicts.
 * @param {import('tumar').Guard} g
 * @param {{ lang: string, messages: { min: number, dir: 'incoming' | 'outgoing', text: string }[] }} script
 * @param {string} id
 */
function replay(g, script, id, start = 0) {
  return script.messages.map((m) => g.check(m.text, { direction: m.dir, lang: script.lang, conversation: id, now: start + m.min * MINUTE }));
}

test('every scripted chat reaches the expected risk after every message, as in Rust', () => {
  for (const [i, script] of SCRIPTS.entries()) {
    const verdicts = replay(guard, script, `script-${i}`);
    assert.deepEqual(
      verdicts.map((v) => v.conversation.risk),
      script.messages.map((m) => m.risk),
      script.name,
    );
    const nudges = verdicts.filter((v) => v.nudge?.conversation === true);
    const reachesHigh = script.messages.some((m) => m.risk === 'high');
    assert.equal(nudges.length, reachesHigh ? 1 : 0, `${script.name}: the conversation nudge comes once`);
    for (const verdict of verdicts) {
      assert.deepEqual(nonIdentifiers(verdict), [], 'a verdict carries no text');
    }
  }
});

test('the conversation nudge names the signs in the child language, with the services', () => {
  const g = guardFor('ru');
  return g.then((ru) => {
    const grooming = SCRIPTS.find((s) => s.lang === 'ru' && s.messages.some((m) => m.risk === 'high'));
    const verdicts = replay(ru, grooming, 'ru-chat');
    const asking = verdicts.find((v) => v.nudge?.conversation);
    assert.ok(asking, 'the risk became high');
    assert.equal(asking.action, 'nudge');
    assert.deepEqual(asking.nudge, { category: 'grooming', direction: 'incoming', conversation: true });
    assert.ok(asking.conversation.stages.length >= 3, JSON.stringify(asking.conversation));
    const content = ru.nudge(asking);
    assert.equal(content.locale, 'ru');
    assert.equal(content.conversation, true);
    assert.equal(content.signs.length, asking.conversation.stages.length);
    assert.ok(content.signs.every((sign) => /[а-яё]/i.test(sign)), content.signs.join(' | '));
    assert.ok(content.services.some((s) => s.tel === 'tel:150' || s.id.startsWith('kz-')), 'the guard country (KZ) chooses the services');
    assert.equal(content.choices.at(-1).id, 'keep_reading', 'the child can always go on');
    ru.free();
  });
});

test('a sextortion threat asks for the conversation nudge at once, naming the threats', () => {
  const threat = guard.check('i saved ur nudes. pay 200 or i post them everywhere', { conversation: 'threat', now: 0 });
  assert.equal(threat.conversation.risk, 'high');
  assert.equal(threat.nudge.conversation, true);
  const content = guard.nudge(threat);
  assert.equal(content.category, 'sextortion');
  assert.match(content.signs[0], /threat/);
});

test('risk decays over days, and forget() starts a conversation again', () => {
  const g = guard;
  g.check('how old r u', { conversation: 'decay', now: 0 });
  const now = g.check('im 24 but age is just a number', { conversation: 'decay', now: MINUTE });
  assert.equal(now.conversation.risk, 'medium');
  const later = g.check('hey', { conversation: 'decay', now: 90 * 24 * 60 * MINUTE });
  assert.equal(later.conversation.risk, 'none', 'three months later the signs have faded');
  g.check('how old r u', { conversation: 'forget-me', now: 0 });
  assert.equal(g.forget('forget-me'), true);
  assert.equal(g.forget('forget-me'), false);
  assert.equal(g.check('hi', { conversation: 'forget-me', now: 1 }).conversation.risk, 'none');
});

test('checks without a conversation id keep the plain verdict', () => {
  const verdict = guard.check('how old r u');
  assert.equal(verdict.conversation, undefined);
  assert.equal(verdict.action, 'none', 'a signal never nudges alone');
  assert.equal(verdict.signals[0].severity, 'signal');
});

test('the state exports without text and imports across guards; bad states are refused whole', async () => {
  const a = await createGuard();
  const script = SCRIPTS.find((s) => s.lang === 'en' && s.messages.some((m) => m.risk === 'high'));
  replay(a, script.messages.length > 4 ? { ...script, messages: script.messages.slice(0, 5) } : script, 'saved');
  const saved = a.exportConversations();
  const parsed = JSON.parse(saved);
  assert.equal(parsed.version, 1);
  for (const m of script.messages) {
    assert.ok(!saved.includes(m.text), 'no message text in the state');
  }
  assert.deepEqual(nonIdentifiers(parsed).filter((s) => s !== 'saved'), [], 'only ids, words and numbers');

  const b = await createGuard();
  b.importConversations(saved);
  const rest = script.messages.slice(5);
  const continued = rest.map((m) => b.check(m.text, { direction: m.dir, conversation: 'saved', now: m.min * MINUTE }));
  assert.deepEqual(continued.map((v) => v.conversation.risk), rest.map((m) => m.risk), 'the risk goes on where it was');

  b.check('how old r u', { conversation: 'kept', now: 0 });
  const before = b.exportConversations();
  for (const bad of ['', '{}', saved.replace('"version":1', '"version":2'), saved.replace(/"stage":"[a-z_]+"/, '"stage":"flirting"')]) {
    assert.throws(() => b.importConversations(bad), TypeError, bad.slice(0, 40));
  }
  assert.equal(b.exportConversations(), before, 'a refused import changes nothing');
  a.free();
  b.free();
});

test('wrong option types are TypeErrors, never traps', () => {
  assert.throws(() => guard.check('hi', { conversation: 5 }), TypeError);
  assert.throws(() => guard.check('hi', { conversation: 'c', now: 'noon' }), TypeError);
  assert.throws(() => guard.check('hi', { conversation: 'c', now: Number.NaN }), TypeError);
  assert.throws(() => guard.forget(null), TypeError);
  assert.throws(() => guard.importConversations({}), TypeError);
  assert.equal(guard.check('hi', { conversation: 'c', now: 5 }).conversation.risk, 'none', 'the guard still works');
});

/** @param {string} locale */
function guardFor(locale) {
  return createGuard({ locale, country: 'KZ' });
}
