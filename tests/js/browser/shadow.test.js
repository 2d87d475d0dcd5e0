// watch() on a messenger built from web components (open shadow roots), on a phone (390x844,
// touch) with a keyboard: a chat component drawn after watch started, whose composer sends on
// Enter from its own keydown listener, and a nested send-bar component whose form submits
// inside its own shadow root (a submit event never leaves it). The host never sees a flagged
// message before the child chose.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SHARES_PHONE } from '../fixtures/messages.js';
import { VIEWPORTS, cspViolations, openBrowser, readyPage } from './harness.js';

let session;
/** @type {import('playwright-core').Page} */
let page;
let log;

before(async () => {
  session = await openBrowser();
  ({ page, log } = await readyPage(session, 'test/', { viewport: VIEWPORTS.phone, touch: true }));
  await page.evaluate(async () => {
    const w = /** @type {any} */ (window);
    w.sent = [];
    w.composerLog = [];
    const guard = await w.tumar.createGuard({ locale: 'en', country: 'GB' });
    w.watcher = w.tumar.watch(document, guard, {
      onComposer: (/** @type {HTMLElement} */ composer, /** @type {boolean} */ added) => w.composerLog.push(`${added ? '+' : '-'}${composer.id}`),
    });

    class SendBar extends HTMLElement {
      constructor() {
        super();
        const shadow = this.attachShadow({ mode: 'open' });
        shadow.innerHTML = '<form><input type="text" id="bar-input"><button type="submit" id="bar-send">Send</button></form>';
        const form = /** @type {HTMLFormElement} */ (shadow.querySelector('form'));
        form.addEventListener('submit', (event) => {
          event.preventDefault();
          const input = /** @type {HTMLInputElement} */ (shadow.querySelector('input'));
          w.sent.push(['bar', input.value]);
          input.value = '';
        });
      }
    }
    class ChatBox extends HTMLElement {
      constructor() {
        super();
        const shadow = this.attachShadow({ mode: 'open' });
        const field = document.createElement('textarea');
        field.id = 'chat-input';
        field.addEventListener('keydown', (event) => {
          if (event.key === 'Enter' && !event.shiftKey) {
            event.preventDefault();
            w.sent.push(['chat', field.value]);
            field.value = '';
          }
        });
        shadow.append(field, document.createElement('send-bar'));
      }
    }
    customElements.define('send-bar', SendBar);
    customElements.define('chat-box', ChatBox);
    setTimeout(() => document.body.append(document.createElement('chat-box')), 300);
  });
  await page.waitForFunction(() => /** @type {any} */ (window).composerLog.length === 2);
});
after(() => session?.close());

const sentNow = () => page.evaluate(() => /** @type {any} */ (window).sent);

test('composers inside shadow roots, drawn after watch started, are found', async () => {
  const ids = await page.evaluate(() => /** @type {any} */ (window).watcher.composers.map((/** @type {HTMLElement} */ c) => c.id).sort());
  assert.deepEqual(ids, ['bar-input', 'chat-input']);
});

test('Enter in a shadow-DOM composer: ordinary text goes at once; a flagged message waits for the child', { timeout: 60_000 }, async () => {
  await page.tap('#chat-input');
  await page.keyboard.type('see you at practice');
  await page.keyboard.press('Enter');
  assert.deepEqual(await sentNow(), [['chat', 'see you at practice']]);

  await page.keyboard.type(SHARES_PHONE);
  await page.keyboard.press('Enter');
  await page.waitForSelector('dialog.tumar-nudge[open][data-direction="outgoing"]');
  assert.equal((await sentNow()).length, 1, 'held back');
  await page.tap('dialog [data-choice="send_anyway"]');
  await page.waitForFunction(() => /** @type {any} */ (window).sent.length === 2);
  assert.deepEqual((await sentNow())[1], ['chat', SHARES_PHONE], 'sent once, by the component');
});

test('a form submitting inside a nested shadow root is checked; "edit" keeps the message', { timeout: 60_000 }, async () => {
  await page.tap('#bar-input');
  await page.keyboard.type(SHARES_PHONE);
  await page.tap('#bar-send');
  await page.waitForSelector('dialog.tumar-nudge[open][data-direction="outgoing"]');
  assert.equal((await sentNow()).length, 2, 'held back');
  await page.tap('dialog [data-choice="edit"]');
  await page.waitForSelector('dialog.tumar-nudge', { state: 'detached' });
  const field = await page.evaluate(() => {
    const bar = /** @type {any} */ (document.querySelector('chat-box')).shadowRoot.querySelector('send-bar');
    const input = bar.shadowRoot.querySelector('input');
    return { value: input.value, focused: bar.shadowRoot.activeElement === input };
  });
  assert.deepEqual(field, { value: SHARES_PHONE, focused: true });
  assert.equal((await sentNow()).length, 2, 'not sent');
  await page.fill('#bar-input', 'ok, tomorrow');
  await page.tap('#bar-send');
  assert.deepEqual((await sentNow()).at(-1), ['bar', 'ok, tomorrow']);
});

test('a component that leaves the page takes its composers with it; no error or CSP violation', async () => {
  await page.evaluate(() => document.querySelector('chat-box')?.remove());
  await page.waitForFunction(() => /** @type {any} */ (window).composerLog.length === 4);
  assert.deepEqual((await page.evaluate(() => /** @type {any} */ (window).composerLog)).slice(2).sort(), ['-bar-input', '-chat-input']);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(await cspViolations(page), []);
});
