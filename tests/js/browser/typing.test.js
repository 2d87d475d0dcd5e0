// The demo messenger while the child is typing, as a child meets it: a grooming message
// arrives mid-sentence. The nudge must not ambush: it appears at the top without taking focus,
// is announced politely to screen readers, every key the child types (spaces too) lands in the
// composer, and it takes focus only when the child turns to it: after a pause in typing (onto
// the dialog itself, where Space and Enter choose nothing), on Escape then Tab, or on a tap.
// Then the child's own self-harm message: offered help, and sent to the friend when they choose.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCRIPTS } from '../../../examples/messenger/script.js';
import { createGuard } from 'tumar';
import { GROOMING_INDEX, LOCALES } from '../fixtures/messages.js';
import { ARTIFACTS, VIEWPORTS, cspViolations, openBrowser, readyPage } from './harness.js';

/** The pause after which a waiting nudge takes focus (the package's default). */
const FOCUS_AFTER_MS = 3000;

const guard = await createGuard();

let session;
before(async () => {
  session = await openBrowser();
});
after(() => session.close());

/**
 * Opens the demo and lets the ordinary messages arrive, so that the next one is grooming.
 * @param {string} locale
 * @param {{ viewport?: { width: number, height: number }, touch?: boolean }} [screen]
 */
async function demo(locale, screen = {}) {
  const opened = await readyPage(session, `?lang=${locale}&country=${SCRIPTS[locale].country}`, screen);
  const { page } = opened;
  for (let i = 1; i < GROOMING_INDEX; i++) {
    await page.waitForSelector('#next:not([disabled])');
    await page.evaluate(() => document.getElementById('next')?.click());
  }
  await page.waitForFunction((n) => document.querySelectorAll('.message--in').length === n, GROOMING_INDEX);
  await page.waitForSelector('#next:not([disabled])');
  return opened;
}

/** The contact's next (grooming) message arrives; a script click, so focus stays put. */
const arrive = (page) => page.evaluate(() => document.getElementById('next')?.click());

/** The state of the nudge and of focus. */
function state(page) {
  return page.evaluate(() => {
    const d = /** @type {HTMLDialogElement | null} */ (document.querySelector('dialog.tumar-nudge'));
    const active = /** @type {HTMLElement} */ (document.activeElement);
    return {
      open: Boolean(d?.open),
      waiting: Boolean(d?.classList.contains('tumar-nudge--waiting')),
      modal: d?.getAttribute('aria-modal'),
      role: d?.getAttribute('role'),
      focus: active === d ? 'dialog' : active.id || active.dataset.choice || active.tagName,
      draft: /** @type {HTMLTextAreaElement} */ (document.getElementById('draft')).value,
      live: document.querySelector('.tumar-nudge-live')?.textContent ?? null,
      liveRole: document.querySelector('.tumar-nudge-live')?.getAttribute('aria-live') ?? null,
      notes: [...document.querySelectorAll('.note')].map((n) => n.textContent),
      sent: [...document.querySelectorAll('.message--out .bubble')].map((b) => b.textContent),
    };
  });
}

test('a nudge arriving while the child types never takes focus or a key press, and is announced politely', { timeout: 90_000 }, async () => {
  const { page, log, context } = await demo('en');
  await page.click('#draft');
  const sentence = 'ok see you at the park after school then i will bring the ball ';
  // Keep typing (spaces included) while the grooming message arrives and its nudge appears.
  const typing = page.keyboard.type(sentence, { delay: 60 });
  await page.waitForTimeout(300);
  await arrive(page);
  await page.waitForSelector('dialog.tumar-nudge[open]');
  await typing;

  const now = await state(page);
  assert.equal(now.focus, 'draft', 'focus stayed in the composer');
  assert.equal(now.draft, sentence, 'every key, spaces too, went to the composer');
  assert.ok(now.waiting && now.modal === 'false' && now.role === 'dialog', 'the nudge waits, non-modal');
  assert.deepEqual(now.notes, [], 'no choice was made (nothing blocked)');
  assert.equal(now.liveRole, 'polite');
  assert.ok(now.live?.includes('Does something feel wrong?'), `announced: ${now.live}`);
  const box = await page.locator('dialog.tumar-nudge').boundingBox();
  const composer = await page.locator('#draft').boundingBox();
  assert.ok(box && composer && box.y + box.height <= composer.y, 'it does not cover the composer');
  await page.screenshot({ path: join(ARTIFACTS, 'typing-waiting-en.png') });

  // The child stops typing: after the pause the nudge takes focus, on the dialog itself.
  await page.waitForFunction(() => document.activeElement?.matches('dialog.tumar-nudge'), null, { timeout: FOCUS_AFTER_MS + 3000 });
  const turned = await state(page);
  assert.ok(!turned.waiting && turned.modal === 'true' && turned.role === 'alertdialog', 'now a modal alert dialog');
  for (const key of ['Space', 'Enter', 'Space']) {
    await page.keyboard.press(key);
  }
  assert.deepEqual((await state(page)).notes, [], 'Space and Enter chose nothing');
  assert.ok((await state(page)).open);
  await page.screenshot({ path: join(ARTIFACTS, 'typing-engaged-en.png') });

  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog.tumar-nudge', { state: 'detached' });
  const closed = await state(page);
  assert.equal(closed.focus, 'draft', 'focus returns to the composer');
  assert.equal(closed.draft, sentence, 'the draft is untouched');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(await cspViolations(page), []);
  await context.close();
});

