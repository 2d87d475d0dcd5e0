// watch() in a live page on a phone (390x844, touch) with a keyboard, as a messenger draws it:
// a chat whose composer appears after a delay and whose own keydown listener sends on Enter,
// a React-style contenteditable composer with a send button that is not in a form, a form
// with an emoji-search box next to the composer, composers that leave, and incoming messages.
// The host's send handlers must never see a flagged message before the child chose.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { GROOMING, SHARES_PHONE } from '../fixtures/messages.js';
import { VIEWPORTS, cspViolations, openBrowser, readyPage } from './harness.js';

let session;
/** @type {import('playwright-core').Page} */
let page;
let log;
let loaded = 0;

before(async () => {
  session = await openBrowser();
  ({ page, log } = await readyPage(session, 'test/', { viewport: VIEWPORTS.phone, touch: true }));
  await page.evaluate(async () => {
    const w = /** @type {any} */ (window);
    w.sent = [];
    w.events = [];
    w.composerLog = [];
    w.guard = await w.tumar.createGuard({ locale: 'en', country: 'GB' });
    w.watcher = w.tumar.watch(document, w.guard, {
      conversation: (/** @type {HTMLElement} */ composer) => composer.closest('[data-chat]')?.getAttribute('data-chat') ?? undefined,
      sendButtons: '.send',
      onComposer: (/** @type {HTMLElement} */ composer, /** @type {boolean} */ added) => w.composerLog.push(`${added ? '+' : '-'}${composer.id}`),
    });
    document.addEventListener('tumar:nudge', (event) => w.events.push(/** @type {CustomEvent} */ (event).detail));
    // The messenger draws the chat later, as Converse.js does; its own listener sends on Enter.
    setTimeout(() => {
      const chat = document.createElement('div');
      chat.dataset.chat = 'friend@example.org';
      const field = document.createElement('textarea');
      field.id = 'late';
      field.addEventListener('keydown', (event) => {
        if (event.keyCode === 13 && !event.shiftKey) {
          event.preventDefault();
          w.sent.push(['late', field.value]);
          field.value = '';
        }
      });
      chat.append(field);
      document.body.append(chat);
    }, 400);
  });
  await page.waitForSelector('#late');
  loaded = log.requests.length;
});
after(() => session?.close());

const sentNow = () => page.evaluate(() => /** @type {any} */ (window).sent);

test("showNudge without options speaks the locale and country of the verdict's guard", { timeout: 60_000 }, async () => {
  const expected = await page.evaluate(async (text) => {
    const w = /** @type {any} */ (window);
    const guard = await w.tumar.createGuard({ locale: 'ru', country: 'KZ' });
    w.russian = guard.check(text);
    const content = guard.nudge(w.russian);
    w.shown = w.tumar.showNudge(w.russian);
    return { title: content.title, service: content.services[0].name };
  }, GROOMING.ru);
  await page.waitForSelector('dialog.tumar-nudge[open]');
  const dialog = await page.$eval('dialog.tumar-nudge', (d) => ({ lang: d.getAttribute('lang'), text: d.textContent ?? '' }));
  assert.equal(dialog.lang, 'ru');
  assert.ok(dialog.text.includes(expected.title), 'the Russian title');
  assert.ok(dialog.text.includes(expected.service), "Kazakhstan's first service");
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).shown), 'dismiss');
});

test('a composer added after a delay is found; an ordinary Enter reaches the host at once', { timeout: 60_000 }, async () => {
  await page.waitForFunction(() => /** @type {any} */ (window).composerLog.includes('+late'));
  await page.tap('#late');
  await page.keyboard.type('see you at practice');
  await page.keyboard.press('Enter');
  assert.deepEqual(await sentNow(), [['late', 'see you at practice']]);
  assert.equal(await page.$('dialog.tumar-nudge'), null);
});

test("Enter on a flagged message: the host's own keydown listener never sends it; send anyway does", { timeout: 60_000 }, async () => {
  await page.keyboard.type(SHARES_PHONE);
  await page.keyboard.press('Enter');
  await page.waitForSelector('dialog.tumar-nudge[open][data-direction="outgoing"]');
  assert.deepEqual(await sentNow(), [['late', 'see you at practice']], 'held back');
  // A second Enter while the nudge is open lands on the dialog, never sends.
  await page.keyboard.press('Enter');
  assert.equal((await sentNow()).length, 1);
  await page.tap('dialog [data-choice="send_anyway"]');
  await page.waitForFunction(() => /** @type {any} */ (window).sent.length === 2);
  assert.deepEqual((await sentNow())[1], ['late', SHARES_PHONE], 'sent once, by the host');
});

