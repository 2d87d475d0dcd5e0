// The JavaScript API over the WebAssembly modules, shared by the browser entry (index.js) and
// the Node entry (node.js), which differ only in how they load the modules: the runtime
// (wasm/tumar.js: loads bundles, scans, makes nudges) always, and the compiler
// (wasm/tumar_compiler.js: rule files to a bundle) only when a page gives rule files.
//
// Privacy: nothing here sends, stores or logs anything. Message text goes into the module and
// only a verdict (rule ids, categories, offsets) comes back.

import { Rules, Conversations, nudge as nudgeJson, conversationNudge } from './wasm/tumar.js';
import { applyContent, validateContent } from './content.js';

/** Whether an entry has loaded the WebAssembly module. */
let loaded = false;

/** The guard each verdict came from, so that a nudge speaks its locale and country. */
const origins = new WeakMap();

/**
 * Each guard's run-time content (services added, hidden or replaced; texts overridden).
 * @type {WeakMap<object, import('./index.js').RuntimeContent | null>}
 */
const contents = new WeakMap();

/**
 * Nudge content (or `null`: no nudge) made ahead by a guard in a worker, for its verdict.
 * @type {WeakMap<object, { content: import('./index.js').NudgeContent | null, locale: string, country: string }>}
 */
const prepared = new WeakMap();

/**
 * Keeps the nudge content a worker guard made for `verdict`, so that the page can show the
 * nudge without loading the module.
 * @param {import('./index.js').Verdict} verdict
 * @param {import('./index.js').NudgeContent | null} content
 * @param {{ locale: string, country: string }} made in this locale and country
 */
export function prepareNudge(verdict, content, { locale, country }) {
  prepared.set(verdict, { content, locale, country });
}

/**
 * Throws a `TypeError` unless `value` is a string (the module is never handed anything else).
 * @param {string} name
 * @param {unknown} value
 * @returns {string}
 */
function stringOption(name, value) {
  if (typeof value !== 'string') {
    throw new TypeError(`tumar: \`${name}\` must be a string, not ${value === null ? 'null' : typeof value}`);
  }
  return value;
}

/**
 * The compiler module's API (wasm/tumar_compiler.js), once loaded.
 * @typedef {{ compile(names: string[], texts: string[]): { bundle: Uint8Array, warnings: string, free(): void } }} Compiler
 */

/**
 * Creates a guard once the entry's `load` has made the runtime module ready.
 * @param {import('./index.js').GuardOptions} options
 * @param {() => unknown} load loads the runtime module; must be idempotent
 * @param {() => Promise<Compiler>} loadCompiler loads the compiler module (once), for rule files
 * @returns {Promise<Guard>}
 */
export async function createGuardWith(options, load, loadCompiler) {
  await load();
  loaded = true;
  const content = validateContent(options.content);
  const rules = await readRules(options.rules, loadCompiler);
  return new Guard(rules, loadCompiler, content, options);
}

/**
 * Checks messages against compiled rules. Create one with `createGuard`.
 */
class Guard {
  /** @type {Rules | undefined} */
  #rules;

  /** @type {import('./index.js').Diagnostic[]} warnings of the rule files the rules came from */
  #warnings;

  /** @type {() => Promise<Compiler>} */
  #loadCompiler;

  /** @type {Conversations | undefined} risk per conversation id: rule ids and times, never text */
  #conversations = new Conversations();

  /**
   * @param {{ rules: Rules, warnings: import('./index.js').Diagnostic[] }} rules
   * @param {() => Promise<Compiler>} loadCompiler
   * @param {import('./index.js').RuntimeContent | null} content checked
   * @param {{ locale?: string, country?: string }} options
   */
  constructor({ rules, warnings }, loadCompiler, content, { locale = 'en', country = '' } = {}) {
    stringOption('locale', locale);
    stringOption('country', country);
    this.#rules = rules;
    this.#warnings = warnings;
    this.#loadCompiler = loadCompiler;
    contents.set(this, content);
    /** The child's language, used for the nudge (`kk`, `ru`, `uz`, `ar`, `en`). */
    this.locale = locale;
    /** The child's country (ISO 3166 alpha-2), which chooses the support services. */
    this.country = country;
  }

