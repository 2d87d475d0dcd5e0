// The tumar/converse plugin end to end: Converse.js from npm in headless Chromium on a phone,
// logged in to Debian's Prosody on 127.0.0.1 as the child; a stranger (a Node XMPP client)
// writes to the child. The nudge shows for the stranger's harmful message (and not for their
// typing notifications or ordinary messages); the child's harmful reply (by Enter or the send
// button) is held back by the nudge until "send anyway", and only then reaches the stranger.
// The page requests nothing but its own files and the XMPP WebSocket, and has no CSP violation.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { client, xml } from '@xmpp/client';
import { GROOMING, SHARES_PHONE } from '../fixtures/messages.js';
import { ARTIFACTS, VIEWPORTS, cspViolations, openBrowser, recordedPage } from './harness.js';
import { DOMAIN, startProsody } from './xmpp.js';

const CHILD = { user: 'child', password: 'child-pass-1' };
const STRANGER = { user: 'stranger', password: 'stranger-pass-1' };
const CHILD_JID = `${CHILD.user}@${DOMAIN}`;
const STRANGER_JID = `${STRANGER.user}@${DOMAIN}`;
const CONVERSE_DIST = fileURLToPath(new URL('../node_modules/converse.js/dist/', import.meta.url));

let prosody;
let session;
let stranger;
/** Bodies the stranger received from the child. */
const received = [];
/** @type {import('playwright-core').Page} */
let page;
let log;
const sockets = [];

before(async () => {
  prosody = await startProsody({ [CHILD.user]: CHILD.password, [STRANGER.user]: STRANGER.password });
  const csp = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    // Converse.js injects its own styles and draws avatars from data: URLs.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ${prosody.websocket}`,
  ].join('; ');
  session = await openBrowser({ '/converse/': CONVERSE_DIST }, { csp });

  stranger = client({ service: prosody.service, domain: DOMAIN, username: STRANGER.user, password: STRANGER.password });
  stranger.on('error', () => undefined);
  stranger.on('stanza', (stanza) => {
    const body = stanza.is('message') ? stanza.getChildText('body') : null;
    if (body) {
      received.push(body);
    }
  });
  await stranger.start();
  await stranger.send(xml('presence'));

  ({ page, log } = await recordedPage(session.browser, { viewport: VIEWPORTS.phone, touch: true }));
  page.on('websocket', (socket) => sockets.push(socket.url()));
  const query = new URLSearchParams({ ws: prosody.websocket, jid: CHILD_JID, password: CHILD.password });
  await page.goto(`${session.url}test/converse.html?${query}`);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  await page.waitForSelector('body[data-connected="true"]', { state: 'attached', timeout: 20_000 });
}, { timeout: 60_000 });

after(async () => {
  try {
    await stranger?.stop().catch(() => undefined);
    await session?.close();
  } finally {
    await prosody?.stop();
  }
});

/**
 * Waits (up to 10 s) until `condition` holds.
 * @param {() => boolean} condition
 */