test('"edit" keeps the message in the composer with the flagged words selected', { timeout: 60_000 }, async () => {
  await page.tap('#late');
  await page.keyboard.type(SHARES_PHONE);
  await page.keyboard.press('Enter');
  await page.waitForSelector('dialog.tumar-nudge[open]');
  await page.tap('dialog [data-choice="edit"]');
  await page.waitForSelector('dialog.tumar-nudge', { state: 'detached' });
  const field = await page.$eval('#late', (t) => {
    const area = /** @type {HTMLTextAreaElement} */ (t);
    return { value: area.value, selected: area.value.slice(area.selectionStart, area.selectionEnd), focused: document.activeElement === area };
  });
  assert.equal(field.value, SHARES_PHONE);
  assert.ok(field.selected.length > 0 && SHARES_PHONE.includes(field.selected), field.selected);
  assert.ok(field.focused);
  assert.equal((await sentNow()).length, 2, 'not sent');
  await page.fill('#late', '');
});

test('a React-style contenteditable composer with a send button outside any form', { timeout: 60_000 }, async () => {
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    const bar = document.createElement('div');
    bar.dataset.chat = 'room-7';
    const editor = document.createElement('div');
    editor.id = 'editor';
    editor.contentEditable = 'true';
    editor.setAttribute('role', 'textbox');
    editor.style.minHeight = '44px';
    const send = document.createElement('div');
    send.className = 'send';
    send.setAttribute('role', 'button');
    send.textContent = 'Send';
    send.style.minHeight = '44px';
    // As React does: one listener at the root for every click.
    document.body.addEventListener('click', (event) => {
      if (/** @type {HTMLElement} */ (event.target).closest('.send')) {
        w.sent.push(['editor', editor.innerText]);
        editor.textContent = '';
      }
    });
    bar.append(editor, send);
    document.body.prepend(bar);
  });
  await page.tap('#editor');
  await page.keyboard.type('ok');
  await page.tap('.send');
  assert.deepEqual((await sentNow()).at(-1), ['editor', 'ok']);

  await page.tap('#editor');
  await page.keyboard.type(SHARES_PHONE);
  await page.tap('.send');
  await page.waitForSelector('dialog.tumar-nudge[open][data-direction="outgoing"]');
  assert.deepEqual((await sentNow()).at(-1), ['editor', 'ok'], 'the root click listener never saw it');
  await page.tap('dialog [data-choice="send_anyway"]');
  await page.waitForFunction((text) => /** @type {any} */ (window).sent.at(-1)[1] === text, SHARES_PHONE);

  // "edit" in an editable element selects the flagged words too.
  await page.tap('#editor');
  await page.keyboard.type(SHARES_PHONE);
  await page.tap('.send');
  await page.waitForSelector('dialog.tumar-nudge[open]');
  await page.tap('dialog [data-choice="edit"]');
  await page.waitForSelector('dialog.tumar-nudge', { state: 'detached' });
  const selected = await page.evaluate(() => String(document.getSelection()));
  assert.ok(selected.length > 0 && SHARES_PHONE.includes(selected), selected);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'editor');
  assert.equal((await sentNow()).at(-1)[1], SHARES_PHONE, 'the edited one was not sent again');
});

test('a form submit checks the composer the child typed in, not the emoji search beside it', { timeout: 60_000 }, async () => {
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    const form = document.createElement('form');
    form.dataset.chat = 'form-chat';
    form.innerHTML =
      '<input type="text" id="emoji-search" placeholder="search emoji">' +
      '<textarea id="message"></textarea><button type="submit" id="submit">Send</button>';
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const message = /** @type {HTMLTextAreaElement} */ (form.querySelector('#message'));
      w.sent.push(['form', message.value]);
      message.value = '';
    });
    document.body.prepend(form);
  });
  await page.fill('#emoji-search', 'smile');
  await page.tap('#message');
  await page.keyboard.type(SHARES_PHONE);
  await page.tap('#submit');
  await page.waitForSelector('dialog.tumar-nudge[open][data-direction="outgoing"]');
  assert.notDeepEqual((await sentNow()).at(-1), ['form', SHARES_PHONE]);
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog.tumar-nudge', { state: 'detached' });
  assert.notDeepEqual((await sentNow()).at(-1), ['form', SHARES_PHONE], 'dismissing does not send');
  await page.fill('#message', 'fine, later');
  await page.tap('#submit');
  assert.deepEqual((await sentNow()).at(-1), ['form', 'fine, later']);
});

