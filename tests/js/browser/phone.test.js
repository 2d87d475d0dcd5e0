// The nudge on a phone, as a child holds it: at 390x844 and 320x568 (and a desktop), in every
// language, for every category and direction, the first view fits the screen with nothing cut
// off; every button and link is a touch target of at least 44 px; phone numbers never wrap;
// one primary service shows and the others are one tap away. With touch (tap events), "get
// help" visibly opens the help part, "block" asks once more, and "keep reading" lets the child
// go on. Measurements are printed as test diagnostics; screenshots go to tests/artifacts/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LOCALES } from '../fixtures/messages.js';
import { ARTIFACTS, VIEWPORTS, cspViolations, openBrowser, readyPage } from './harness.js';

/** The child's country in each language: the richest service lists, and Uzbekistan's note. */
const COUNTRY = { kk: 'KZ', ru: 'RU', uz: 'UZ', ar: 'EG', en: 'GB' };
const CATEGORIES = ['grooming', 'sextortion', 'bullying', 'self_harm', 'personal_info', 'money'];
const DIRECTIONS = ['incoming', 'outgoing'];
/** The smallest touch target, in CSS pixels. */
const TARGET = 44;

/**
 * A verdict that calls for the nudge of `category` in `direction` (the popup reads only these).
 * @param {string} category
 * @param {string} direction
 */
const verdictFor = (category, direction) => ({
  action: 'nudge',
  severity: 'high',
  categories: [category],
  hits: [],
  truncated: false,
  nudge: { category, direction },
});

let session;
before(async () => {
  session = await openBrowser();
});
after(() => session.close());

/**
 * A test page with the package loaded and a guard created, at `viewport`.
 * @param {{ width: number, height: number }} viewport
 * @param {boolean} touch
 */
async function testPage(viewport, touch) {
  const opened = await readyPage(session, 'test/', { viewport, touch });
  await opened.page.evaluate(async () => {
    const w = /** @type {any} */ (window);
    w.guard = await w.tumar.createGuard();
  });
  return opened;
}

/**
 * Opens a nudge and measures its first view; closes it again (abort) unless `keep`.
 * @param {import('playwright-core').Page} page
 */
