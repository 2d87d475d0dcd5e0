// showNudge with the keyboard only, as a child using a keyboard or a screen reader meets it:
// focus moves to the dialog itself (never straight onto a button, so no single key press
// chooses) and stays in; every choice resolves after a deliberate Tab; "block" asks once more;
// Escape and the close button dismiss; focus comes back; nudges of different conversations
// queue instead of piling up.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { GROOMING, SHARES_PHONE } from '../fixtures/messages.js';
import { cspViolations, openBrowser, readyPage } from './harness.js';

let session;
let page;
let log;
before(async () => {
  session = await openBrowser();
  ({ page, log } = await readyPage(session, 'test/'));
  await page.evaluate(async () => {
    const w = /** @type {any} */ (window);
    const [guard, spare] = await Promise.all([w.tumar.createGuard({ locale: 'en', country: 'KZ' }), w.tumar.createGuard()]);
    spare.free();
    w.guard = guard;
  });
});
after(() => session.close());

/**
 * Focuses the page's button, opens a nudge for `text` and waits for it. The choice lands
 * in `window.choice` when the promise resolves.
 */
async function open(text, { direction = 'incoming', locale = 'en', country = 'KZ' } = {}) {
  await page.evaluate(
    ({ text, direction, locale, country }) => {
      const w = /** @type {any} */ (window);
      w.choice = undefined;
      document.getElementById('before')?.focus();
      const verdict = w.guard.check(text, { direction });
      w.tumar.showNudge(verdict, { locale, country }).then((choice) => {
        w.choice = choice;
      });
    },
    { text, direction, locale, country },
  );
  await page.waitForSelector('dialog.tumar-nudge[open]');
}

/** Waits for the open nudge to resolve and returns the choice. */
async function resolved() {
  await page.waitForFunction(() => /** @type {any} */ (window).choice !== undefined);
  await page.waitForSelector('dialog.tumar-nudge', { state: 'detached' });
  return page.evaluate(() => /** @type {any} */ (window).choice);
}

/** What has focus: `dialog`, a choice id, a link href, `close`, `cancel`, `yes`, or the element's id. */
function focused() {
  return page.evaluate(() => {
    const el = /** @type {HTMLElement} */ (document.activeElement);
    const inside = Boolean(el.closest('dialog.tumar-nudge'));
    const name = el.matches('dialog.tumar-nudge')
      ? 'dialog'
      : (el.dataset.choice ??
        el.getAttribute('href') ??
        (el.dataset.action === 'close' ? 'close' : el.dataset.action ?? (el.dataset.confirm ? 'yes' : el.id)));
    return { name, inside };
  });
}

/** Presses Tab until `id` has focus. */
async function tabTo(id) {
  for (let i = 0; i < 20; i++) {
    if ((await focused()).name === id) {
      return;
    }
    await page.keyboard.press('Tab');
  }
  assert.fail(`no focusable ${id}`);
}

/** Whether the nudge is still open with nothing chosen. */
const stillOpen = () => page.evaluate(() => /** @type {any} */ (window).choice === undefined && document.querySelector('dialog.tumar-nudge[open]') !== null);

test('focus moves to the dialog, not a button: Space and Enter choose nothing; Tab, Shift+Tab stay inside', { timeout: 60_000 }, async () => {
  await open(GROOMING.en);
  assert.deepEqual(await focused(), { name: 'dialog', inside: true });
  for (const key of ['Space', 'Enter', 'a', 'Space']) {
    await page.keyboard.press(key);
  }
  assert.ok(await stillOpen(), 'no key press meant for a composer chose anything');
  const count = await page.$$eval('dialog button, dialog a[href]', (items) => items.filter((i) => i.getClientRects().length > 0).length);
  const seen = [];
  for (let i = 0; i < count * 2; i++) {
    await page.keyboard.press('Tab');
    const now = await focused();
    assert.ok(now.inside, `Tab ${i + 1} left the dialog for ${now.name}`);
    seen.push(now.name);
  }
  assert.equal(new Set(seen).size, count, 'every visible control is reachable');
  await tabTo('close');
  await page.keyboard.press('Shift+Tab');
  assert.ok((await focused()).inside, 'Shift+Tab from the first control wraps to the last');
  await page.keyboard.press('Escape');
  assert.equal(await resolved(), 'dismiss');
  assert.equal((await focused()).name, 'before', 'focus returns where it was');
});

for (const [choice, key] of [
  ['report', 'Space'],
  ['talk', 'Enter'],
  ['keep_reading', 'Enter'],
]) {
  test(`the incoming choice "${choice}" resolves with Tab then ${key}`, { timeout: 60_000 }, async () => {
    await open(GROOMING.ru, { locale: 'ru' });
    await tabTo(choice);
    await page.keyboard.press(key);
    assert.equal(await resolved(), choice);
  });
}

test('"block" asks once more: Enter shows the question with focus on "not now", so Enter twice does not block', { timeout: 60_000 }, async () => {
  await open(GROOMING.en);
  await tabTo('block');
  await page.keyboard.press('Enter');
  assert.deepEqual(await focused(), { name: 'cancel', inside: true });
  const question = await page.$eval('dialog .tumar-nudge__confirm', (box) => ({
    visible: box.getClientRects().length > 0,
    label: document.getElementById(box.getAttribute('aria-labelledby') ?? '')?.textContent,
  }));
  assert.deepEqual(question, { visible: true, label: 'Block this person?' });
  await page.keyboard.press('Enter');
  assert.ok(await stillOpen(), 'the second Enter stepped back');
  assert.deepEqual(await focused(), { name: 'block', inside: true }, 'back on "block"');
  await page.keyboard.press('Enter');
  await tabTo('yes');
  await page.keyboard.press('Enter');
  assert.equal(await resolved(), 'block');
});

