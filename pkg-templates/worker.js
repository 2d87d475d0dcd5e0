// tumar/worker: a guard that lives in a Web Worker. The page's main thread never loads the
// WebAssembly module or compiles rules; `check` answers with a promise. Verdicts that call for
// a nudge come with its content, so `showNudge` and `watch` (tumar/ui) work with them as they
// do with a main-thread guard. Messages go to the package's own worker and nowhere else.

import { prepareNudge } from './nudges.js';

/**
 * Starts the worker (or uses `options.worker`) and creates the guard in it.
 * @param {import('./worker.js').WorkerGuardOptions} [options]
 * @returns {Promise<import('./worker.js').WorkerGuard>}
 */
export async function createWorkerGuard(options = {}) {
  const { worker, ...guardOptions } = options;
  const port = worker ?? new Worker(new URL('./worker-script.js', import.meta.url), { type: 'module' });
  const guard = new WorkerGuard(port, worker === undefined);
  const { locale, country, warnings } = await guard.request('create', guardOptions);
  guard.locale = locale;
  guard.country = country;
  guard.warnings = warnings;
  return guard;
}

/** A guard in a worker. Create one with `createWorkerGuard`. */
class WorkerGuard {
  /** @type {Map<number, { resolve: (value: any) => void, reject: (error: Error) => void }>} */
  #pending = new Map();
  #next = 0;
  /** @type {Worker | undefined} */
  #worker;
  #owned;

  /**
   * @param {Worker} worker
   * @param {boolean} owned whether `free()` terminates it (it was started here)
   */
  constructor(worker, owned) {
    this.#worker = worker;
    this.#owned = owned;
    /** The child's language, used for the nudge. */
    this.locale = 'en';
    /** The child's country, which chooses the support services. */
    this.country = '';
    /** @type {import('./index.js').Diagnostic[]} warnings found while loading the current rules */
    this.warnings = [];
    worker.addEventListener('message', (/** @type {MessageEvent} */ event) => {
      const { id, ok, value, error } = event.data ?? {};
      const waiting = this.#pending.get(id);
      if (!waiting) {
        return;
      }
      this.#pending.delete(id);
      if (ok) {
        waiting.resolve(value);
      } else {
        waiting.reject(Object.assign(new Error(error.message), error));
      }
    });
    worker.addEventListener('error', (event) => {
      const failure = new Error(`tumar: the worker failed: ${event.message ?? 'error'}`);
      for (const waiting of this.#pending.values()) {
        waiting.reject(failure);
      }
      this.#pending.clear();
    });
  }

  /**
   * Scans one message in the worker.
   * @param {string} text
   * @param {import('./index.js').CheckOptions} [options]
   * @returns {Promise<import('./index.js').Verdict>}
   */
  async check(text, options = {}) {
    if (typeof text !== 'string') {
      throw new TypeError('tumar: check() takes the message as a string');
    }
    const { verdict, content } = await this.request('check', text, options);
    prepareNudge(verdict, content, { locale: this.locale, country: this.country });
    return verdict;
  }

  /**
   * Replaces the rules; on a `RulesError` (with `code`, `file`, `line`, `column`, `ruleId`) the
   * old rules keep working.
   * @param {import('./index.js').RulesInput} [rules] omitted: the built-in rules
   */
  async loadRules(rules) {
    const { warnings } = await this.request('loadRules', rules);
    this.warnings = warnings;
  }

  /**
   * Forgets what the guard kept about a conversation.
   * @param {string} conversation
   * @returns {Promise<boolean>} whether anything was kept
   */
  forget(conversation) {
    return this.request('forget', conversation);
  }

  /**
   * The conversations' state as versioned JSON (no text).
   * @returns {Promise<string>}
   */
  exportConversations() {
    return this.request('exportConversations');
  }

  /**
   * Restores a state from `exportConversations`; rejects with an error named `TypeError` (and
   * keeps the current state) when it is not valid.
   * @param {string} state
   */
  async importConversations(state) {
    await this.request('importConversations', state);
  }

  /**
   * Replaces the run-time content; on a `ContentError` (with `path`) the old content stays.
   * @param {import('./index.js').RuntimeContent} [content]
   */
  async setContent(content) {
    await this.request('setContent', content);
  }

  /** Frees the guard and stops the worker if `createWorkerGuard` started it. */
  async free() {
    if (!this.#worker) {
      return;
    }
    await this.request('free').catch(() => undefined);
    if (this.#owned) {
      this.#worker.terminate();
    }
    this.#worker = undefined;
  }

  /**
   * Sends one request to the worker.
   * @param {string} op
   * @param {...unknown} args
   * @returns {Promise<any>}
   */
  request(op, ...args) {
    const worker = this.#worker;
    if (!worker) {
      return Promise.reject(new Error('tumar: this guard was freed'));
    }
    const id = ++this.#next;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, args });
    });
  }
}
