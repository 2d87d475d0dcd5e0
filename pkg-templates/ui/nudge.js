// showNudge: the accessible warning popup. It resolves to the child's choice and never acts
// on it: blocking, reporting or sending is the integrator's decision.
//
// A nudge a child can trust:
// - it never traps: every nudge has "send anyway" or "keep reading" unless the integrator
//   opts out (`allowSendAnyway: false`, `allowKeepReading: false`);
// - it never ambushes: an incoming nudge that arrives while the child types in a text field
//   waits at the top of the screen, is announced politely to screen readers, and takes focus
//   only when the child turns to it (a tap, Escape then Tab, or a pause in typing). Focus goes
//   to the dialog itself, never to a button, and "block" asks once more;
// - it never piles up: one nudge per conversation and direction at a time; later hits update
//   the open one (the most serious wins, and it counts the messages), and `cooldownMs` keeps a
//   closed incoming one from coming back at once.

import { nudgeContent } from '../nudges.js';
import { renderDialog, toggleMore } from './dialog.js';
import { isEditable, trapFocus } from './focus.js';

/** How long the child must stop typing before a waiting nudge takes focus, by default. */
const FOCUS_AFTER_MS = 3000;
/** Clicks on "yes, block" sooner than this after it appeared are ignored (a double tap). */
const CONFIRM_GUARD_MS = 400;

const SEVERITY = { low: 1, medium: 2, high: 3 };
/** The most urgent first, as the verdict ranks categories of equal severity. */
const URGENCY = ['sextortion', 'grooming', 'self_harm', 'money', 'bullying', 'personal_info'];

/**
 * How serious a verdict is: severity first, then urgency.
 * @param {import('../index.js').Verdict} verdict
 */
function rank(verdict) {
  // The conversation nudge says the most (the signs of a whole chat): it comes through a
  // cooldown and replaces an open nudge of the same chat.
  if (verdict.nudge?.conversation) {
    return 100;
  }
  const urgency = URGENCY.indexOf(verdict.nudge?.category ?? '');
  return (SEVERITY[/** @type {keyof SEVERITY} */ (verdict.severity)] ?? 0) * 10 + (URGENCY.length - urgency);
}

/**
 * Per root element: the live (queued or open) nudge of each conversation and direction, when
 * the last one closed, and the polite live region.
 * @type {WeakMap<HTMLElement, { live: Map<string, Session>, closed: Map<string, { at: number, rank: number }>, region?: HTMLElement }>}
 */
const roots = new WeakMap();

/** Nudges are shown one at a time: each waits for the one before it to close. */
let queue = Promise.resolve();
/** @type {Session | null} the nudge on screen */
let current = null;

/**
 * Shows the nudge a verdict calls for and resolves to the child's choice: a choice id,
 * `dismiss` (closed with Escape or the close button), or `null` when no nudge was shown (the
 * verdict needs none, `signal` aborted it, or the conversation is in its cooldown).
 * `get_help` opens the support services and keeps the dialog open; it resolves when the child
 * closes it. Without services it resolves at once.
 * @param {import('../index.js').Verdict} verdict
 * @param {import('./index.js').NudgeOptions} [options]
 * @returns {Promise<import('./index.js').NudgeResult>}
 */
export function showNudge(verdict, options = {}) {
  const found = nudgeContent(verdict, options);
  if (!found || options.signal?.aborted) {
    return Promise.resolve(null);
  }
  const content = withChoicesAllowed(found, options);
  const root = options.root ?? document.body;
  let state = roots.get(root);
  if (!state) {
    state = { live: new Map(), closed: new Map() };
    roots.set(root, state);
  }
  const key = `${content.direction}\u0000${options.conversation ?? ''}`;
  const level = rank(verdict);

  const live = state.live.get(key);
  if (live) {
    return live.merge(content, level, options.signal);
  }
  // The cooldown is for messages that arrive: a message the child sends is checked on every
  // send, since each send is the child's own act.
  const last = state.closed.get(key);
  const cooldown = Math.max(0, Number(options.cooldownMs ?? 0)) || 0;
  if (content.direction === 'incoming' && last && Date.now() - last.at < cooldown && level <= last.rank) {
    return Promise.resolve(null);
  }

  const session = new Session(content, level, options, root, state, key);
  state.live.set(key, session);
  const promise = session.add(options.signal, true);
  // The child pressed send: a nudge waiting while they typed now takes its turn first.
  if (content.direction === 'outgoing') {
    current?.engage();
  }
  const shown = queue.then(() => session.present());
  queue = shown.then(
    () => undefined,
    () => undefined,
  );
  return promise;
}

/**
 * The content with "send anyway" / "keep reading" removed if the integrator opted out.
 * @param {import('../index.js').NudgeContent} content
 * @param {import('./index.js').NudgeOptions} options
 */