for (const choice of ['edit', 'send_anyway']) {
  test(`the outgoing choice "${choice}" resolves`, { timeout: 60_000 }, async () => {
    await open(SHARES_PHONE, { direction: 'outgoing' });
    assert.equal((await focused()).name, 'dialog');
    await tabTo(choice);
    await page.keyboard.press('Enter');
    assert.equal(await resolved(), choice);
  });
}

test('"get help" opens the support services, moves focus to the first and resolves when the dialog closes', { timeout: 60_000 }, async () => {
  await open(GROOMING.kk, { locale: 'kk' });
  await tabTo('get_help');
  await page.keyboard.press('Enter');
  const now = await focused();
  assert.deepEqual(now, { name: 'tel:150', inside: true }, 'focus on the primary service');
  assert.equal(await page.getAttribute('dialog .tumar-nudge__more', 'aria-expanded'), 'true', 'the other services are open');
  assert.equal(await page.isVisible('dialog.tumar-nudge[open]'), true, 'still open');
  await page.keyboard.press('Escape');
  assert.equal(await resolved(), 'get_help');
});

test('"more ways to get help" is a real toggle button', { timeout: 60_000 }, async () => {
  await open(GROOMING.kk, { locale: 'kk' });
  await tabTo('more');
  assert.equal(await page.getAttribute('dialog .tumar-nudge__more', 'aria-expanded'), 'false');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('dialog .tumar-nudge__more', 'aria-expanded'), 'true');
  const listed = await page.$$eval('dialog .tumar-nudge__service', (items) => items.filter((i) => i.getClientRects().length > 0).length);
  assert.ok(listed >= 2, `${listed} services`);
  await page.keyboard.press('Escape');
  assert.equal(await resolved(), 'dismiss');
});

test('the close button dismisses', { timeout: 60_000 }, async () => {
  await open(GROOMING.ar, { locale: 'ar', country: 'EG' });
  await tabTo('close');
  await page.keyboard.press('Enter');
  assert.equal(await resolved(), 'dismiss');
});

test('texts are set as text, and the close button has an accessible name', { timeout: 60_000 }, async () => {
  await open(GROOMING.uz, { locale: 'uz', country: 'UZ' });
  const shape = await page.evaluate(() => {
    const d = /** @type {HTMLElement} */ (document.querySelector('dialog.tumar-nudge'));
    return {
      closeName: d.querySelector('.tumar-nudge__close')?.getAttribute('aria-label'),
      titleChildren: d.querySelector('.tumar-nudge__title')?.childElementCount,
      bodyChildren: d.querySelector('.tumar-nudge__body')?.childElementCount,
      scripts: d.querySelectorAll('script, iframe, img, style').length,
      note: d.querySelector('.tumar-nudge__note')?.textContent,
      international: [...d.querySelectorAll('.tumar-nudge__badge--international')].length,
    };
  });
  assert.ok(shape.closeName);
  assert.deepEqual([shape.titleChildren, shape.bodyChildren, shape.scripts], [0, 0, 0]);
  assert.equal(shape.note, 'Mamlakatingdagi bolalar ishonch telefonini hozircha bilmaymiz.', 'Uzbekistan: said plainly');
  assert.ok(shape.international >= 1, 'the international directory is marked');
  await page.keyboard.press('Escape');
  await resolved();
});

test('nudges of different conversations queue: the second opens when the first closes; an aborted one resolves null', { timeout: 60_000 }, async () => {
  await page.evaluate((text) => {
    const w = /** @type {any} */ (window);
    const verdict = w.guard.check(text);
    const aborter = new AbortController();
    w.results = [];
    for (const options of [{ conversation: 'a' }, { conversation: 'b' }, { conversation: 'c', signal: aborter.signal }]) {
      w.tumar.showNudge(verdict, options).then((choice) => w.results.push(choice));
    }
    w.abort = () => aborter.abort();
  }, GROOMING.en);
  await page.waitForSelector('dialog.tumar-nudge[open]');
  assert.equal(await page.$$eval('dialog.tumar-nudge', (d) => d.length), 1, 'one at a time');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => /** @type {any} */ (window).results.length === 1);
  await page.waitForSelector('dialog.tumar-nudge[open]');
  await page.evaluate(() => /** @type {any} */ (window).abort());
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => /** @type {any} */ (window).results.length === 3);
  assert.deepEqual(await page.evaluate(() => /** @type {any} */ (window).results), ['dismiss', null, 'dismiss']);
  const none = await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    return w.tumar.showNudge(w.guard.check('see you at practice'));
  });
  assert.equal(none, null, 'a verdict without a nudge shows nothing');
});

test('one .wasm request, and no console message or CSP violation on the test page', () => {
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  assert.ok(log.requests.every((url) => url.startsWith(session.url)), String(log.requests));
  assert.equal(log.requests.filter((url) => url.endsWith('.wasm')).length, 1, 'the module is loaded once for two guards');
  return cspViolations(page).then((violations) => assert.deepEqual(violations, []));
});
