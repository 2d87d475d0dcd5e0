// The demo messenger in headless Chromium, as a child meets it: in each language the contact's
// grooming message brings up the nudge, accessible and right-to-left for Arabic, with the
// country's real tel: links, while the page makes no request and the strict CSP holds.
// Screenshots of the nudge in each language go to tests/artifacts/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createGuard } from 'tumar';
import { SCRIPTS } from '../../../examples/messenger/script.js';
import { CSP } from '../../../scripts/serve.mjs';
import { GROOMING, GROOMING_INDEX, LOCALES } from '../fixtures/messages.js';
import { ARTIFACTS, cspViolations, openBrowser, recordedPage, readyPage } from './harness.js';

const guard = await createGuard();
let session;
before(async () => {
  session = await openBrowser();
});
after(() => session.close());

/**
 * Opens the demo in `locale` and lets the scripted messages arrive until the nudge is open.
 * @returns the page, its recorder, and the requests made while messages were checked
 */
async function openNudge(locale, country = SCRIPTS[locale].country) {
  const { page, log, context } = await recordedPage(session.browser);
  const response = await page.goto(`${session.url}?lang=${locale}&country=${country}`);
  assert.equal(response?.headers()['content-security-policy'], CSP);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForSelector('.message--in');
  const loaded = log.requests.length;
  for (let i = 0; i < GROOMING_INDEX; i++) {
    await page.click('#next:not([disabled])');
  }
  await page.waitForSelector('dialog.tumar-nudge[open]');
  return { page, log, context, during: () => log.requests.slice(loaded) };
}

for (const locale of LOCALES) {
  test(`a grooming message in ${locale} brings up the nudge in ${locale}`, { timeout: 60_000 }, async () => {
    const { country } = SCRIPTS[locale];
    const { page, log, context, during } = await openNudge(locale, country);
    const dialog = await page.evaluate(() => {
      const d = /** @type {HTMLDialogElement} */ (document.querySelector('dialog.tumar-nudge'));
      const text = (ids) => ids.split(' ').map((id) => document.getElementById(id)?.textContent).join(' ');
      return {
        role: d.getAttribute('role'),
        modal: d.getAttribute('aria-modal'),
        label: text(d.getAttribute('aria-labelledby') ?? ''),
        description: text(d.getAttribute('aria-describedby') ?? ''),
        lang: d.lang,
        dir: d.dir,
        computedDir: getComputedStyle(d).direction,
        category: d.dataset.category,
        focusInside: d.contains(document.activeElement),
        focusOnDialog: document.activeElement === d,
        tels: [...d.querySelectorAll('a[href^="tel:"]')].map((a) => a.getAttribute('href')),
        https: [...d.querySelectorAll('a[href^="https:"]')].map((a) => [a.getAttribute('href'), a.target, a.rel]),
        choices: [...d.querySelectorAll('[data-choice]')].map((b) => /** @type {HTMLElement} */ (b).dataset.choice),
      };
    });
    const expected = guard.nudge(guard.check(GROOMING[locale]), { locale, country });

    assert.equal(dialog.role, 'alertdialog');
    assert.equal(dialog.modal, 'true');
    assert.ok(dialog.label.includes(expected.title), 'labelled by its title');
    assert.equal(dialog.description, expected.body);
    assert.equal(dialog.lang, locale);
    assert.equal(dialog.category, 'grooming');
    assert.equal(dialog.dir, locale === 'ar' ? 'rtl' : 'ltr');
    assert.equal(dialog.computedDir, locale === 'ar' ? 'rtl' : 'ltr');
    assert.ok(dialog.focusInside, 'focus moved into the dialog');
    assert.ok(dialog.focusOnDialog, 'onto the dialog itself, not a button a stray key could press');
    assert.deepEqual(dialog.choices, expected.choices.map((c) => c.id));
    assert.deepEqual(dialog.tels, expected.services.filter((s) => s.tel && s.phone).map((s) => s.tel));
    assert.ok(dialog.tels.length > 0, 'at least one number to call');
    for (const [href, target, rel] of dialog.https) {
      assert.ok(expected.services.some((s) => s.url === href), href);
      assert.equal(target, '_blank');
      assert.equal(rel, 'noopener noreferrer');
    }

    // What a screen reader gets: Chromium's accessibility tree names the dialog, the choices
    // and the primary call link; "more ways to get help" opens the others.
    const named = page.getByRole('alertdialog', { name: expected.title });
    assert.equal(await named.count(), 1, 'the alertdialog is named by its title');
    for (const choice of expected.choices) {
      assert.equal(await named.getByRole('button', { name: choice.label, exact: true }).count(), 1, choice.label);
    }
    const callable = expected.services.filter((s) => s.tel && s.phone);
    const callName = (service) => `${expected.labels.call} ${service.phone}`;
    assert.equal(await named.getByRole('link', { name: callName(callable[0]) }).count(), 1, 'the primary number');
    await page.screenshot({ path: join(ARTIFACTS, `nudge-${locale}.png`) });
    const more = named.getByRole('button', { name: expected.labels.more_help });
    if (expected.services.length > 1) {
      await more.click();
      assert.equal(await more.getAttribute('aria-expanded'), 'true');
    }
    for (const service of callable) {
      assert.ok((await named.getByRole('link', { name: callName(service) }).count()) >= 1, service.phone);
    }
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog.tumar-nudge', { state: 'detached' });

    assert.deepEqual(during(), [], 'no request while messages were checked and the nudge shown');
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.console.filter((m) => m.startsWith('error') || m.startsWith('warning')), []);
    for (const url of log.requests) {
      assert.ok(url.startsWith(session.url), `only the page's own files: ${url}`);
    }
    await context.close();
  });
}

test('Kazakhstan shows the children and youth helpline 150, never 105', { timeout: 60_000 }, async () => {
  const { page, context } = await openNudge('kk', 'KZ');
  const tels = await page.$$eval('dialog a[href^="tel:"]', (links) => links.map((a) => a.getAttribute('href')));
  assert.ok(tels.includes('tel:150'), String(tels));
  assert.ok(!tels.includes('tel:105'));
  await context.close();
});

test('the child blocks the contact: the messenger, not tumar, acts on the choice', { timeout: 60_000 }, async () => {
  const { page, context } = await openNudge('en', 'GB');
  await page.keyboard.press('Enter');
  assert.equal(await page.$('.note'), null, 'Enter on the opened nudge does nothing');
  await page.click('dialog [data-choice="block"]');
  await page.waitForSelector('dialog .tumar-nudge__confirm:not([hidden])');
  assert.equal(await page.$('.note'), null, 'block asks once more');
  await page.waitForTimeout(450);
  await page.click('dialog [data-confirm="block"]');
  await page.waitForSelector('.note');
  assert.equal(await page.textContent('.note'), SCRIPTS.en.ui.blocked);
  assert.equal(await page.isDisabled('#draft'), true);
  assert.equal(await page.$$eval('mark', (marks) => marks.length > 0), true, 'the flagged words are marked');
  await context.close();
});

test('the strict CSP is enforced on the demo (an inline script is blocked and reported)', { timeout: 60_000 }, async () => {
  const { page, context } = await readyPage(session, '?lang=en');
  assert.deepEqual(await cspViolations(page), [], 'the package and the demo need nothing the CSP forbids');
  const ran = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true';
    document.body.append(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return /** @type {any} */ (window).inlineRan === true;
  });
  assert.equal(ran, false, 'inline script blocked');
  assert.ok((await cspViolations(page)).some((v) => v.startsWith('script-src')), 'and reported');
  await context.close();
});
