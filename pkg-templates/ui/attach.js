// attach: wires a guard into one fixed composer, a `<form>` (with its message field) or a
// `<textarea>` / `<input>`. It is `watch` (watch.js) narrowed to that composer: sends are
// checked on Enter, the send button and submit; incoming messages when handed over.

import { watch } from './watch.js';

/** The message field of a form, unless `options.input` names it. */
const FIELD = 'textarea, input[type="text"], input:not([type])';

/**
 * Attaches a guard to a composer.
 * @param {HTMLFormElement | HTMLTextAreaElement | HTMLInputElement} target
 * @param {import('../index.js').Guard} guard
 * @param {import('./index.js').AttachOptions} [options]
 * @returns {import('./index.js').Attachment}
 */
export function attach(target, guard, options = {}) {
  const { input, onTyping, ...behaviour } = options;
  const field = input ?? (target.tagName === 'FORM' ? target.querySelector(FIELD) : target);
  if (!field) {
    throw new TypeError('tumar: attach() found no textarea or text input; pass options.input');
  }
  const watcher = watch(target, guard, {
    ...behaviour,
    composers: /** @type {HTMLElement} */ (field),
    ...(onTyping ? { onTyping: (verdict) => onTyping(verdict) } : {}),
  });
  return {
    incoming: (text) => watcher.incoming(text),
    outgoing: (text) => watcher.outgoing(text),
    detach: () => watcher.stop(),
  };
}
