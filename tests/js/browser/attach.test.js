// attach() in the demo messenger: the child's outgoing message is held back by the nudge,
// "edit" keeps it in the composer with the flagged words selected, "send anyway" sends it,
// ordinary messages go straight through, and the tumar:nudge events carry no text.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SHARES_PHONE } from '../fixtures/messages.js';
import { cspViolations, openBrowser, readyPage } from './harness.js';

let session;
let page;
let log;
let loaded = 0;
before(async () => {
  session = await openBrowser();
  ({ page, log } = await readyPage(session, '?lang=en&country=GB'));
  await page.waitForSelector('.message--in');
  loaded = log.requests.length;
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.events = [];
    document.getElementById('composer')?.addEventListener('tumar:nudge', (event) => {
      w.events.push(/** @type {CustomEvent} */ (event).detail);
    });
  });
});
after(() => session.close());

/** The texts of the child's sent bubbles. */
const sent = () => page.$$eval('.message--out .bubble', (bubbles) => bubbles.map((b) => b.textContent));

test('an ordinary message is sent without a nudge', { timeout: 60_000 }, async () => {
  await page.fill('#draft', 'see you at practice tomorrow');
  await page.press('#draft', 'Enter');
  await page.waitForSelector('.message--out');
  assert.deepEqual(await sent(), ['see you at practice tomorrow']);
  assert.equal(await page.$('dialog.tumar-nudge'), null);
});

test('the typing-time check flags the composer before sending', { timeout: 60_000 }, async () => {
  await page.fill('#draft', '');
  await page.type('#draft', SHARES_PHONE);
  assert.equal(await page.$eval('#composer', (f) => f.classList.contains('composer--flagged')), true);
});

test('"edit" holds the message back and selects the flagged words', { timeout: 60_000 }, async () => {
  await page.press('#draft', 'Enter');
  await page.waitForSelector('dialog.tumar-nudge[open][data-direction="outgoing"]');
  await page.click('dialog [data-choice="edit"]');
  await page.waitForSelector('dialog.tumar-nudge', { state: 'detached' });
  const composer = await page.$eval('#draft', (t) => ({
    value: /** @type {HTMLTextAreaElement} */ (t).value,
    selected: /** @type {HTMLTextAreaElement} */ (t).value.slice(
      /** @type {HTMLTextAreaElement} */ (t).selectionStart,
      /** @type {HTMLTextAreaElement} */ (t).selectionEnd,
    ),
    focused: document.activeElement === t,
  }));
  assert.equal(composer.value, SHARES_PHONE, 'still in the composer');
  assert.ok(composer.selected.length > 0 && SHARES_PHONE.includes(composer.selected), composer.selected);
  assert.ok(composer.focused);
  assert.deepEqual(await sent(), ['see you at practice tomorrow'], 'not sent');
});

test('"send anyway" sends it', { timeout: 60_000 }, async () => {
  await page.click('#send');
  await page.waitForSelector('dialog.tumar-nudge[open]');
  await page.click('dialog [data-choice="send_anyway"]');
  await page.waitForFunction((n) => document.querySelectorAll('.message--out').length === n, 2);
  assert.deepEqual(await sent(), ['see you at practice tomorrow', SHARES_PHONE]);
  assert.equal(await page.inputValue('#draft'), '');
});

test('tumar:nudge events tell the choice and never the text', async () => {
  const events = await page.evaluate(() => /** @type {any} */ (window).events);
  assert.deepEqual(
    events.map((e) => [e.direction, e.choice]),
    [
      ['outgoing', 'edit'],
      ['outgoing', 'send_anyway'],
    ],
  );
  for (const event of events) {
    assert.deepEqual(Object.keys(event).sort(), ['categories', 'category', 'choice', 'direction', 'severity']);
    assert.ok(!JSON.stringify(event).includes('555'), 'no text');
  }
});

test('no request, error or CSP violation while sending', async () => {
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.requests.slice(loaded), [], 'nothing requested after the page loaded');
  assert.ok(log.requests.every((url) => url.startsWith(session.url)), String(log.requests));
  assert.deepEqual(await cspViolations(page), []);
});

test('a bare textarea: Enter is held back for a nudge, "send anyway" repeats it, detach() lets go', { timeout: 60_000 }, async () => {
  const { page: bare, log: bareLog } = await readyPage(session, 'test/');
  await bare.evaluate(async () => {
    const w = /** @type {any} */ (window);
    const field = document.createElement('textarea');
    field.id = 'field';
    document.body.append(field);
    w.sent = [];
    field.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        w.sent.push(field.value);
        field.value = '';
      }
    });
    w.guard = await w.tumar.createGuard({ locale: 'en', country: 'GB' });
    w.attachment = w.tumar.attach(field, w.guard);
  });
  const sentNow = () => bare.evaluate(() => /** @type {any} */ (window).sent);

  await bare.fill('#field', 'ok see you');
  await bare.press('#field', 'Enter');
  assert.deepEqual(await sentNow(), ['ok see you']);

  await bare.fill('#field', SHARES_PHONE);
  await bare.press('#field', 'Enter');
  await bare.waitForSelector('dialog.tumar-nudge[open]');
  assert.deepEqual(await sentNow(), ['ok see you'], 'held back while the nudge is open');
  await bare.click('dialog [data-choice="send_anyway"]');
  await bare.waitForFunction(() => /** @type {any} */ (window).sent.length === 2);
  assert.deepEqual(await sentNow(), ['ok see you', SHARES_PHONE]);

  await bare.evaluate(() => /** @type {any} */ (window).attachment.detach());
  await bare.fill('#field', SHARES_PHONE);
  await bare.press('#field', 'Enter');
  assert.deepEqual(await sentNow(), ['ok see you', SHARES_PHONE, SHARES_PHONE], 'no nudge after detach');
  assert.equal(await bare.$('dialog.tumar-nudge'), null);
  assert.deepEqual(bareLog.errors, []);
  await bare.close();
});
