// attach: wires a guard and the nudge into a messenger's composer. Outgoing messages are
// checked when sent (the child may edit or send anyway); incoming messages are checked when
// the integrator hands them over. The nudge never blocks anything by itself: the results say
// what the child chose, and the integrator decides what to do. Several flagged messages of one
// conversation share one nudge (`conversation`, `cooldownMs`), and an incoming nudge waits
// while the child types in the composer.

import { showNudge } from './nudge.js';

/**
 * Attaches a guard to a composer: a `<form>` (checked on submit) or a `<textarea>` /
 * `<input>` (checked when Enter without Shift sends).
 * @param {HTMLFormElement | HTMLTextAreaElement | HTMLInputElement} target
 * @param {import('../index.js').Guard} guard
 * @param {import('./index.js').AttachOptions} [options]
 * @returns {import('./index.js').Attachment}
 */
export function attach(target, guard, options = {}) {
  const isForm = target.tagName === 'FORM';
  const field = /** @type {HTMLTextAreaElement | HTMLInputElement | null} */ (
    options.input ?? (isForm ? target.querySelector('textarea, input[type="text"], input:not([type])') : target)
  );
  if (!field) {
    throw new TypeError('tumar: attach() found no textarea or text input; pass options.input');
  }
  const win = /** @type {Window} */ (target.ownerDocument.defaultView);
  const shouldNudge = options.shouldNudge ?? ((verdict) => verdict.action === 'nudge');
  /** While true, a send goes through unchecked: the child chose "send anyway". */
  let passing = false;
  /** While true, a nudge for an outgoing message is open and further sends wait. */
  let reviewing = false;

  /**
   * Shows the nudge a verdict calls for (when `shouldNudge` says so) and reports the choice
   * in a `tumar:nudge` event, which never carries the text.
   * @param {import('../index.js').Verdict} verdict
   * @returns {Promise<import('./index.js').NudgeResult>}
   */
  async function nudge(verdict) {
    if (!shouldNudge(verdict)) {
      return null;
    }
    const choice = await showNudge(verdict, {
      locale: options.locale ?? guard.locale,
      country: options.country ?? guard.country,
      root: options.root,
      conversation: options.conversation,
      cooldownMs: options.cooldownMs,
      allowSendAnyway: options.allowSendAnyway,
      allowKeepReading: options.allowKeepReading,
      focusAfterMs: options.focusAfterMs,
    });
    const { nudge: which, categories, severity } = verdict;
    target.dispatchEvent(
      new CustomEvent('tumar:nudge', {
        bubbles: true,
        detail: { direction: which?.direction, category: which?.category, categories, severity, choice },
      }),
    );
    return choice;
  }

  /**
   * Checks a message and nudges when needed.
   * @param {string} text
   * @param {import('../index.js').Direction} direction
   * @returns {Promise<import('./index.js').Review>}
   */
  async function review(text, direction) {
    // Incoming messages count toward the conversation's risk (the child's drafts never do).
    const conversation = direction === 'incoming' ? options.conversation : undefined;
    const verdict = guard.check(text, { direction, conversation });
    return { verdict, choice: await nudge(verdict) };
  }

  /**
   * Holds back a send that needs a nudge; sends it again when the child chooses
   * "send anyway", and puts the cursor on the flagged words when the child chooses "edit".
   * @param {Event} event
   * @param {() => void} resend repeats the send synchronously
   */
  function intercept(event, resend) {
    if (passing) {
      return;
    }
    if (reviewing) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    const verdict = guard.check(field.value, { direction: 'outgoing' });
    if (!shouldNudge(verdict)) {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    reviewing = true;
    nudge(verdict)
      .then((choice) => {
        if (choice === 'send_anyway') {
          passing = true;
          try {
            resend();
          } finally {
            passing = false;
          }
        } else {
          focusHit(field, choice === 'edit' ? verdict.hits[0] : undefined);
        }
      })
      .finally(() => {
        reviewing = false;
      });
  }

  /** @param {SubmitEvent} event */
  const onSubmit = (event) => {
    if (event.target === target) {
      const submitter = event.submitter;
      intercept(event, () => /** @type {HTMLFormElement} */ (target).requestSubmit(submitter));
    }
  };
  /** @param {KeyboardEvent} event */
  const onKeydown = (event) => {
    if (event.target === field && event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      intercept(event, () =>
        field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true })),
      );
    }
  };
  /** @param {Event} event */
  const onInput = (event) => {
    if (event.target === field) {
      options.onTyping?.(guard.check(field.value, { direction: 'outgoing' }));
    }
  };

  // Capture on the window runs before any listener the messenger put on its own elements.
  const listeners = /** @type {[string, EventListener][]} */ ([
    isForm ? ['submit', onSubmit] : ['keydown', onKeydown],
    ...(options.onTyping ? [['input', onInput]] : []),
  ]);
  for (const [type, listener] of listeners) {
    win.addEventListener(type, listener, true);
  }

  return {
    incoming: (text) => review(text, 'incoming'),
    outgoing: (text) => review(text, 'outgoing'),
    detach() {
      for (const [type, listener] of listeners) {
        win.removeEventListener(type, listener, true);
      }
    },
  };
}

/**
 * Focuses the composer, selecting the flagged words when there are some.
 * @param {HTMLTextAreaElement | HTMLInputElement} field
 * @param {import('../index.js').Hit} [hit] offsets are UTF-16, as the selection API counts
 */
function focusHit(field, hit) {
  field.focus();
  if (hit) {
    field.setSelectionRange(hit.start, hit.end);
  }
}
