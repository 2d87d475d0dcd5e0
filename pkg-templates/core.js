// The JavaScript API over the WebAssembly modules, shared by the browser entry (index.js) and
// the Node entry (node.js), which differ only in how they load the modules: the runtime
// (wasm/tumar.js: loads bundles, scans, makes nudges) always, and the compiler
// (wasm/tumar_compiler.js: rule files to a bundle) only when a page gives rule files.
//
// Privacy: nothing here sends, stores or logs anything. Message text goes into the module and
// only a verdict (rule ids, categories, offsets) comes back.

import {
  RulesLoading,
  Conversations,
  nudge as nudgeJson,
  conversationNudge,
  inputBuffer,
  outputBuffer,
  moduleMemory,
  __wbg_reset_state as restartModule,
} from './wasm/tumar.js';
import { applyContent, validateContent } from './content.js';
import { nudgeContent, setNudgeMaker } from './nudges.js';

/** @typedef {import('./wasm/tumar.js').Rules} Rules */

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
 * Calls into a module. A trap (`WebAssembly.RuntimeError`: a bug in the module) may leave its
 * memory inconsistent, so the module is restarted with fresh memory at once and the call
 * throws an `Error` saying so, with the trap as `cause`. After a restart of the runtime every
 * guard rebuilds its rules on its next call, so later calls work; conversation risk kept
 * before the restart is lost.
 * @template T
 * @param {() => T} work
 * @param {() => void} [restart] restarts the module `work` calls; default the runtime
 * @returns {T}
 */
function call(work, restart = restartRuntime) {
  try {
    return work();
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      restart();
      throw new Error('tumar: the WebAssembly module failed and was restarted; the next call works again', { cause: error });
    }
    throw error;
  }
}

/** Restarts the runtime module: every handle made before belongs to the old instance. */
function restartRuntime() {
  restartModule();
  generation += 1;
  input = undefined;
}

/** The guard each verdict came from, so that a nudge speaks its locale and country. */
const origins = new WeakMap();

/**
 * Each guard's run-time content (services added, hidden or replaced; texts overridden).
 * @type {WeakMap<object, import('./index.js').RuntimeContent | null>}
 */
const contents = new WeakMap();

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
 * @typedef {{
 *   compile(names: string[], texts: string[]): { bundle: Uint8Array, warnings: string, free(): void },
 *   __wbg_reset_state(): void,
 * }} Compiler
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
  setNudgeMaker(makeNudge);
  const content = validateContent(options.content);
  // Starting the module and each part of the rules run as tasks of their own, so that a page
  // stays responsive in between (none is a long task on its own).
  await nextTask();
  const rules = await readRules(options.rules, loadCompiler);
  return new Guard(rules, loadCompiler, content, options);
}

/**
 * Loads rules from `start()` a part at a time: pauses (yields the module's generation it began
 * in) after each part but the last, and returns the rules.
 * @param {() => RulesLoading} start begins loading (a damaged bundle's header throws here)
 * @returns {Generator<number, Rules | undefined, void>} (undefined only when told to stop early)
 */
function* loadParts(start) {
  const started = generation;
  const loading = call(start);
  try {
    for (;;) {
      const rules = call(() => loading.step());
      if (rules) {
        return rules;
      }
      yield started;
    }
  } finally {
    // The handle of an old instance (the module restarted meanwhile) is dropped, never freed.
    if (generation === started) {
      loading.free();
    }
  }
}

/**
 * Loads rules a part at a time, each part in a task of its own, so that loading them never
 * keeps the page from responding for long. When the module is restarted in between (another
 * guard's call trapped), the parts loaded so far belonged to the old instance: it starts over.
 * @param {() => RulesLoading} start
 * @returns {Promise<Rules>}
 */
async function loadInSteps(start) {
  for (;;) {
    const parts = loadParts(start);
    let part = parts.next();
    while (!part.done) {
      await nextTask();
      part = generation === part.value ? parts.next() : parts.return(undefined);
    }
    if (part.value) {
      return part.value;
    }
  }
}

/**
 * Loads rules at once (to rebuild a guard's rules after a restart of the module).
 * @param {() => RulesLoading} start
 * @returns {Rules}
 */
function loadNow(start) {
  const parts = loadParts(start);
  let part = parts.next();
  while (!part.done) {
    part = parts.next();
  }
  return /** @type {Rules} */ (part.value);
}

