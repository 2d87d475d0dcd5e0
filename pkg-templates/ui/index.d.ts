// Types of `tumar/ui`.

import type { CheckOptions, ChoiceId, Direction, Guard, Locale, Severity, Category, Verdict } from '../index.js';

/**
 * What `showNudge` resolves to: the child's choice, `dismiss` (Escape or close), or `null` (no
 * nudge shown: the verdict needs none, the signal aborted it, or the conversation is in its
 * cooldown).
 */
export type NudgeResult = ChoiceId | 'dismiss' | null;

/** How nudges behave; shared by `showNudge` and `attach`. */
export interface NudgeBehaviour {
  /**
   * Nudges of one conversation (and direction) are one at a time: a later hit while one is
   * open or queued updates it (the most serious content wins, and it shows how many messages
   * it stands for) instead of stacking dialogs; every such call resolves with the same choice.
   * Default: one shared conversation.
   */
  conversation?: string;
  /**
   * After an incoming nudge of a conversation closes, further incoming hits in it show nothing
   * (resolve `null`) for this long, unless they are more serious. Outgoing messages are checked
   * on every send. Default 0.
   */
  cooldownMs?: number;
  /** Offer "send anyway" on outgoing nudges (including self-harm: the message may reach the friend). Default `true`. */
  allowSendAnyway?: boolean;
  /** Offer "keep reading" on incoming nudges. Default `true`. */
  allowKeepReading?: boolean;
  /**
   * An incoming nudge that arrives while the child types in a text field waits, non-modal, at
   * the top (announced politely) and takes focus only when the child taps it, presses Escape
   * then Tab, or stops typing for this long. `Infinity`: only on a tap or Escape then Tab.
   * Default 3000.
   */
  focusAfterMs?: number;
}

export interface NudgeOptions extends NudgeBehaviour {
  /** The child's language; default the locale of the guard that made the verdict, else `en`. */
  locale?: Locale;
  /** The child's country (ISO 3166 alpha-2): chooses the support services; default the guard's. */
  country?: string;
  /** Closes the nudge (resolving `null`) when aborted, e.g. when the chat is left. */
  signal?: AbortSignal;
  /** Where the dialog element is appended; default `document.body`. */
  root?: HTMLElement;
}

/**
 * Shows the accessible nudge dialog the verdict calls for and resolves to the child's choice.
 * Focus goes to the dialog, never to a button, so no single key press chooses; `block` asks
 * once more before it resolves. `get_help` opens and marks the support services, moves focus
 * to the first one and resolves when the dialog closes. Nudges queue: one is shown at a time,
 * and hits of the same conversation update the open one. Needs a guard to have been created
 * first.
 */
export function showNudge(verdict: Verdict, options?: NudgeOptions): Promise<NudgeResult>;

export interface AttachOptions extends NudgeBehaviour {
  /** Nudge language; default the guard's. */
  locale?: Locale;
  /** Support-service country; default the guard's. */
  country?: string;
  /** The message field when `target` is a form; default its first textarea or text input. */
  input?: HTMLTextAreaElement | HTMLInputElement;
  /** Whether a verdict deserves a nudge; default `verdict.action === 'nudge'`. */
  shouldNudge?(verdict: Verdict): boolean;
  /** Called with the outgoing verdict on every edit of the field (typing-time check). */
  onTyping?(verdict: Verdict): void;
  /** Where nudge dialogs are appended; default `document.body`. */
  root?: HTMLElement;
}

/** A checked message and the child's choice (`null` when no nudge was shown). */
export interface Review {
  verdict: Verdict;
  choice: NudgeResult;
}

/** Detail of the `tumar:nudge` event fired on the attached element after each nudge. No message text. */
export interface NudgeEventDetail {
  direction: Direction;
  category: Category;
  categories: Category[];
  severity: Severity | 'none';
  choice: NudgeResult;
}

export interface Attachment {
  /** Checks a message someone sent to the child and shows the nudge if needed. What to do with the message is yours to decide. */
  incoming(text: string): Promise<Review>;
  /** Checks a message the child is about to send (for send paths that `attach` does not see). */
  outgoing(text: string): Promise<Review>;
  /** Removes every listener `attach` added. */
  detach(): void;
}

/**
 * `watch` narrowed to one composer: checks the child's outgoing messages on send (Enter in the
 * field, form submit): when a nudge is needed the send is held back; "send anyway" sends it,
 * "edit" selects the flagged words. Returns the call for incoming messages.
 */
export function attach(
  target: HTMLFormElement | HTMLTextAreaElement | HTMLInputElement,
  guard: Guard,
  options?: AttachOptions,
): Attachment;

/** What `watch` needs of a guard: a main-thread `Guard`, or a worker guard whose `check` answers later. */
export interface WatchGuard {
  readonly locale: Locale;
  readonly country: string;
  check(text: string, options?: CheckOptions): Verdict | Promise<Verdict>;
}

export interface WatchOptions extends Omit<NudgeBehaviour, 'conversation'> {
  /** Nudge language; default the guard's. */
  locale?: Locale;
  /** Support-service country; default the guard's. */
  country?: string;
  /**
   * CSS selector of the composers; default `COMPOSERS` (textareas, text inputs and
   * contenteditable elements, no search or combobox fields). Or one composer element.
   */
  composers?: string | HTMLElement;
  /** CSS selector of send buttons outside a form's submit; default `[data-tumar-send]`. */
  sendButtons?: string;
  /** Whether Enter (without Shift) sends from a composer; default `true`. */
  enterSends?: boolean;
  /**
   * The conversation a composer writes to (a chat id, a contact's JID): keys the nudges, and
   * messages checked with `incoming()` count toward that conversation's risk (drafts never do).
   */
  conversation?: string | ((composer: HTMLElement) => string | undefined);
  /** Whether a verdict deserves a nudge; default `verdict.action === 'nudge'`. */
  shouldNudge?(verdict: Verdict): boolean;
  /** Called with the outgoing verdict on every edit of a composer (typing-time check). */
  onTyping?(verdict: Verdict, composer: HTMLElement): void;
  /** Called when a composer appears (`true`) or leaves the page (`false`). */
  onComposer?(composer: HTMLElement, added: boolean): void;
  /** Where nudge dialogs are appended; default `document.body`. */
  root?: HTMLElement;
}

export interface Watcher {
  /** The composers in the page now. */
  readonly composers: HTMLElement[];
  /**
   * Checks a message someone sent to the child and shows the nudge if needed. Hand over only
   * messages from other people that have a body: skip typing notifications, receipts, and
   * copies of the child's own messages (from their other devices).
   */
  incoming(text: string, about?: { conversation?: string }): Promise<Review>;
  /** Checks a message the child is about to send (for send paths `watch` does not see). */
  outgoing(text: string, about?: { conversation?: string }): Promise<Review>;
  /** Removes every listener and the observer. */
  stop(): void;
}

/** The default composer selector of `watch`. */
export const COMPOSERS: string;
/** The default send-button selector of `watch`. */
export const SEND_BUTTONS: string;

/**
 * Watches a live page (or part of it) for composers, including ones added later, and checks
 * what the child sends: on Enter (before the messenger's own keydown listeners), on a send
 * button and on form submit. A send that needs a nudge is held back; "send anyway" repeats it,
 * "edit" selects the flagged words. Fires `tumar:nudge` on the composer (no text).
 */
export function watch(root: Document | HTMLElement, guard: WatchGuard, options?: WatchOptions): Watcher;

declare global {
  interface HTMLElementEventMap {
    'tumar:nudge': CustomEvent<NudgeEventDetail>;
  }
}
