// Run-time content in the popup on a phone: the integrator's own service is the primary one
// with a real tel: link, overridden texts are shown, and markup in them stays text. The same
// content given to a worker guard reaches the popup too.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { GROOMING } from '../fixtures/messages.js';
import { VIEWPORTS, cspViolations, openBrowser, readyPage } from './harness.js';

const CONTENT = {
  services: { add: [{ id: 'school-counsellor', name: 'School counsellor <b>Aigerim</b>', kind: 'child_helpline', countries: ['KZ'], phone: '+77010000000' }] },
  texts: { en: { incoming: { grooming: { title: '<img src=x id=injected> Wait a moment' } }, choices: { keep_reading: 'Go on reading' } } },
};

let session;
before(async () => {
  session = await openBrowser();
});
after(() => session?.close());

/**
 * Shows the grooming nudge of a guard made by `make` in a fresh phone page; returns what it shows.
 * @param {string} path
 * @param {string} make
 */
async function shownBy(path, make) {
  const { page, log } = await readyPage(session, path, { viewport: VIEWPORTS.phone, touch: true });
  await page.evaluate(
    async ({ text, content, make }) => {
      const w = /** @type {any} */ (window);
      const guard = make === 'worker' ? await w.tumar.createWorkerGuard({ locale: 'en', country: 'KZ', content }) : await w.tumar.createGuard({ locale: 'en', country: 'KZ', content });
      w.shown = w.tumar.showNudge(await guard.check(text));
    },
    { text: GROOMING.en, content: CONTENT, make },
  );
  await page.waitForSelector('dialog.tumar-nudge[open]');
  const seen = await page.$eval('dialog.tumar-nudge', (dialog) => ({
    title: dialog.querySelector('.tumar-nudge__title')?.textContent,
    keepReading: dialog.querySelector('[data-choice="keep_reading"]')?.textContent,
    firstLink: /** @type {HTMLAnchorElement | null} */ (dialog.querySelector('.tumar-nudge__services a'))?.href,
    firstService: dialog.querySelector('.tumar-nudge__services li')?.textContent ?? '',
    markup: dialog.querySelectorAll('img, b').length + (document.getElementById('injected') ? 1 : 0),
  }));
  await page.tap('dialog [data-choice="keep_reading"]');
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).shown), 'keep_reading');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(await cspViolations(page), []);
  await page.close();
  return seen;
}

const EXPECTED = {
  title: '<img src=x id=injected> Wait a moment',
  keepReading: 'Go on reading',
  firstLink: 'tel:+77010000000',
  markup: 0,
};

test("the integrator's service and texts show in the popup, as text", { timeout: 60_000 }, async () => {
  const { firstService, ...seen } = await shownBy('test/', 'main');
  assert.deepEqual(seen, EXPECTED);
  assert.ok(firstService.includes('School counsellor <b>Aigerim</b>'), firstService);
});

test('a worker guard carries the same content to the popup', { timeout: 60_000 }, async () => {
  const { firstService, ...seen } = await shownBy('test/load-worker.html', 'worker');
  assert.deepEqual(seen, EXPECTED);
  assert.ok(firstService.includes('School counsellor <b>Aigerim</b>'), firstService);
});