/** Resolves in a later task of the event loop, after the page had its turn. */
function nextTask() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Checks messages against compiled rules. Create one with `createGuard`.
 */
class Guard {
  /** @type {Rules | undefined} */
  #rules;

  /** @type {Uint8Array | undefined} the bundle the rules came from (none: the built-in ones), to rebuild them after a restart */
  #bundle;

  /** @type {import('./index.js').Diagnostic[]} warnings of the rule files the rules came from */
  #warnings;

  /** @type {() => Promise<Compiler>} */
  #loadCompiler;

  /** @type {Conversations | undefined} risk per conversation id: rule ids and times, never text */
  #conversations;

  /** The module's generation the handles belong to. */
  #generation = generation;

  /**
   * @param {LoadedRules} rules
   * @param {() => Promise<Compiler>} loadCompiler
   * @param {import('./index.js').RuntimeContent | null} content checked
   * @param {{ locale?: string, country?: string }} options
   */
  constructor({ rules, bundle, warnings }, loadCompiler, content, { locale = 'en', country = '' } = {}) {
    stringOption('locale', locale);
    stringOption('country', country);
    this.#rules = rules;
    this.#bundle = bundle;
    this.#warnings = warnings;
    this.#loadCompiler = loadCompiler;
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
    if (this.#generation === generation) {
      this.#rules.free();
    } else {
      // The runtime restarted while the rules loaded: the new rules are of the new instance.
      this.#conversations = call(() => new Conversations());
      this.#generation = generation;
    }
    this.#rules = next.rules;
    this.#bundle = next.bundle;
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
      const bundle = this.#bundle;
      this.#rules = loadNow(() => (bundle ? RulesLoading.fromBundle(bundle) : RulesLoading.builtin()));
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
 * Makes the nudge content for a verdict with the module, or `null` when it needs none.
 * @param {import('./index.js').Verdict} verdict
 * @param {{ locale?: string, country?: string }} options default: the locale and country of
 *   the guard, else `en` and none
 * @param {object} [guard] whose run-time content applies; default the one that checked the verdict
 * @returns {import('./index.js').NudgeContent | null}
 */
function makeNudge(verdict, options, guard = origins.get(verdict)) {
  const { locale = guard?.locale ?? 'en', country = guard?.country ?? '' } = options;
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
 * Rules loaded into the runtime, with the bundle they came from (none: the built-in rules;
 * kept to rebuild them after a restart) and the warnings of the rule files compiled into it.
 * @typedef {{ rules: Rules, bundle: Uint8Array | undefined, warnings: import('./index.js').Diagnostic[] }} LoadedRules
 */

/**
 * Loads what the integrator gave as rules: the built-in rules, a bundle (copied: later changes
 * to the caller's buffer touch nothing), or rule files, which the compiler module turns into a
 * bundle first (its warnings are kept for `guard.warnings`).
 * @param {import('./index.js').RulesInput | undefined} rules
 * @param {() => Promise<Compiler>} loadCompiler
 * @returns {Promise<LoadedRules>}
 */
async function readRules(rules, loadCompiler) {
  if (rules === undefined || rules === null) {
    return { rules: await loadInSteps(() => RulesLoading.builtin()), bundle: undefined, warnings: [] };
  }
  if (rules instanceof ArrayBuffer || ArrayBuffer.isView(rules)) {
    const bundle = (rules instanceof ArrayBuffer ? new Uint8Array(rules) : new Uint8Array(rules.buffer, rules.byteOffset, rules.byteLength)).slice();
    return { rules: await loadInSteps(() => RulesLoading.fromBundle(bundle)), bundle, warnings: [] };
  }
  if (Array.isArray(rules)) {
    const names = rules.map((source) => String(source.name));
    const texts = rules.map((source) => String(source.text));
    const compiler = await loadCompiler();
    const compiled = call(() => compiler.compile(names, texts), () => compiler.__wbg_reset_state());
    let bundle;
    let warnings;
    try {
      [bundle, warnings] = [compiled.bundle, JSON.parse(compiled.warnings)];
    } finally {
      compiled.free();
    }
    return { rules: await loadInSteps(() => RulesLoading.fromBundle(bundle)), bundle, warnings };
  }
  throw new TypeError('tumar: rules must be a compiled bundle (Uint8Array) or an array of { name, text } sources');
}