async function measure(page, verdict, locale, country, keep = false) {
  return page.evaluate(
    async ({ verdict, locale, country, keep }) => {
      const w = /** @type {any} */ (window);
      const aborter = new AbortController();
      w.abortNudge = () => aborter.abort();
      w.choice = undefined;
      w.tumar.showNudge(verdict, { locale, country, signal: aborter.signal }).then((c) => {
        w.choice = c;
      });
      await new Promise((resolve) => setTimeout(resolve, 0));
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const d = /** @type {HTMLDialogElement} */ (document.querySelector('dialog.tumar-nudge[open]'));
      const outer = d.getBoundingClientRect();
      const style = getComputedStyle(d);
      // Controls must stay inside the padding, not just inside the border.
      const box = {
        left: outer.left + parseFloat(style.paddingLeft),
        right: outer.right - parseFloat(style.paddingRight),
        top: outer.top,
        bottom: outer.bottom,
      };
      const shown = (/** @type {Element} */ e) => e.getClientRects().length > 0;
      const controls = [...d.querySelectorAll('button, a[href]')].filter(shown).map((e) => {
        const r = e.getBoundingClientRect();
        return {
          name: /** @type {HTMLElement} */ (e).dataset.choice ?? e.getAttribute('href') ?? e.className,
          width: r.width,
          height: r.height,
          // The close button sits in the corner, over the padding; the rest stays inside it.
          inside: e.matches('.tumar-nudge__close')
            ? r.left >= outer.left && r.right <= outer.right
            : r.left >= box.left - 0.5 && r.right <= box.right + 0.5,
          spills: e.scrollWidth > e.clientWidth + 1,
        };
      });
      const phonesShown = () =>
        [...d.querySelectorAll('.tumar-nudge__phone')].filter((e) => e.closest('[hidden]') === null).map((e) => ({
          text: e.textContent,
          lines: e.getClientRects().length,
        }));
      const phones = phonesShown();
      const compact = {
        top: outer.top,
        bottom: outer.bottom,
        left: outer.left,
        right: outer.right,
        contentHeight: d.scrollHeight,
        clientHeight: d.clientHeight,
        scrollWidth: d.scrollWidth,
        clientWidth: d.clientWidth,
        viewport: { width: innerWidth, height: innerHeight },
        controls,
        phones,
        primaryServices: d.querySelectorAll('.tumar-nudge__service--primary').length,
        hiddenServices: d.querySelectorAll('.tumar-nudge__service-list--more[hidden] .tumar-nudge__service').length,
        services: d.querySelectorAll('.tumar-nudge__service').length,
        note: Boolean(d.querySelector('.tumar-nudge__note')),
        lastChoice: [...d.querySelectorAll('.tumar-nudge__choices [data-choice]')].pop()?.getAttribute('data-choice'),
      };
      if (keep) {
        return compact;
      }
      // All services open: every number still on one line, every link still a touch target.
      /** @type {HTMLElement | null} */ (d.querySelector('.tumar-nudge__more'))?.click();
      const expanded = {
        contentHeight: d.scrollHeight,
        phones: phonesShown(),
        controls: [...d.querySelectorAll('.tumar-nudge__services a[href], .tumar-nudge__services button')].filter(shown).map((e) => {
          const r = e.getBoundingClientRect();
          return { name: e.getAttribute('href') ?? e.className, width: r.width, height: r.height };
        }),
      };
      // The block confirm step: its buttons too are whole touch targets.
      /** @type {HTMLElement | null} */ (d.querySelector('[data-choice="block"]'))?.click();
      const confirm = [...d.querySelectorAll('.tumar-nudge__confirm button')].filter(shown).map((e) => {
        const r = e.getBoundingClientRect();
        return { name: e.textContent, width: r.width, height: r.height, spills: e.scrollWidth > e.clientWidth + 1, inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5 };
      });
      aborter.abort();
      return { ...compact, expanded, confirm };
    },
    { verdict, locale, country, keep },
  );
}