function withChoicesAllowed(content, options) {
  const hidden = new Set([
    ...(options.allowSendAnyway === false ? ['send_anyway'] : []),
    ...(options.allowKeepReading === false ? ['keep_reading'] : []),
  ]);
  return hidden.size === 0 ? content : { ...content, choices: content.choices.filter((c) => !hidden.has(c.id)) };
}

/** One nudge: the requests merged into it, and its dialog once it is on screen. */
class Session {
  /**
   * @param {import('../index.js').NudgeContent} content
   * @param {number} level
   * @param {import('./index.js').NudgeOptions} options
   * @param {HTMLElement} root
   * @param {{ live: Map<string, Session>, closed: Map<string, { at: number, rank: number }>, region?: HTMLElement }} state
   * @param {string} key
   */
  constructor(content, level, options, root, state, key) {
    this.content = content;
    this.level = level;
    this.options = options;
    this.root = root;
    this.state = state;
    this.key = key;
    this.count = 1;
    this.done = false;
    /** @type {{ resolve: (choice: import('./index.js').NudgeResult) => void, detach: () => void }[]} */
    this.waiters = [];
    /** @type {ReturnType<typeof renderDialog> | null} */
    this.view = null;
    /** Engages the waiting dialog; set while it waits. @type {(() => void) | null} */
    this.engage = () => undefined;
    /** @type {(choice: import('./index.js').NudgeResult) => void} */
    this.finish = (choice) => this.settle(choice);
  }

