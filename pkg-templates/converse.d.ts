// Types of `tumar/converse`.

import type { WatchGuard, WatchOptions } from './ui/index.js';

/** The message attributes Converse.js passes with its `message` event (the ones tumar reads). */
export interface ConverseMessageAttributes {
  body?: string;
  /** `me` for the child's own messages (also copies from their other devices), `them` otherwise. */
  sender?: 'me' | 'them';
  is_carbon?: boolean;
  is_archived?: boolean;
  type?: string;
  contact_jid?: string;
  [key: string]: unknown;
}

export interface ConversePluginOptions extends WatchOptions {
  /**
   * Which incoming messages are checked; default `isFromContact` (a body, from the other
   * person, live, not an error).
   */
  acceptIncoming?(attrs: ConverseMessageAttributes): boolean;
}

/** The plugin's name, to list in Converse's `whitelisted_plugins`. */
export const PLUGIN: 'tumar';

/** Registers the `tumar` plugin; call before `converse.initialize`. */
export function addTumarPlugin(
  converse: { plugins: { add(name: string, plugin: object): void } },
  guard: WatchGuard,
  options?: ConversePluginOptions,
): void;

/** The default filter of incoming messages. */
export function isFromContact(attrs: ConverseMessageAttributes): boolean;
