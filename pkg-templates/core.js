// The JavaScript API over the WebAssembly module, shared by the browser entry (index.js) and
// the Node entry (node.js), which differ only in how they load the module.
//
// Privacy: nothing here sends, stores or logs anything. Message text goes into the module and
// only a verdict (rule ids, categories, offsets) comes back.

import {
  Rules,
  Conversations,
  nudge as nudgeJson,
  conversationNudge,
  inputBuffer,
  outputBuffer,
  moduleMemory,
  __wbg_reset_state as restartModule,
} from './wasm/tumar.js';
import { applyContent, validateContent } from './content.js';

/** Whether an entry has loaded the WebAssembly module. */
let loaded = false;

/**
 * How many times the module was restarted after a trap. Handles (compiled rules,
 * conversations) made before the last restart belong to the old instance: they are dropped,
 * never used or freed (freeing one would free memory of the new instance).
 */
let generation = 0;

/** Least size of the module's input buffer, in bytes: every ordinary chat message fits. */
const INPUT_BYTES = 16 * 1024;

/**
 * The module's input buffer (see `scanMessage`) as this side knows it, for the current
 * generation of the module; `undefined` until the first check.
 * @type {{ at: number, bytes: number, memory: WebAssembly.Memory } | undefined}
 */
let input;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Scans one message in one call into the module: the text and the language tags are encoded
 * straight into the module's input buffer; the module answers 0 for an empty verdict (made
 * here) or the length of the verdict's JSON in its output buffer.
 * @param {Rules} rules
 * @param {string} text
 * @param {string} direction
 * @param {string[]} languages
 * @returns {import('./index.js').Verdict}
 */
function scanMessage(rules, text, direction, languages) {
  const tags = languages.join(',');
  // UTF-16 code units to UTF-8 bytes: at most 3 bytes each.
  const needed = (text.length + tags.length) * 3;
  if (input === undefined || needed > input.bytes || (input.bytes > 64 * INPUT_BYTES && needed <= INPUT_BYTES)) {
    const bytes = Math.max(needed, INPUT_BYTES);
    input = { at: inputBuffer(bytes), bytes, memory: moduleMemory() };
  }
  const view = new Uint8Array(input.memory.buffer, input.at, needed);
  const written = encoder.encodeInto(text, view).written;
  const tagBytes = encoder.encodeInto(tags, view.subarray(written)).written;
  const length = rules.scanInput(written, tagBytes, direction);
  if (length === 0) {
    return emptyVerdict();
  }
  return JSON.parse(decoder.decode(new Uint8Array(input.memory.buffer, outputBuffer(), length)));
}

/**
 * The verdict of a message without any hit (as the module writes it).
 * @returns {import('./index.js').Verdict}
 */
function emptyVerdict() {
  return { action: 'none', categories: [], dropped_hits: 0, hits: [], nudge: null, severity: 'none', signals: [], truncated: false };
}

/**
 * Calls into the module. A trap (`WebAssembly.RuntimeError`: a bug in the module) may leave
 * its memory inconsistent, so the module is restarted with fresh memory at once and the call
 * throws an `Error` saying so, with the trap as `cause`. Every guard rebuilds its rules on its
 * next call, so later calls work; conversation risk kept before the restart is lost.
 * @template T
 * @param {() => T} work
 * @returns {T}
 */
function call(work) {
  try {
    return work();
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      restartModule();
      generation += 1;
      input = undefined;
      throw new Error('tumar: the WebAssembly module failed and was restarted; the next call works again', { cause: error });
    }
    throw error;
  }
}

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
 * Creates a guard once the entry's `load` has made the WebAssembly module ready.
 * @param {import('./index.js').GuardOptions} options
 * @param {() => unknown} load loads the module; must be idempotent
 * @returns {Promise<Guard>}
 */
export async function createGuardWith(options, load) {
  await load();
  loaded = true;
  const content = validateContent(options.content);
  return new Guard(options.rules, content, options);
}

/**
 * Checks messages against compiled rules. Create one with `createGuard`.
 */
class Guard {
  /** @type {Rules | undefined} */
  #rules;

  /** @type {import('./index.js').RulesInput} what the rules were compiled from (to rebuild them after a restart) */
  #source;

  /** @type {Conversations | undefined} risk per conversation id: rule ids and times, never text */
  #conversations;

  /** The module's generation the handles belong to. */
  #generation = generation;

