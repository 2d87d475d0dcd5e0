// Run-time content from Node, as an integrator gives it: support services added (listed first
// in their countries), hidden and corrected; texts and choice labels overridden per locale;
// every mistake a ContentError with a path, and a rejected change keeps the content before it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGuard } from 'tumar';
import { GROOMING, SHARES_PHONE } from '../fixtures/messages.js';

const COUNSELLOR = {
  id: 'school-counsellor',
  name: 'School counsellor Aigerim',
  kind: 'child_helpline',
  countries: ['kz'],
  phone: '+77010000000',
  hours: 'Mon-Fri 9-17',
};
const TRUST_AND_SAFETY = { id: 'app-safety-team', name: 'Our safety team', kind: 'online_report', countries: ['KZ', 'UZ'], url: 'https://example.org/report', categories: ['grooming'] };

/** @param {import('tumar').Guard} guard @param {string} text @param {'incoming' | 'outgoing'} [direction] */
const nudgeFor = (guard, text, direction = 'incoming') => guard.nudge(guard.check(text, { direction }));

test('added services come first in their countries (and categories); others are untouched', async () => {
  const guard = await createGuard({ locale: 'ru', country: 'KZ', content: { services: { add: [COUNSELLOR, TRUST_AND_SAFETY] } } });
  const grooming = nudgeFor(guard, GROOMING.ru);
  assert.deepEqual(grooming.services.slice(0, 2).map((s) => s.id), ['school-counsellor', 'app-safety-team']);
  assert.deepEqual(grooming.services[0], {
    id: 'school-counsellor',
    name: 'School counsellor Aigerim',
    kind: 'child_helpline',
    phone: '+77010000000',
    tel: 'tel:+77010000000',
    url: null,
    hours: 'Mon-Fri 9-17',
    for_parents: false,
    international: false,
  });
  const phone = nudgeFor(guard, SHARES_PHONE, 'outgoing');
  assert.equal(phone.services[0].id, 'school-counsellor', 'every category');
  assert.ok(!phone.services.some((s) => s.id === 'app-safety-team'), 'grooming only');
  const elsewhere = guard.nudge(guard.check(GROOMING.ru), { country: 'RU' });
  assert.ok(!elsewhere.services.some((s) => s.id === 'school-counsellor'), 'KZ only');
  guard.free();
});

test('hidden and replaced services; local_helpline follows what is left', async () => {
  const plain = await createGuard({ locale: 'en', country: 'KZ' });
  const before = nudgeFor(plain, GROOMING.en);
  plain.free();
  assert.equal(before.local_helpline, true);
  const talk = before.services.filter((s) => !s.international && ['child_helpline', 'child_protection', 'mental_health'].includes(s.kind));
  assert.ok(talk.length > 0, 'Kazakhstan lists someone to talk to');

  const hidden = await createGuard({ locale: 'en', country: 'KZ', content: { services: { hide: talk.map((s) => s.id) } } });
  const after = nudgeFor(hidden, GROOMING.en);
  assert.deepEqual(after.services.map((s) => s.id), before.services.filter((s) => !talk.includes(s)).map((s) => s.id));
  assert.equal(after.local_helpline, false, 'nobody local to talk to is left');
  hidden.free();

  const [first] = before.services;
  const replaced = await createGuard({ locale: 'en', country: 'KZ', content: { services: { replace: { [first.id]: { name: 'Renamed by the app', phone: '1234' } } } } });
  const fixed = nudgeFor(replaced, GROOMING.en).services[0];
  assert.deepEqual(fixed, { ...first, name: 'Renamed by the app', phone: '1234', tel: 'tel:1234' });
  replaced.free();
});

test('texts and choice labels are overridden per locale; other locales keep theirs', async () => {
  const content = {
    texts: {
      ru: {
        incoming: { grooming: { title: 'Стоп, подумай' } },
        choices: { report: 'Сообщить модератору' },
        labels: { messages_count: 'Сообщений: {n}' },
      },
    },
  };
  const guard = await createGuard({ locale: 'ru', country: 'KZ', content });
  const ru = nudgeFor(guard, GROOMING.ru);
  assert.equal(ru.title, 'Стоп, подумай');
  assert.equal(ru.choices.find((c) => c.id === 'report')?.label, 'Сообщить модератору');
  assert.equal(ru.labels.messages_count, 'Сообщений: {n}');
  const plain = await createGuard({ locale: 'ru', country: 'KZ' });
  assert.equal(ru.body, nudgeFor(plain, GROOMING.ru).body, 'the body was not overridden');
  const english = (/** @type {import('tumar').Guard} */ g) => g.nudge(g.check(GROOMING.en), { locale: 'en' });
  assert.deepEqual(english(guard), english(plain), 'English untouched');
  plain.free();
  guard.free();
});