  /**
   * A request for this nudge; resolves with the child's choice.
   * @param {AbortSignal | undefined} signal
   * @param {boolean} owner whether aborting it closes the whole nudge
   * @returns {Promise<import('./index.js').NudgeResult>}
   */
  add(signal, owner) {
    return new Promise((resolve) => {
      const onAbort = () => {
        if (owner) {
          this.finish(null);
        } else {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(null);
        }
      };
      const waiter = { resolve, detach: () => signal?.removeEventListener('abort', onAbort) };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * A later hit in the same conversation: counts it, and shows its content if it is more
   * serious. Never moves focus.
   * @param {import('../index.js').NudgeContent} content
   * @param {number} level
   * @param {AbortSignal | undefined} signal
   */
  merge(content, level, signal) {
    this.count += 1;
    const replace = level > this.level && (content.category !== this.content.category || content.conversation !== this.content.conversation);
    if (level > this.level) {
      this.level = level;
    }
    if (replace) {
      this.content = content;
    }
    if (this.view) {
      if (replace) {
        const dialog = this.view.dialog;
        const hadFocus = dialog.contains(dialog.ownerDocument.activeElement);
        this.view.update(this.content, this.count);
        if (hadFocus && !dialog.contains(dialog.ownerDocument.activeElement)) {
          dialog.focus();
        }
      } else {
        this.view.setCount(this.count);
      }
    }
    return this.add(signal, false);
  }

  /**
   * Resolves every request and forgets the nudge.
   * @param {import('./index.js').NudgeResult} choice
   */
  settle(choice) {
    if (this.done) {
      return;
    }
    this.done = true;
    this.state.live.delete(this.key);
    if (choice !== null) {
      this.state.closed.set(this.key, { at: Date.now(), rank: this.level });
    }
    for (const waiter of this.waiters) {
      waiter.detach();
      waiter.resolve(choice);
    }
    this.waiters = [];
  }

  /**
   * Opens the dialog and resolves when the child has chosen (or it was aborted).
   * @returns {Promise<void>}
   */
  present() {
    if (this.done) {
      return Promise.resolve();
    }
    return new Promise((closed) => {
      const doc = this.root.ownerDocument;
      const win = /** @type {Window} */ (doc.defaultView);
      const view = renderDialog(this.content, doc, this.count);
      this.view = view;
      const { dialog } = view;
      /** @type {HTMLElement | null} where focus goes back to, once the dialog took it */
      let previous = null;
      let helpShown = false;
      let tookFocus = false;
      let waiting = false;
      let armed = false;
      let confirmShownAt = 0;
      /** @type {ReturnType<typeof setTimeout> | undefined} */
      let timer;
      let release = () => undefined;

      const focusAfter = Number(this.options.focusAfterMs ?? FOCUS_AFTER_MS);
      const restartTimer = () => {
        clearTimeout(timer);
        if (Number.isFinite(focusAfter)) {
          timer = setTimeout(engage, Math.max(0, focusAfter));
        }
      };

      /** While waiting: Escape then Tab turns to the nudge; typing restarts the pause. */
      const onKeydown = (/** @type {KeyboardEvent} */ event) => {
        if (!waiting || dialog.contains(/** @type {Node} */ (event.target))) {
          return;
        }
        if (event.key === 'Escape') {
          armed = true;
        } else if (event.key === 'Tab' && armed) {
          event.preventDefault();
          engage();
          return;
        } else if (!['Shift', 'Control', 'Alt', 'Meta'].includes(event.key)) {
          armed = false;
        }
        restartTimer();
      };
      const onInput = () => {
        if (waiting) {
          restartTimer();
        }
      };

      const listen = () => {
        win.addEventListener('keydown', onKeydown, true);
        win.addEventListener('input', onInput, true);
      };
      const unlisten = () => {
        win.removeEventListener('keydown', onKeydown, true);
        win.removeEventListener('input', onInput, true);
      };

      /** Turns the waiting nudge into the focused, modal dialog. */
      const engage = () => {
        if (!waiting || this.done) {
          return;
        }
        waiting = false;
        this.engage = () => undefined;
        clearTimeout(timer);
        unlisten();
        const active = /** @type {HTMLElement | null} */ (doc.activeElement);
        if (active && active !== doc.body && !dialog.contains(active)) {
          previous = active;
        }
        // Opened by the attribute (see below): closing is removing it.
        dialog.removeAttribute('open');
        modal();
      };
      const modal = () => {
        tookFocus = true;
        dialog.classList.remove('tumar-nudge--waiting');
        dialog.setAttribute('role', 'alertdialog');
        dialog.setAttribute('aria-modal', 'true');
        dialog.showModal();
        release = trapFocus(dialog);
        dialog.focus();
      };

      this.finish = (choice) => {
        if (this.done) {
          return;
        }
        clearTimeout(timer);
        unlisten();
        release();
        dialog.close();
        dialog.remove();
        // Focus goes back only if the dialog took it (a waiting nudge never had it).
        if (tookFocus && previous?.isConnected) {
          previous.focus();
        }
        if (current === this) {
          current = null;
        }
        this.settle(choice);
        closed();
      };
      const dismiss = () => this.finish(helpShown ? 'get_help' : 'dismiss');

      dialog.addEventListener('cancel', (event) => {
        event.preventDefault();
        dismiss();
      });
      dialog.addEventListener('keydown', (event) => {
        if (event.key === 'Escape' && !waiting) {
          event.preventDefault();
          dismiss();
        }
      });
      dialog.addEventListener('click', (event) => {
        if (waiting) {
          // A tap on the waiting nudge is the child turning to it.
          event.preventDefault();
          engage();
          return;
        }
        const target = /** @type {HTMLElement} */ (event.target);
        const button = /** @type {HTMLElement | null} */ (target.closest('button'));
        if (!button || !dialog.contains(button)) {
          return;
        }
        const choice = /** @type {import('../index.js').ChoiceId | undefined} */ (button.dataset.choice);
        if (button.dataset.action === 'close') {
          dismiss();
        } else if (button.dataset.action === 'more') {
          toggleMore(/** @type {HTMLButtonElement} */ (button));
        } else if (button.dataset.action === 'cancel') {
          view.hideConfirm();
          view.choice('block')?.focus();
        } else if (button.dataset.confirm === 'block') {
          // A pointer click this soon is the second half of a double tap; a key press on it
          // (`detail` 0) came after a deliberate Tab.
          if (event.detail === 0 || Date.now() - confirmShownAt >= CONFIRM_GUARD_MS) {
            this.finish('block');
          }
        } else if (choice === 'block') {
          confirmShownAt = Date.now();
          view.showConfirm().focus();
        } else if (choice === 'get_help' && view.links().length > 0) {
          helpShown = true;
          view.openHelp();
          view.links()[0].focus();
        } else if (choice) {
          this.finish(choice);
        }
      });

      current = this;
      this.root.append(dialog);
      const incoming = this.content.direction === 'incoming';
      if (incoming && isEditable(doc.activeElement)) {
        // The child is typing: wait at the top, announce politely, keep their focus.
        waiting = true;
        previous = /** @type {HTMLElement | null} */ (doc.activeElement);
        this.engage = engage;
        dialog.classList.add('tumar-nudge--waiting');
        dialog.setAttribute('role', 'dialog');
        dialog.setAttribute('aria-modal', 'false');
        // Not `show()`: it would move focus into the dialog, out of the composer (and close
        // a phone's keyboard). The attribute opens it without touching focus.
        dialog.setAttribute('open', '');
        announce(this.state, this.root, `${this.content.labels.dialog_label}: ${this.content.title}. ${this.content.labels.waiting}`);
        listen();
        restartTimer();
      } else {
        previous = /** @type {HTMLElement | null} */ (doc.activeElement);
        modal();
      }
    });
  }
}

/**
 * Says `text` through a polite live region kept in `root` (created once, before the text, so
 * that screen readers notice the change).
 * @param {{ region?: HTMLElement }} state
 * @param {HTMLElement} root
 * @param {string} text
 */
function announce(state, root, text) {
  const doc = root.ownerDocument;
  if (!state.region || !state.region.isConnected) {
    const region = doc.createElement('div');
    region.className = 'tumar-nudge-live';
    region.setAttribute('role', 'status');
    region.setAttribute('aria-live', 'polite');
    root.append(region);
    state.region = region;
  }
  const region = state.region;
  region.textContent = '';
  setTimeout(() => {
    region.textContent = text;
  }, 50);
}
