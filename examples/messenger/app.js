// The demo messenger: the child's chat with a contact whose scripted messages arrive one by
// one. tumar checks every message on this device through `attach`; what happens after a
// nudge (block, report, ...) is decided here, by the messenger, as in a real integration.
//
// ?lang=kk|ru|uz|ar|en and ?country=KZ|... choose the language and the support services.

import { createGuard } from './tumar/index.js';
import { attach } from './tumar/ui/index.js';
import { COUNTRIES, SCRIPTS } from './script.js';
import { addMessage, addNote, markHits, showTyping } from './chat.js';

const params = new URLSearchParams(location.search);
const locale = params.get('lang') in SCRIPTS ? /** @type {string} */ (params.get('lang')) : 'en';
const script = SCRIPTS[locale];
const country = (params.get('country') ?? script.country).toUpperCase();

const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const list = /** @type {HTMLOListElement} */ (byId('messages'));
const form = /** @type {HTMLFormElement} */ (byId('composer'));
const draft = /** @type {HTMLTextAreaElement} */ (byId('draft'));
const next = /** @type {HTMLButtonElement} */ (byId('next'));
let received = 0;

translatePage();
const guard = await createGuard({ locale, country }).catch((error) => {
  addNote(list, `tumar: ${error.message}`); // rule errors name a file and line, never a message
  throw error;
});
const attachment = attach(form, guard, {
  onTyping: (verdict) => form.classList.toggle('composer--flagged', verdict.action === 'nudge'),
  // One chat: flagged messages arriving together share one nudge, and after the child has
  // answered one, the next 30 s bring no new nudge unless something more serious arrives.
  conversation: 'demo-chat',
  cooldownMs: 30_000,
});
let blocked = false;

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = draft.value.trim();
  if (text) {
    addMessage(list, text, 'out');
    draft.value = '';
    form.classList.remove('composer--flagged');
  }
});
draft.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});
next.addEventListener('click', receive);
document.body.dataset.ready = 'true';
receive();

/** The contact writes the next scripted message; tumar checks it and may nudge. */
async function receive() {
  if (blocked || received >= script.messages.length) {
    return;
  }
  const text = script.messages[received++];
  next.disabled = true;
  await showTyping(list, 600);
  const item = addMessage(list, text, 'in');
  const { verdict, choice } = await attachment.incoming(text);
  if (verdict.action === 'nudge') {
    markHits(item, text, verdict.hits);
  }
  if (blocked) {
    return;
  }
  if (choice === 'block') {
    blocked = true;
    addNote(list, script.ui.blocked);
    draft.disabled = true;
    byId('send').setAttribute('disabled', '');
    byId('status').textContent = '';
    return;
  }
  if (choice === 'report' || choice === 'talk') {
    addNote(list, script.ui[choice === 'report' ? 'reported' : 'talk']);
  }
  if (received >= script.messages.length) {
    addNote(list, script.ui.end);
  } else {
    next.disabled = false;
  }
}

/** Sets the page's language, direction, labels and pickers. */
function translatePage() {
  const { ui } = script;
  document.documentElement.lang = locale;
  document.documentElement.dir = script.dir;
  byId('demo-label').textContent = ui.demo;
  byId('language-label').textContent = ui.language;
  byId('country-label').textContent = ui.country;
  byId('contact').textContent = script.contact;
  byId('avatar').textContent = script.contact.slice(0, 1);
  byId('status').textContent = ui.online;
  byId('next').textContent = ui.next;
  byId('privacy').textContent = ui.privacy;
  byId('send').setAttribute('aria-label', ui.send);
  draft.placeholder = ui.placeholder;
  draft.setAttribute('aria-label', ui.placeholder);

  const languages = /** @type {HTMLSelectElement} */ (byId('language'));
  languages.value = locale;
  languages.addEventListener('change', () => go({ lang: languages.value }));

  const countries = /** @type {HTMLSelectElement} */ (byId('country'));
  const names = new Intl.DisplayNames([locale, 'en'], { type: 'region' });
  for (const code of COUNTRIES) {
    countries.append(new Option(names.of(code) ?? code, code, false, code === country));
  }
  countries.addEventListener('change', () => go({ lang: locale, country: countries.value }));
}

/** @param {Record<string, string>} query */
function go(query) {
  location.search = new URLSearchParams(query).toString();
}
