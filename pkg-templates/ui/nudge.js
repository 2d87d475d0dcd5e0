// showNudge: the accessible warning popup. It resolves to the child's choice and never acts
// on it: blocking, reporting or sending is the integrator's decision.

import { nudgeContent } from '../core.js';
import { renderDialog } from './dialog.js';
import { trapFocus } from './focus.js';

/** Nudges are shown one at a time: each waits for the one before it to close. */
let queue = Promise.resolve();

/**
 * Shows the nudge a verdict calls for and resolves to the child's choice: a choice id,
 * `dismiss` (closed with Escape or the close button), or `null` when the verdict needs no
 * nudge (or `signal` aborted it). `get_help` moves focus to the support services and keeps
 * the dialog open; it resolves when the child closes it. Without services it resolves at once.
 * @param {import('../index.js').Verdict} verdict
 * @param {import('./index.js').NudgeOptions} [options]
 * @returns {Promise<import('./index.js').NudgeResult>}
 */
export function showNudge(verdict, options = {}) {
  const content = nudgeContent(verdict, options);
  if (!content) {
    return Promise.resolve(null);
  }
  const shown = queue.then(() => present(content, options));
  queue = shown.then(
    () => undefined,
    () => undefined,
  );
  return shown;
}

/**
 * Opens the dialog, moves focus in and traps it, and resolves when the child chooses.
 * @param {import('../index.js').NudgeContent} content
 * @param {import('./index.js').NudgeOptions} options
 * @returns {Promise<import('./index.js').NudgeResult>}
 */
function present(content, { signal, root = document.body }) {
  if (signal?.aborted) {
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    const doc = root.ownerDocument;
    const { dialog, close, choices, links } = renderDialog(content, doc);
    const previous = /** @type {HTMLElement | null} */ (doc.activeElement);
    let helpShown = false;
    let done = false;

    /** @param {import('./index.js').NudgeResult} choice */
    const finish = (choice) => {
      if (done) {
        return;
      }
      done = true;
      release();
      signal?.removeEventListener('abort', onAbort);
      dialog.close();
      dialog.remove();
      previous?.focus?.();
      resolve(choice);
    };
    const dismiss = () => finish(helpShown ? 'get_help' : 'dismiss');
    const onAbort = () => finish(null);

    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      dismiss();
    });
    dialog.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        dismiss();
      }
    });
    close.addEventListener('click', dismiss);
    for (const button of choices) {
      button.addEventListener('click', () => {
        const choice = /** @type {import('../index.js').ChoiceId} */ (button.dataset.choice);
        if (choice === 'get_help' && links.length > 0) {
          helpShown = true;
          links[0].focus();
        } else {
          finish(choice);
        }
      });
    }
    signal?.addEventListener('abort', onAbort);

    root.append(dialog);
    dialog.showModal();
    const release = trapFocus(dialog);
    (choices[0] ?? close).focus();
  });
}
