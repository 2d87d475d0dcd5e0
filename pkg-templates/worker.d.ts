// Types of `tumar/worker`.

import type { CheckOptions, Diagnostic, GuardOptions, Locale, RulesInput, RuntimeContent, Verdict } from './index.js';

export interface WorkerGuardOptions extends GuardOptions {
  /**
   * A worker running `tumar/worker-script`. Default: the package starts one with
   * `new Worker(new URL('./worker-script.js', import.meta.url), { type: 'module' })`, which
   * works without a bundler and with Vite; with esbuild, start it yourself.
   */
  worker?: Worker;
}

/**
 * A guard in a Web Worker: `check` answers with a promise. Its verdicts work with `showNudge`
 * and `watch` (tumar/ui) without loading the module on the page's main thread; their nudges are
 * in the guard's locale and country.
 */
export interface WorkerGuard {
  readonly locale: Locale;
  readonly country: string;
  /** Warnings found while loading the current rules. */
  readonly warnings: Diagnostic[];
  check(text: string, options?: CheckOptions): Promise<Verdict>;
  /** Swaps the rules; rejects with a `RulesError` and keeps the old rules when they are broken. */
  loadRules(rules?: RulesInput): Promise<void>;
  /** Forgets a conversation's state; whether anything was kept. */
  forget(conversation: string): Promise<boolean>;
  /** The conversations' state as versioned JSON (no text). */
  exportConversations(): Promise<string>;
  /** Restores a state from `exportConversations`; rejects with an error named `TypeError` (keeping the current state) when it is not valid. */
  importConversations(state: string): Promise<void>;
  /** Replaces the run-time content; rejects with a `ContentError` and keeps the old content when it is not valid. */
  setContent(content?: RuntimeContent): Promise<void>;
  /** Frees the guard and stops the worker the package started. */
  free(): Promise<void>;
}

/** Starts the worker (or uses `options.worker`), loads the module there and compiles the rules. */
export function createWorkerGuard(options?: WorkerGuardOptions): Promise<WorkerGuard>;
