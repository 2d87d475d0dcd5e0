// Shared set-up of the browser tests: the project's own static server (scripts/serve.mjs,
// strict CSP) on a free port, Debian's Chromium driven by playwright-core, and a recorder of
// everything a page requests, logs, throws or has blocked by the CSP.

import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { DEMO_MOUNTS, startServer } from '../../../scripts/serve.mjs';

/** Where screenshots go (tests/artifacts/, not committed). */
export const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));

const EXECUTABLE = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Flags that work as root and keep Chromium from calling any outside host. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Starts the server (the demo's mounts plus `/test/` pages and any `extra` mounts) and a
 * headless Chromium.
 * @param {Record<string, string>} [extra] URL prefix -> directory
 * @param {{ csp?: string }} [options] a policy other than the strict one
 */
export async function openBrowser(extra = {}, { csp } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startServer({
    mounts: { ...DEMO_MOUNTS, '/test/': fileURLToPath(new URL('pages/', import.meta.url)), ...extra },
    csp,
  });
  const browser = await chromium.launch({ executablePath: EXECUTABLE, headless: true, args: FLAGS });
  return {
    url: server.url,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Screens the tests use: two phones (touch) and a desktop. */
export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  small: { width: 320, height: 568 },
  desktop: { width: 1280, height: 800 },
};

/**
 * A fresh page whose requests, console messages, page errors and CSP violations are recorded.
 * @param {import('playwright-core').Browser} browser
 * @param {{ viewport?: { width: number, height: number }, touch?: boolean }} [options] a touch
 *   screen (a phone) gets `hasTouch` and `isMobile`, so `page.tap` sends real touch events
 */
export async function recordedPage(browser, { viewport = { width: 900, height: 860 }, touch = false } = {}) {
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce', hasTouch: touch, isMobile: touch });
  const page = await context.newPage();
  const log = { requests: /** @type {string[]} */ ([]), console: /** @type {string[]} */ ([]), errors: /** @type {string[]} */ ([]) };
  page.on('request', (request) => log.requests.push(request.url()));
  page.on('console', (message) => log.console.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => log.errors.push(String(error)));
  await page.addInitScript(() => {
    /** @type {any} */ (window).cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      /** @type {any} */ (window).cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`.trim());
    });
  });
  return { page, log, context };
}

/**
 * A fresh recorded page (see `recordedPage`) at `path` of the test server, once the page's
 * script says it is ready (`body[data-ready="true"]`).
 * @param {{ browser: import('playwright-core').Browser, url: string }} session from `openBrowser`
 * @param {string} path after the server's URL (`test/`, `?lang=en`)
 * @param {{ viewport?: { width: number, height: number }, touch?: boolean }} [options]
 */
export async function readyPage(session, path, options) {
  const opened = await recordedPage(session.browser, options);
  await opened.page.goto(`${session.url}${path}`);
  await opened.page.waitForSelector('body[data-ready="true"]');
  return opened;
}

/**
 * The CSP violations the page has seen.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<string[]>}
 */
export function cspViolations(page) {
  return page.evaluate(() => /** @type {any} */ (window).cspViolations);
}