test("the conversation nudge's title, body and each sign are overridden per locale", async () => {
  const content = {
    texts: {
      kk: {
        conversation: {
          title: 'Бұл чат алаңдатады',
          signs: { age: 'Жасыңды қайта-қайта сұрайды', threats: 'Қорқытады' },
        },
        incoming: { grooming: { title: 'Not for the conversation nudge' } },
      },
    },
  };
  const guard = await createGuard({ locale: 'kk', country: 'KZ', content });
  const plain = await createGuard({ locale: 'kk', country: 'KZ' });
  // A verdict as check() gives it once a chat's risk is high (stages strongest first).
  const verdict = {
    action: 'nudge',
    nudge: { category: 'sextortion', direction: 'incoming', conversation: true },
    conversation: { risk: 'high', stages: ['secrecy', 'age'], reasons: [{ category: 'sextortion' }, { category: 'grooming' }] },
  };
  const own = guard.nudge(/** @type {any} */ (verdict));
  const built = plain.nudge(/** @type {any} */ (verdict));
  assert.equal(own.title, 'Бұл чат алаңдатады');
  assert.equal(own.body, built.body, 'the body was not overridden');
  assert.equal(built.signs.length, 3);
  assert.deepEqual(own.signs, ['Қорқытады', built.signs[1], 'Жасыңды қайта-қайта сұрайды'], 'each sign by its stage; secrecy keeps its own');
  const calm = { ...verdict, conversation: { ...verdict.conversation, reasons: [{ category: 'grooming' }] } };
  assert.deepEqual(guard.nudge(/** @type {any} */ (calm)).signs, [plain.nudge(/** @type {any} */ (calm)).signs[0], 'Жасыңды қайта-қайта сұрайды'], 'without threats');
  assert.equal(guard.nudge(guard.check(GROOMING.kk)).title, 'Not for the conversation nudge', 'message nudges keep their own overrides');
  plain.free();
  guard.free();
});

test('mistakes are ContentErrors with a path; a rejected setContent keeps the content before it', async () => {
  const cases = [
    [{ services: { add: [{ ...COUNSELLOR, countries: ['XX'] }] } }, 'services.add[0].countries[0]', /unknown country code "XX"/],
    [{ services: { add: [{ ...COUNSELLOR, url: 'http://example.org' }] } }, 'services.add[0].url', /https: link/],
    [{ services: { add: [{ ...COUNSELLOR, url: 'javascript:alert(1)' }] } }, 'services.add[0].url', /https: link/],
    [{ services: { add: [{ ...COUNSELLOR, phone: 'call me' }] } }, 'services.add[0].phone', /number to dial/],
    [{ services: { add: [{ id: 'x', kind: 'police', countries: ['KZ'], phone: '102' }] } }, 'services.add[0].name', /missing/],
    [{ services: { add: [{ ...COUNSELLOR, phone: undefined }] } }, 'services.add[0]', /phone.*url/],
    [{ services: { add: [{ ...COUNSELLOR, id: 'kz-150' }] } }, 'services.add[0].id', /built-in/],
    [{ services: { add: [{ ...COUNSELLOR, kind: 'friend' }] } }, 'services.add[0].kind', /one of/],
    [{ services: { hide: ['no-such-service'] } }, 'services.hide[0]', /no service/],
    [{ services: { replace: { 'kz-150': { url: 'ftp://x' } } } }, 'services.replace.kz-150.url', /https: link/],
    [{ texts: { ru: { incoming: { grooming: { titel: 'x' } } } } }, 'texts.ru.incoming.grooming.titel', /unknown key/],
    [{ texts: { fr: {} } }, 'texts.fr', /one of/],
    [{ texts: { en: { labels: { messages_count: 'Messages' } } } }, 'texts.en.labels.messages_count', /\{n\}/],
    [{ texts: { en: { incoming: { grooming: { title: 'x'.repeat(200) } } } } }, 'texts.en.incoming.grooming.title', /longer than/],
    [{ texts: { en: { choices: { block: '' } } } }, 'texts.en.choices.block', /non-empty/],
    [{ texts: { en: { conversation: { signs: { flirting: 'x' } } } } }, 'texts.en.conversation.signs.flirting', /unknown key/],
    [{ texts: { en: { conversation: { signs: { age: 'x'.repeat(100) } } } } }, 'texts.en.conversation.signs.age', /longer than/],
    [{ texts: { en: { conversation: { heading: 'x' } } } }, 'texts.en.conversation.heading', /unknown key/],
    [{ helplines: [] }, 'helplines', /unknown key/],
  ];
  for (const [content, path, message] of cases) {
    await assert.rejects(createGuard({ content }), (error) => {
      assert.equal(error.name, 'ContentError', path);
      assert.equal(error.path, path);
      assert.match(error.message, message);
      return true;
    });
  }

  const guard = await createGuard({ locale: 'en', country: 'KZ', content: { services: { add: [COUNSELLOR] } } });
  assert.throws(() => guard.setContent({ services: { add: [{ ...COUNSELLOR, url: 'http://x' }] } }), { name: 'ContentError' });
  assert.equal(nudgeFor(guard, GROOMING.en).services[0].id, 'school-counsellor', 'the content before it stays');
  guard.setContent();
  assert.notEqual(nudgeFor(guard, GROOMING.en).services[0].id, 'school-counsellor', 'cleared');
  guard.free();
});