test('composers that leave the page are let go', async () => {
  await page.evaluate(() => document.querySelector('[data-chat="room-7"]')?.remove());
  await page.waitForFunction(() => /** @type {any} */ (window).composerLog.includes('-editor'));
  const ids = await page.evaluate(() => /** @type {any} */ (window).watcher.composers.map((/** @type {HTMLElement} */ c) => c.id).sort());
  assert.deepEqual(ids, ['emoji-search', 'late', 'message']);
});

test('incoming(): a harmful message nudges in its conversation; an ordinary one does not', { timeout: 60_000 }, async () => {
  const calm = await page.evaluate(() => /** @type {any} */ (window).watcher.incoming('are you coming to the match?', { conversation: 'friend@example.org' }));
  assert.equal(calm.choice, null);
  assert.equal(calm.verdict.action, 'none');
  await page.evaluate((text) => {
    const w = /** @type {any} */ (window);
    w.review = w.watcher.incoming(text, { conversation: 'stranger@example.org' });
  }, GROOMING.en);
  await page.waitForSelector('dialog.tumar-nudge[open][data-direction="incoming"]');
  await page.tap('dialog [data-choice="keep_reading"]');
  const review = await page.evaluate(() => /** @type {any} */ (window).review);
  assert.equal(review.choice, 'keep_reading');
  assert.equal(review.verdict.nudge.category, 'grooming');
});

test('events carry no text; nothing requested after load; no error or CSP violation; stop() lets go', async () => {
  const events = await page.evaluate(() => /** @type {any} */ (window).events);
  assert.deepEqual(
    events.map((/** @type {any} */ e) => [e.direction, e.choice]),
    [
      ['outgoing', 'send_anyway'],
      ['outgoing', 'edit'],
      ['outgoing', 'send_anyway'],
      ['outgoing', 'edit'],
      ['outgoing', 'dismiss'],
      ['incoming', 'keep_reading'],
    ],
  );
  assert.ok(!JSON.stringify(events).includes('555'));
  assert.deepEqual(log.requests.slice(loaded), []);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(await cspViolations(page), []);

  await page.evaluate(() => /** @type {any} */ (window).watcher.stop());
  await page.tap('#late');
  await page.keyboard.type(SHARES_PHONE);
  await page.keyboard.press('Enter');
  assert.deepEqual((await sentNow()).at(-1), ['late', SHARES_PHONE], 'no check after stop()');
  assert.equal(await page.$('dialog.tumar-nudge'), null);
});

test('a guard whose check fails (throws, or a worker rejects) never holds what the child writes', { timeout: 60_000 }, async () => {
  const failures = { throws: 'throw', rejects: 'reject' };
  for (const [id, how] of Object.entries(failures)) {
    await page.evaluate(
      ({ id, how }) => {
        const w = /** @type {any} */ (window);
        const field = document.createElement('textarea');
        field.id = id;
        field.addEventListener('keydown', (event) => {
          if (event.keyCode === 13 && !event.shiftKey) {
            event.preventDefault();
            w.sent.push([id, field.value]);
            field.value = '';
          }
        });
        const box = document.createElement('div');
        box.append(field);
        document.body.append(box);
        const failing = {
          locale: 'en',
          country: 'GB',
          check() {
            if (how === 'throw') {
              throw new Error('the module failed');
            }
            return Promise.reject(new Error('the worker failed'));
          },
        };
        w.tumar.watch(box, failing);
      },
      { id, how },
    );
    await page.tap(`#${id}`);
    await page.keyboard.type(SHARES_PHONE);
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => /** @type {any} */ (window).sent.some((/** @type {string[]} */ s) => s[0] === id), id);
    assert.deepEqual((await sentNow()).at(-1), [id, SHARES_PHONE], `${how}: the message is sent`);
  }
  assert.equal(await page.$('dialog.tumar-nudge'), null);
  assert.deepEqual(log.errors, [], 'and no uncaught error');
});