test('Escape then Tab turns to a waiting nudge at once; any other key in between does not', { timeout: 60_000 }, async () => {
  const { page, context } = await demo('ru');
  await page.click('#draft');
  await page.keyboard.type('привет ', { delay: 20 });
  await arrive(page);
  await page.waitForSelector('dialog.tumar-nudge--waiting[open]');
  await page.keyboard.press('Escape');
  await page.keyboard.type('a');
  await page.keyboard.press('Tab');
  assert.ok((await state(page)).waiting, 'Escape, a letter, Tab: still waiting');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  const now = await state(page);
  assert.ok(!now.waiting && now.modal === 'true', 'Escape then Tab opened it');
  assert.equal(now.focus, 'dialog');
  assert.ok(now.draft.startsWith('привет a'), now.draft);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal((await state(page)).focus, 'block', 'then Tab walks the choices');
  await page.keyboard.press('Enter');
  assert.deepEqual((await state(page)).notes, [], 'block asks once more');
  await context.close();
});

/** What a child might be typing, per language. */
const TYPING = { kk: ['сәлем ', 'қалайсың'], ru: ['привет ', 'как дела'], uz: ['salom ', 'qalaysan'], ar: ['مرحبا ', 'كيف حالك'], en: ['hi ', 'how are you'] };

for (const locale of LOCALES) {
  test(`touch (${locale}): the waiting nudge is announced in ${locale}, never opens under a typing thumb, and a tap opens it`, { timeout: 60_000 }, async () => {
    const { page, context } = await demo(locale, { viewport: VIEWPORTS.phone, touch: true });
    const [before, after] = TYPING[locale];
    await page.tap('#draft');
    await page.keyboard.type(before, { delay: 30 });
    await arrive(page);
    await page.waitForSelector('dialog.tumar-nudge--waiting[open]');
    await page.keyboard.type(after, { delay: 30 });
    const waiting = await state(page);
    assert.equal(waiting.focus, 'draft');
    const expected = guard.nudge(guard.check(SCRIPTS[locale].messages[GROOMING_INDEX]), { locale, country: SCRIPTS[locale].country });
    await page.waitForFunction((title) => document.querySelector('.tumar-nudge-live')?.textContent?.includes(title), expected.title);
    const shown = await page.evaluate(() => {
      const d = /** @type {HTMLElement} */ (document.querySelector('dialog.tumar-nudge'));
      return { dir: getComputedStyle(d).direction, hint: d.querySelector('.tumar-nudge__waiting')?.textContent, lang: d.lang };
    });
    assert.deepEqual(shown, { dir: locale === 'ar' ? 'rtl' : 'ltr', hint: expected.labels.waiting, lang: locale });
    await page.screenshot({ path: join(ARTIFACTS, `typing-waiting-${locale}-phone.png`) });
    await page.tap('dialog.tumar-nudge');
    const now = await state(page);
    assert.ok(!now.waiting && now.modal === 'true', 'the tap opened it');
    assert.deepEqual(now.notes, [], 'the tap chose nothing');
    assert.equal(now.draft, before + after);
    await page.screenshot({ path: join(ARTIFACTS, `typing-engaged-${locale}-phone.png`) });
    await page.tap('dialog [data-choice="keep_reading"]');
    await page.waitForSelector('dialog.tumar-nudge', { state: 'detached' });
    assert.deepEqual((await state(page)).notes, []);
    await context.close();
  });
}

for (const [locale, text] of [
  ['en', 'i want to die'],
  ['ru', 'я хочу умереть'],
]) {
  test(`sending self-harm text (${locale}): help is offered, Enter twice does not send, and "send" reaches the friend`, { timeout: 60_000 }, async () => {
    const { page, context } = await demo(locale, { viewport: VIEWPORTS.phone, touch: true });
    await page.tap('#draft');
    await page.keyboard.type(text, { delay: 10 });
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog.tumar-nudge[open][data-direction="outgoing"][data-category="self_harm"]');
    await page.keyboard.press('Enter'); // a second Enter meant for the composer
    const held = await state(page);
    assert.deepEqual(held.sent, [], 'not sent yet');
    assert.equal(held.focus, 'dialog', 'focus on the dialog, not on a button');
    const dialog = await page.evaluate(() => {
      const d = /** @type {HTMLElement} */ (document.querySelector('dialog.tumar-nudge'));
      return {
        body: d.querySelector('.tumar-nudge__body')?.textContent ?? '',
        choices: [...d.querySelectorAll('.tumar-nudge__choices [data-choice]')].map((b) => b.getAttribute('data-choice')),
        calls: [...d.querySelectorAll('a[href^="tel:"]')].map((a) => a.getAttribute('href')),
      };
    });
    assert.deepEqual(dialog.choices, ['get_help', 'talk', 'send_anyway']);
    assert.match(dialog.body, locale === 'en' ? /brave/ : /смело/);
    assert.ok(dialog.calls.length > 0, 'a number to call right away');
    await page.screenshot({ path: join(ARTIFACTS, `self-harm-outgoing-${locale}.png`) });
    await page.tap('dialog [data-choice="send_anyway"]');
    await page.waitForFunction(() => document.querySelectorAll('.message--out').length === 1);
    assert.deepEqual((await state(page)).sent, [text], 'the message reached the friend');
    await context.close();
  });
}
