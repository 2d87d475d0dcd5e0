// The script of tumar's Web Worker (`tumar/worker-script`): it owns the guard, so the page never
// loads the WebAssembly module or compiles rules on its main thread. It answers the requests of
// `createWorkerGuard` (worker.js) and sends nothing anywhere else.

import { createGuard } from './index.js';

/** @type {import('./index.js').Guard | undefined} */
let guard;

/** What the worker can be asked, by name. */
const requests = {
  /** @param {import('./index.js').GuardOptions} options */
  async create(options) {
    guard?.free();
    guard = await createGuard(options);
    return { locale: guard.locale, country: guard.country, warnings: guard.warnings };
  },
  /**
   * The verdict and, when it calls for a nudge, its content in the guard's locale and country
   * (so that the page can show it without the module).
   * @param {string} text
   * @param {import('./index.js').CheckOptions} options
   */
  check(text, options) {
    const verdict = live().check(text, options);
    return { verdict, content: live().nudge(verdict) };
  },
  /** @param {import('./index.js').RulesInput} rules */
  async loadRules(rules) {
    await live().loadRules(rules);
    return { warnings: live().warnings };
  },
  /** @param {string} conversation */
  forget(conversation) {
    return live().forget(conversation);
  },
  exportConversations() {
    return live().exportConversations();
  },
  /** @param {string} state */
  importConversations(state) {
    live().importConversations(state);
    return null;
  },
  /** @param {import('./index.js').RuntimeContent} content */
  setContent(content) {
    live().setContent(content);
    return null;
  },
  free() {
    guard?.free();
    guard = undefined;
    return null;
  },
};

function live() {
  if (!guard) {
    throw new Error('tumar: the worker guard was freed');
  }
  return guard;
}

self.addEventListener('message', async (/** @type {MessageEvent} */ event) => {
  const { id, op, args } = event.data ?? {};
  const handler = Object.hasOwn(requests, op) ? requests[/** @type {keyof typeof requests} */ (op)] : undefined;
  try {
    if (!handler) {
      throw new TypeError(`tumar: unknown worker request ${String(op)}`);
    }
    const value = await /** @type {(...args: unknown[]) => unknown} */ (handler)(...(args ?? []));
    self.postMessage({ id, ok: true, value });
  } catch (error) {
    self.postMessage({ id, ok: false, error: errorFields(error) });
  }
});

/**
 * An error as plain data (a `RulesError` keeps its code and place, a `ContentError` its path). Never the message text: the
 * guard's errors do not carry it.
 * @param {any} error
 */
function errorFields(error) {
  const fields = { name: String(error?.name ?? 'Error'), message: String(error?.message ?? error) };
  for (const key of ['code', 'file', 'line', 'column', 'ruleId', 'diagnostics', 'rendered', 'path']) {
    if (error && key in error) {
      /** @type {any} */ (fields)[key] = error[key];
    }
  }
  return fields;
}