/** Asserts the first view of a measured nudge fits and can be touched. */
function assertFits(m, label) {
  assert.ok(m.top >= 0 && m.bottom <= m.viewport.height + 0.5, `${label}: the dialog is on screen (${m.top}..${m.bottom})`);
  assert.ok(m.left >= 0 && m.right <= m.viewport.width + 0.5, `${label}: not wider than the screen`);
  assert.ok(m.contentHeight <= m.clientHeight + 1, `${label}: nothing cut off (content ${m.contentHeight} px in ${m.clientHeight} px)`);
  assert.ok(m.scrollWidth <= m.clientWidth + 1, `${label}: no sideways scrolling`);
  for (const c of [...m.controls, ...(m.confirm ?? [])]) {
    assert.ok(c.height >= TARGET - 0.5 && c.width >= TARGET - 0.5, `${label}: ${c.name} is ${c.width}x${c.height}`);
    assert.ok(c.inside, `${label}: ${c.name} sticks out of the dialog`);
    assert.ok(!c.spills, `${label}: the text of ${c.name} spills out of its button`);
  }
  for (const p of [...m.phones, ...(m.expanded?.phones ?? [])]) {
    assert.equal(p.lines, 1, `${label}: ${p.text} wraps`);
  }
  for (const c of m.expanded?.controls ?? []) {
    assert.ok(c.height >= TARGET - 0.5 && c.width >= TARGET - 0.5, `${label} (all services): ${c.name} is ${c.width}x${c.height}`);
  }
  if (m.services > 0) {
    assert.equal(m.primaryServices, 1, `${label}: one primary service`);
    assert.equal(m.hiddenServices, m.services - 1, `${label}: the others one tap away`);
  }
}

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  test(`${name} ${viewport.width}x${viewport.height}: every nudge in every language fits, with 44 px targets and whole numbers`, { timeout: 180_000 }, async (t) => {
    const { page, log, context } = await testPage(viewport, name !== 'desktop');
    let tallest = { contentHeight: 0, label: '' };
    let smallest = { size: Infinity, label: '' };
    for (const locale of LOCALES) {
      for (const category of CATEGORIES) {
        for (const direction of DIRECTIONS) {
          const label = `${locale} ${category} ${direction}`;
          const m = await measure(page, verdictFor(category, direction), locale, COUNTRY[locale]);
          assertFits(m, `${name} ${label}`);
          assert.equal(m.lastChoice, direction === 'outgoing' ? 'send_anyway' : 'keep_reading', `${label}: the child can go on`);
          if (m.contentHeight > tallest.contentHeight) {
            tallest = { contentHeight: m.contentHeight, label };
          }
          for (const c of m.controls) {
            const size = Math.min(c.width, c.height);
            if (size < smallest.size) {
              smallest = { size, label: `${label} ${c.name}` };
            }
          }
        }
      }
    }
    t.diagnostic(`${name} ${viewport.width}x${viewport.height}: tallest first view ${Math.round(tallest.contentHeight)} px (${tallest.label}) of ${viewport.height} px; smallest target ${Math.round(smallest.size)} px (${smallest.label})`);

    // Screenshots of some first views: each language's grooming nudge, and the richest ones.
    for (const locale of LOCALES) {
      await measure(page, verdictFor('grooming', 'incoming'), locale, COUNTRY[locale], true);
      await page.screenshot({ path: join(ARTIFACTS, `phone-${name}-${locale}-grooming.png`) });
      await page.evaluate(() => /** @type {any} */ (window).abortNudge());
    }
    for (const [locale, category, direction] of [
      ['uz', 'self_harm', 'outgoing'],
      ['ru', 'self_harm', 'incoming'],
      ['kk', 'bullying', 'incoming'],
    ]) {
      await measure(page, verdictFor(category, direction), locale, COUNTRY[locale], true);
      await page.screenshot({ path: join(ARTIFACTS, `phone-${name}-${locale}-${category}-${direction}.png`) });
      await page.evaluate(() => /** @type {any} */ (window).abortNudge());
    }
    assert.deepEqual(log.errors, []);
    assert.deepEqual(await cspViolations(page), []);
    await context.close();
  });
}

test('touch: "get help" visibly opens the help part and focuses the first service', { timeout: 60_000 }, async (t) => {
  const { page, context } = await testPage(VIEWPORTS.small, true);
  await measure(page, verdictFor('grooming', 'incoming'), 'kk', 'KZ', true);
  const before = await page.evaluate(() => {
    const d = /** @type {HTMLElement} */ (document.querySelector('dialog.tumar-nudge'));
    return {
      more: d.querySelector('.tumar-nudge__more')?.getAttribute('aria-expanded'),
      hidden: d.querySelectorAll('.tumar-nudge__service-list--more[hidden]').length,
      open: d.querySelector('.tumar-nudge__services--open') !== null,
    };
  });
  assert.deepEqual(before, { more: 'false', hidden: 1, open: false });
  await page.tap('dialog [data-choice="get_help"]');
  const afterTap = await page.evaluate(() => {
    const d = /** @type {HTMLElement} */ (document.querySelector('dialog.tumar-nudge'));
    const section = /** @type {HTMLElement} */ (d.querySelector('.tumar-nudge__services'));
    const dialogBox = d.getBoundingClientRect();
    const visible = (/** @type {Element} */ e) => {
      const r = e.getBoundingClientRect();
      return r.height > 0 && r.top >= dialogBox.top - 0.5 && r.bottom <= dialogBox.bottom + 0.5;
    };
    const active = /** @type {HTMLElement} */ (document.activeElement);
    return {
      more: d.querySelector('.tumar-nudge__more')?.getAttribute('aria-expanded'),
      hidden: d.querySelectorAll('.tumar-nudge__service-list--more[hidden]').length,
      marked: section.classList.contains('tumar-nudge__services--open'),
      background: getComputedStyle(section).backgroundColor,
      focused: active.getAttribute('href'),
      focusedVisible: visible(active),
      services: d.querySelectorAll('.tumar-nudge__service').length,
    };
  });
  assert.equal(afterTap.more, 'true', 'the other services are shown');
  assert.equal(afterTap.hidden, 0);
  assert.ok(afterTap.marked, 'the help part is marked');
  assert.notEqual(afterTap.background, 'rgba(0, 0, 0, 0)', 'and looks different');
  assert.equal(afterTap.focused, 'tel:150', 'focus on the first service: 150');
  assert.ok(afterTap.focusedVisible, 'scrolled into view');
  t.diagnostic(`kk KZ grooming after "get help" at 320x568: ${afterTap.services} services shown`);
  await page.screenshot({ path: join(ARTIFACTS, 'phone-small-kk-get-help.png') });
  assert.equal(await page.isVisible('dialog.tumar-nudge[open]'), true, 'still open');
  await page.tap('dialog .tumar-nudge__close');
  await page.waitForFunction(() => /** @type {any} */ (window).choice !== undefined);
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).choice), 'get_help');
  await context.close();
});