  /**
   * Scans one message. Cheap enough to run on every keystroke.
   * @param {string} text the message
   * @param {import('./index.js').CheckOptions} [options]
   * @returns {import('./index.js').Verdict} never contains the text
   */
  check(text, { direction = 'incoming', lang, conversation, now } = {}) {
    if (typeof text !== 'string') {
      throw new TypeError('tumar: check() takes the message as a string');
    }
    if (direction !== 'incoming' && direction !== 'outgoing') {
      throw new TypeError('tumar: `direction` must be "incoming" or "outgoing"');
    }
    const languages = lang === undefined || lang === null ? [] : [lang].flat();
    if (!languages.every((tag) => typeof tag === 'string')) {
      throw new TypeError('tumar: check() takes `lang` as a language tag or an array of them');
    }
    let verdict;
    if (conversation === undefined || conversation === null) {
      verdict = JSON.parse(this.#live().scan(text, direction, languages));
    } else {
      stringOption('conversation', conversation);
      const time = now ?? Date.now();
      if (typeof time !== 'number' || !Number.isFinite(time)) {
        throw new TypeError('tumar: `now` must be a finite number of milliseconds (like Date.now())');
      }
      verdict = JSON.parse(this.#liveConversations().scan(this.#live(), text, direction, languages, conversation, time));
    }
    origins.set(verdict, this);
    return verdict;
  }

  /**
   * Forgets what the guard kept about a conversation (its risk starts again from none).
   * @param {string} conversation the id given to `check`
   * @returns {boolean} whether anything was kept
   */
  forget(conversation) {
    return this.#liveConversations().forget(stringOption('conversation', conversation));
  }

  /**
   * The conversations' state (rule ids, stages, severities, directions, times; never text) as
   * versioned JSON, to keep risk across page loads in storage of the integrator's choice.
   * @returns {string}
   */
  exportConversations() {
    return this.#liveConversations().export();
  }

  /**
   * Replaces the conversations' state with one from `exportConversations`. A state that is not
   * valid throws a `TypeError` saying why, and the current state stays.
   * @param {string} state
   */
  importConversations(state) {
    this.#liveConversations().import(this.#live(), stringOption('state', state));
  }

  /**
   * Replaces the rules; resolves once the new rules are in use. When they do not compile it
   * rejects with a `RulesError` (with `code`, `file`, `line`, `column`, `ruleId`) and the old
   * rules keep working. Rule files load the compiler module first (once).
   * @param {import('./index.js').RulesInput} [rules] omitted: the built-in rules
   * @returns {Promise<void>}
   */
  async loadRules(rules) {
    this.#live();
    const next = await readRules(rules, this.#loadCompiler);
    if (!this.#rules) {
      next.rules.free();
      throw new Error('tumar: this guard was freed');
    }
    this.#rules.free();
    this.#rules = next.rules;
    this.#warnings = next.warnings;
  }

  /**
   * Warnings found while compiling the current rules' files (none for a bundle or the
   * built-in rules).
   * @returns {import('./index.js').Diagnostic[]}
   */
  get warnings() {
    this.#live();
    return structuredClone(this.#warnings);
  }

  /**
   * The texts, choices and support services of the nudge a verdict calls for.
   * @param {import('./index.js').Verdict} verdict
   * @param {{ locale?: string, country?: string }} [options] default: the guard's
   * @returns {import('./index.js').NudgeContent | null} `null` when the verdict needs no nudge
   */
  nudge(verdict, { locale = this.locale, country = this.country } = {}) {
    return nudgeContent(verdict, { locale, country }, this);
  }

  /**
   * Replaces the run-time content (services added, hidden or replaced; texts overridden). When
   * it is not valid this throws a `ContentError` (with `path`) and the old content stays.
   * @param {import('./index.js').RuntimeContent} [content] omitted: none
   */
  setContent(content) {
    contents.set(this, validateContent(content));
  }

  /** Frees the compiled rules and the conversations' state. The guard cannot be used afterwards. */
  free() {
    this.#rules?.free();
    this.#rules = undefined;
    this.#conversations?.free();
    this.#conversations = undefined;
  }

  /** `using guard = await createGuard(...)` frees it at the end of the scope. */
  [Symbol.dispose ?? Symbol.for('Symbol.dispose')]() {
    this.free();
  }

  #live() {
    if (!this.#rules) {
      throw new Error('tumar: this guard was freed');
    }
    return this.#rules;
  }

  #liveConversations() {
    if (!this.#conversations) {
      throw new Error('tumar: this guard was freed');
    }
    return this.#conversations;
  }
}

/**
 * The nudge content for a verdict, or `null` when it needs none.
 * @param {import('./index.js').Verdict} verdict
 * @param {{ locale?: string, country?: string }} options default: the locale and country of
 *   the guard that checked the message, else `en` and none
 * @param {object} [guard] whose run-time content applies; default the verdict's
 * @returns {import('./index.js').NudgeContent | null}
 */
export function nudgeContent(verdict, options = {}, guard = origins.get(verdict)) {
  const ready = prepared.get(verdict);
  const origin = guard ?? ready;
  const { locale = origin?.locale ?? 'en', country = origin?.country ?? '' } = options;
  if (ready && ready.locale === locale && ready.country === country) {
    return ready.content;
  }
  if (!loaded) {
    throw new Error(
      ready
        ? 'tumar: a worker guard makes its nudges in its own locale and country; create it with the ones you need'
        : 'tumar: create a guard with createGuard() before asking for a nudge',
    );
  }
  stringOption('locale', locale);
  stringOption('country', country);
  const wanted = verdict?.nudge;
  if (verdict?.action !== 'nudge' || !wanted) {
    return null;
  }
  if (wanted.conversation === true) {
    const state = verdict.conversation;
    const stages = Array.isArray(state?.stages) ? state.stages.map((stage) => stringOption('verdict.conversation.stages[]', stage)) : [];
    const threats = Array.isArray(state?.reasons) && state.reasons.some((reason) => reason?.category === 'sextortion');
    const content = JSON.parse(conversationNudge(locale, country, stages, threats));
    return applyContent(content, contents.get(guard) ?? null, country);
  }
  stringOption('verdict.nudge.category', wanted.category);
  stringOption('verdict.nudge.direction', wanted.direction);
  const content = JSON.parse(nudgeJson(locale, country, wanted.category, wanted.direction));
  return applyContent(content, contents.get(guard) ?? null, country);
}

/**
 * Loads what the integrator gave as rules: the built-in rules, a bundle, or rule files, which
 * the compiler module turns into a bundle first (its warnings are kept for `guard.warnings`).
 * @param {import('./index.js').RulesInput | undefined} rules
 * @param {() => Promise<Compiler>} loadCompiler
 * @returns {Promise<{ rules: Rules, warnings: import('./index.js').Diagnostic[] }>}
 */
async function readRules(rules, loadCompiler) {
  if (rules === undefined || rules === null) {
    return { rules: Rules.builtin(), warnings: [] };
  }
  if (rules instanceof ArrayBuffer) {
    return { rules: Rules.fromBundle(new Uint8Array(rules)), warnings: [] };
  }
  if (ArrayBuffer.isView(rules)) {
    return { rules: Rules.fromBundle(new Uint8Array(rules.buffer, rules.byteOffset, rules.byteLength)), warnings: [] };
  }
  if (Array.isArray(rules)) {
    const names = rules.map((source) => String(source.name));
    const texts = rules.map((source) => String(source.text));
    const compiled = (await loadCompiler()).compile(names, texts);
    try {
      return { rules: Rules.fromBundle(compiled.bundle), warnings: JSON.parse(compiled.warnings) };
    } finally {
      compiled.free();
    }
  }
  throw new TypeError('tumar: rules must be a compiled bundle (Uint8Array) or an array of { name, text } sources');
}
