// The conversation nudge in Chromium, on a phone held by a child: a chat whose risk becomes high
// (the scripted chats of tests/fixtures/conversations) shows one nudge that lists the signs seen,
// in the child's language (all five; Arabic right to left) at 320x568 and 390x844, that fits
// the screen, whose buttons are reachable by touch and keyboard, and that lets the child keep
// reading. No request but the
// page's own files, no CSP violation. Screenshots go to tests/artifacts/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, VIEWPORTS, cspViolations, openBrowser, readyPage } from './harness.js';

const SCRIPTS = JSON.parse(readFileSync(new URL('../../fixtures/conversations/scripts.json', import.meta.url), 'utf8'));
const GROOMING = SCRIPTS.filter((s) => s.messages.some((m) => m.risk === 'high') && !s.name.includes('sextortion'));
const TARGET = 44;

let session;
before(async () => {
  session = await openBrowser();
});
after(() => session.close());

/**
 * Replays `script` on a fresh phone page with a guard in `locale`, showing every nudge a verdict
 * asks for the way an integrator does, and returns the page once the conversation nudge is open.
 */
async function chatUntilConversationNudge(script, locale, country, viewport) {
  const opened = await readyPage(session, 'test/', { viewport, touch: true });
  const { page } = opened;
  const shown = await page.evaluate(
    async ({ script, locale, country }) => {
      const w = /** @type {any} */ (window);
      w.guard = await w.tumar.createGuard({ locale, country });
      for (const m of script.messages) {
        const verdict = w.guard.check(m.text, { direction: m.dir, lang: script.lang, conversation: 'chat', now: m.min * 60_000 });
        if (verdict.nudge?.conversation) {
          w.choice = w.tumar.showNudge(verdict, { locale, country, conversation: 'chat' });
          await new Promise((resolve) => setTimeout(resolve, 0));
          await new Promise((resolve) => requestAnimationFrame(resolve));
          return { stages: verdict.conversation.stages, texts: JSON.stringify(verdict) };
        }
      }
      return null;
    },
    { script, locale, country },
  );
  return { ...opened, shown };
}

for (const [locale, country, screen] of [
  ['ar', 'EG', 'small'],
  ['ru', 'KZ', 'phone'],
  ['kk', 'KZ', 'small'],
  ['uz', 'UZ', 'phone'],
  ['en', 'GB', 'small'],
]) {
  test(`the conversation nudge lists the signs (${locale}), fits a ${screen} screen and lets the child go on`, { timeout: 60_000 }, async () => {
    const script = GROOMING.find((s) => s.lang === locale);
    const { page, log, context, shown } = await chatUntilConversationNudge(script, locale, country, VIEWPORTS[screen]);
    assert.ok(shown, 'the chat reached high risk');
    const view = await page.evaluate(() => {
      const d = /** @type {HTMLDialogElement} */ (document.querySelector('dialog.tumar-nudge[open]'));
      const box = d.getBoundingClientRect();
      const controls = [...d.querySelectorAll('button, a')].filter((c) => c.getClientRects().length > 0);
      return {
        dir: d.dir,
        conversation: d.dataset.conversation,
        signs: [...d.querySelectorAll('.tumar-nudge__sign')].map((li) => li.textContent),
        describedBy: d.getAttribute('aria-describedby'),
        inside: box.top >= 0 && box.left >= 0 && box.right <= innerWidth + 0.5,
        smallest: Math.min(...controls.map((c) => Math.min(c.getBoundingClientRect().height, c.getBoundingClientRect().width))),
        choices: [...d.querySelectorAll('[data-choice]')].map((b) => /** @type {HTMLElement} */ (b).dataset.choice),
        focusInside: d.contains(document.activeElement),
      };
    });
    await page.screenshot({ path: join(ARTIFACTS, `conversation-${locale}-${screen}.png`) });
    assert.equal(view.conversation, 'true');
    assert.equal(view.dir, locale === 'ar' ? 'rtl' : 'ltr');
    assert.equal(view.signs.length, shown.stages.length, JSON.stringify(view.signs));
    assert.ok(view.signs.every((s) => s && s.length > 5), 'every sign is said in words');
    assert.match(view.describedBy, /signs/, 'screen readers read the signs with the body');
    assert.ok(view.inside, 'the dialog is on screen');
    assert.ok(view.smallest >= TARGET, `touch targets are at least ${TARGET} px (smallest ${view.smallest})`);
    assert.equal(view.choices.at(-1), 'keep_reading');
    assert.ok(!shown.texts.includes(script.messages[0].text), 'the verdict holds no text');

    // Keyboard: Tab stays within the dialog; Escape closes it without blocking anyone.
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.querySelector('dialog[open]')?.contains(document.activeElement)));
    // Touch: "keep reading" closes the nudge and the child goes on.
    await page.tap('dialog [data-choice="keep_reading"]');
    const choice = await page.evaluate(() => /** @type {any} */ (window).choice);
    assert.equal(choice, 'keep_reading');
    assert.equal(await page.locator('dialog.tumar-nudge[open]').count(), 0);

    const foreign = log.requests.filter((url) => !url.startsWith(session.url));
    assert.deepEqual(foreign, [], 'no request leaves the page');
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(log.errors, []);
    await context.close();
  });
}