async function eventually(condition) {
  const deadline = Date.now() + 10_000;
  while (!condition() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The stranger writes to the child.
 * @param {import('@xmpp/xml').Element[]} children
 */
const fromStranger = (...children) => stranger.send(xml('message', { type: 'chat', to: CHILD_JID }, ...children));

test("a stranger's typing notification and ordinary message show no nudge", { timeout: 60_000 }, async () => {
  await fromStranger(xml('composing', { xmlns: 'http://jabber.org/protocol/chatstates' }));
  await fromStranger(xml('body', {}, 'hi, are you in the chess club?'));
  // Converse opens the chat with the stranger and shows the message.
  await page.waitForSelector(`converse-chat[jid="${STRANGER_JID}"]`, { state: 'attached', timeout: 20_000 });
  await page.waitForFunction(() => document.body.innerText.includes('chess club'), null, { timeout: 20_000 });
  await page.waitForTimeout(300);
  assert.equal(await page.$('dialog.tumar-nudge'), null);
});

test("a stranger's grooming message shows the incoming nudge", { timeout: 60_000 }, async () => {
  await fromStranger(xml('body', {}, GROOMING.en));
  await page.waitForSelector('dialog.tumar-nudge[open][data-direction="incoming"]', { timeout: 20_000 });
  assert.equal(await page.getAttribute('dialog.tumar-nudge', 'data-category'), 'grooming');
  await page.screenshot({ path: join(ARTIFACTS, 'converse-incoming-nudge.png') });
  await page.tap('dialog [data-choice="keep_reading"]');
  await page.waitForSelector('dialog.tumar-nudge', { state: 'detached' });
});

test("the child's reply with a phone number: Enter is held back until send anyway", { timeout: 60_000 }, async () => {
  const composer = `converse-chat[jid="${STRANGER_JID}"] textarea.chat-textarea`;
  await page.tap(composer);
  await page.keyboard.type(SHARES_PHONE);
  await page.keyboard.press('Enter');
  await page.waitForSelector('dialog.tumar-nudge[open][data-direction="outgoing"]');
  await page.waitForTimeout(500);
  assert.deepEqual(received, [], "Converse's own Enter handler never sent it");
  await page.tap('dialog [data-choice="send_anyway"]');
  await eventually(() => received.length > 0);
  assert.deepEqual(received, [SHARES_PHONE], 'sent once the child chose');
  assert.equal(await page.inputValue(composer), '');
});

test("the send button: the child's flagged message waits for the nudge, and \"edit\" keeps it unsent", { timeout: 60_000 }, async () => {
  const chat = `converse-chat[jid="${STRANGER_JID}"]`;
  await page.tap(`${chat} textarea.chat-textarea`);
  await page.keyboard.type(SHARES_PHONE);
  await page.tap(`${chat} button.send-button`);
  await page.waitForSelector('dialog.tumar-nudge[open][data-direction="outgoing"]');
  await page.tap('dialog [data-choice="edit"]');
  await page.waitForSelector('dialog.tumar-nudge', { state: 'detached' });
  await page.waitForTimeout(500);
  assert.deepEqual(received, [SHARES_PHONE], 'nothing more was sent');
  assert.equal(await page.inputValue(`${chat} textarea.chat-textarea`), SHARES_PHONE, 'still in the composer');
});

test("a copy of the child's own message from another device is not checked", { timeout: 60_000 }, async () => {
  const otherDevice = client({ service: prosody.service, domain: DOMAIN, resource: 'phone', username: CHILD.user, password: CHILD.password });
  otherDevice.on('error', () => undefined);
  try {
    await otherDevice.start();
    await otherDevice.send(xml('presence'));
    const before = received.length;
    const shown = (await page.$$('converse-chat-message')).length;
    await otherDevice.send(xml('message', { type: 'chat', to: STRANGER_JID }, xml('body', {}, GROOMING.en)));
    // Converse shows the copy in the chat (Prosody sends it as a carbon) ...
    await page.waitForFunction((count) => document.querySelectorAll('converse-chat-message').length > count, shown, { timeout: 20_000 });
    await eventually(() => received.length > before);
    // ... and no nudge: it is the child's own message.
    await page.waitForTimeout(500);
    assert.equal(await page.$('dialog.tumar-nudge'), null);
    assert.equal(received.length, before + 1, 'the stranger got it once');
  } finally {
    await otherDevice.stop().catch(() => undefined);
  }
});

test("incoming checks count in the stranger's conversation, by their JID; drafts never do; body-less stanzas were not checked", async () => {
  const checked = await page.evaluate(() => /** @type {any} */ (window).checked);
  const seen = new Set(checked.map((/** @type {string[]} */ pair) => pair.join(' ')));
  assert.deepEqual([...seen].sort(), [`incoming ${STRANGER_JID}`, 'outgoing ']);
  const incoming = checked.filter((/** @type {string[]} */ pair) => pair[0] === 'incoming');
  assert.equal(incoming.length, 2, 'the two messages with a body; not the typing notification');
});

test('only the page, its files and the XMPP endpoint were contacted; no CSP violation from tumar', async () => {
  assert.ok(log.requests.length > 0);
  assert.deepEqual(
    log.requests.filter((url) => !url.startsWith(session.url)),
    [],
  );
  assert.deepEqual(sockets, [prosody.websocket]);
  // None at all, so none from tumar (Converse.js needs only the looser style-src above).
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(log.errors, []);
});