test('touch: "block" needs a second, deliberate tap; a double tap or "not now" does not block', { timeout: 60_000 }, async () => {
  const { page, context } = await testPage(VIEWPORTS.phone, true);
  await measure(page, verdictFor('grooming', 'incoming'), 'ru', 'RU', true);
  // A double tap on "block": the second tap lands on the confirm step and must not block.
  const box = await page.locator('dialog [data-choice="block"]').boundingBox();
  assert.ok(box);
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.touchscreen.tap(x, y);
  await page.touchscreen.tap(x, y);
  assert.equal(await page.isVisible('dialog .tumar-nudge__confirm'), true, 'the confirm step is shown');
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).choice), undefined, 'not blocked by a double tap');
  await page.screenshot({ path: join(ARTIFACTS, 'phone-ru-block-confirm.png') });
  await page.tap('dialog [data-action="cancel"]');
  assert.equal(await page.isVisible('dialog [data-choice="block"]'), true, '"not now" goes back to the choices');
  await page.tap('dialog [data-choice="block"]');
  await page.waitForTimeout(450);
  await page.tap('dialog [data-confirm="block"]');
  await page.waitForFunction(() => /** @type {any} */ (window).choice !== undefined);
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).choice), 'block');
  await context.close();
});

test('touch: "keep reading" closes an incoming nudge, and every language has it', { timeout: 60_000 }, async () => {
  const { page, context } = await testPage(VIEWPORTS.small, true);
  for (const locale of LOCALES) {
    await measure(page, verdictFor('bullying', 'incoming'), locale, COUNTRY[locale], true);
    await page.tap('dialog [data-choice="keep_reading"]');
    await page.waitForFunction(() => /** @type {any} */ (window).choice !== undefined);
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).choice), 'keep_reading', locale);
  }
  await context.close();
});

test('an integrator may hide "send anyway" and "keep reading" explicitly', { timeout: 60_000 }, async () => {
  const { page, context } = await testPage(VIEWPORTS.desktop, false);
  const choices = await page.evaluate(async () => {
    const w = /** @type {any} */ (window);
    const ids = async (direction, options) => {
      const aborter = new AbortController();
      w.tumar.showNudge(
        { action: 'nudge', severity: 'high', categories: ['self_harm'], hits: [], truncated: false, nudge: { category: 'self_harm', direction } },
        { ...options, signal: aborter.signal, conversation: direction },
      );
      await new Promise((resolve) => setTimeout(resolve, 0));
      const found = [...document.querySelectorAll('dialog.tumar-nudge[open] [data-choice]')].map((b) => b.getAttribute('data-choice'));
      aborter.abort();
      await new Promise((resolve) => setTimeout(resolve, 0));
      return found;
    };
    return {
      outgoing: await ids('outgoing', {}),
      outgoingOff: await ids('outgoing', { allowSendAnyway: false }),
      incomingOff: await ids('incoming', { allowKeepReading: false }),
    };
  });
  assert.deepEqual(choices.outgoing, ['get_help', 'talk', 'send_anyway']);
  assert.deepEqual(choices.outgoingOff, ['get_help', 'talk']);
  assert.deepEqual(choices.incomingOff, ['get_help', 'talk', 'report', 'block']);
  await context.close();
});