  /**
   * @param {import('./index.js').RulesInput} rules
   * @param {import('./index.js').RuntimeContent | null} content checked
   * @param {{ locale?: string, country?: string }} options
   */
  constructor(rules, content, { locale = 'en', country = '' } = {}) {
    stringOption('locale', locale);
    stringOption('country', country);
    this.#rules = call(() => compileRules(rules));
    this.#source = snapshot(rules);
    this.#conversations = call(() => new Conversations());
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
    if (!languages.every((tag) => typeof tag === 'string' && !tag.includes(','))) {
      throw new TypeError('tumar: check() takes `lang` as a language tag or an array of them');
    }
    let verdict;
    if (conversation === undefined || conversation === null) {
      const rules = this.#live();
      verdict = call(() => scanMessage(rules, text, direction, languages));
    } else {
      stringOption('conversation', conversation);
      const time = now ?? Date.now();
      if (typeof time !== 'number' || !Number.isFinite(time)) {
        throw new TypeError('tumar: `now` must be a finite number of milliseconds (like Date.now())');
      }
      const [rules, conversations] = [this.#live(), this.#liveConversations()];
      verdict = JSON.parse(call(() => conversations.scan(rules, text, direction, languages, conversation, time)));
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
    const conversations = this.#liveConversations();
    return call(() => conversations.forget(stringOption('conversation', conversation)));
  }

  /**
   * The conversations' state (rule ids, stages, severities, directions, times; never text) as
   * versioned JSON, to keep risk across page loads in storage of the integrator's choice.
   * @returns {string}
   */
  exportConversations() {
    const conversations = this.#liveConversations();
    return call(() => conversations.export());
  }

  /**
   * Replaces the conversations' state with one from `exportConversations`. A state that is not
   * valid throws a `TypeError` saying why, and the current state stays.
   * @param {string} state
   */
  importConversations(state) {
    const [rules, conversations] = [this.#live(), this.#liveConversations()];
    call(() => conversations.import(rules, stringOption('state', state)));
  }

  /**
   * Replaces the rules. When the new rules do not compile this throws a `RulesError`
   * (with `code`, `file`, `line`, `column`, `ruleId`) and the old rules keep working.
   * @param {import('./index.js').RulesInput} [rules] omitted: the built-in rules
   */
  loadRules(rules) {
    const current = this.#live();
    const next = call(() => compileRules(rules));
    current.free();
    this.#rules = next;
    this.#source = snapshot(rules);
  }

  /**
   * Warnings found while loading the current rules.
   * @returns {import('./index.js').Diagnostic[]}
   */
  get warnings() {
    const rules = this.#live();
    return JSON.parse(call(() => rules.warnings()));
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
    if (this.#generation === generation) {
      this.#rules?.free();
      this.#conversations?.free();
    }
    this.#rules = undefined;
    this.#conversations = undefined;
  }

  /** `using guard = await createGuard(...)` frees it at the end of the scope. */
  [Symbol.dispose ?? Symbol.for('Symbol.dispose')]() {
    this.free();
  }

  /** The compiled rules, rebuilt first if the module was restarted since they were made. */
  #live() {
    if (!this.#rules) {
      throw new Error('tumar: this guard was freed');
    }
    if (this.#generation !== generation) {
      this.#rules = call(() => compileRules(this.#source));
      this.#conversations = call(() => new Conversations());
      this.#generation = generation;
    }
    return this.#rules;
  }

  /** The conversations' state (new after a restart of the module). */
  #liveConversations() {
    this.#live();
    return /** @type {Conversations} */ (this.#conversations);
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
    const content = JSON.parse(call(() => conversationNudge(locale, country, stages, threats)));
    // The module lists the threats sign first, then one per stage as given.
    const signKeys = [...(threats ? ['threats'] : []), ...stages];
    return applyContent(content, contents.get(guard) ?? null, country, signKeys);
  }
  stringOption('verdict.nudge.category', wanted.category);
  stringOption('verdict.nudge.direction', wanted.direction);
  const content = JSON.parse(call(() => nudgeJson(locale, country, wanted.category, wanted.direction)));
  return applyContent(content, contents.get(guard) ?? null, country);
}

/**
 * A copy of rules input that later changes to the integrator's buffer or array cannot touch,
 * to rebuild the rules from after a restart of the module.
 * @param {import('./index.js').RulesInput} [rules] already compiled without error
 * @returns {import('./index.js').RulesInput}
 */
function snapshot(rules) {
  if (rules instanceof ArrayBuffer || ArrayBuffer.isView(rules)) {
    return compiledBytes(rules).slice();
  }
  if (Array.isArray(rules)) {
    return rules.map((source) => ({ name: String(source.name), text: String(source.text) }));
  }
  return undefined;
}

/**
 * The bytes of a bundle given as an `ArrayBuffer` or a view.
 * @param {ArrayBuffer | ArrayBufferView} rules
 * @returns {Uint8Array}
 */
function compiledBytes(rules) {
  return rules instanceof ArrayBuffer ? new Uint8Array(rules) : new Uint8Array(rules.buffer, rules.byteOffset, rules.byteLength);
}

/**
 * Compiles what the integrator gave as rules.
 * @param {import('./index.js').RulesInput} [rules]
 * @returns {Rules}
 */
function compileRules(rules) {
  if (rules === undefined || rules === null) {
    return Rules.builtin();
  }
  if (rules instanceof ArrayBuffer || ArrayBuffer.isView(rules)) {
    return Rules.fromBundle(compiledBytes(rules));
  }
  if (Array.isArray(rules)) {
    return Rules.fromSources(
      rules.map((source) => String(source.name)),
      rules.map((source) => String(source.text)),
    );
  }
  throw new TypeError('tumar: rules must be a compiled bundle (Uint8Array) or an array of { name, text } sources');
}
