// watch: wires a guard into a live messenger page. Composers (textareas, text inputs and
// contenteditable fields) are found by a selector, including those the messenger draws later
// and those inside open shadow roots (web components);
// what the child sends is checked on Enter, on a send button and on form submit, before the
// messenger's own listeners run. Incoming messages are checked when the integrator hands them
// over. The nudge never acts by itself: "send anyway" repeats the send, "edit" puts the cursor
// back, and everything else is the integrator's decision.

import { showNudge } from './nudge.js';

/**
 * What counts as a composer by default: every multi-line or plain text field and every
 * editable element, but no search or autocomplete box (an emoji picker's search, for one).
 */
export const COMPOSERS = [
  'textarea',
  'input[type="text"]',
  'input:not([type])',
  '[contenteditable=""]',
  '[contenteditable="true"]',
  '[contenteditable="plaintext-only"]',
]
  .map((selector) => `${selector}:not([role="searchbox"]):not([role="combobox"]):not([type="search"])`)
  .join(', ');

/** Send buttons outside a form's submit, marked by the integrator (or `options.sendButtons`). */
export const SEND_BUTTONS = '[data-tumar-send]';

/**
 * Watches `root` (a document or an element) for composers and checks every send.
 * @param {Document | HTMLElement} root
 * @param {import('./index.js').WatchGuard} guard a guard, or a worker guard whose `check`
 *   answers with a promise
 * @param {import('./index.js').WatchOptions} [options]
 * @returns {import('./index.js').Watcher}
 */
export function watch(root, guard, options = {}) {
  const doc = root.nodeType === 9 ? /** @type {Document} */ (root) : root.ownerDocument;
  const win = /** @type {Window} */ (doc.defaultView);
  /** One fixed composer (`attach`), or the selector that finds them. */
  const fixed = typeof options.composers === 'object' ? options.composers : null;
  const composerSelector = typeof options.composers === 'string' ? options.composers : COMPOSERS;
  const sendSelector = options.sendButtons ?? SEND_BUTTONS;
  const enterSends = options.enterSends ?? true;
  const shouldNudge = options.shouldNudge ?? ((verdict) => verdict.action === 'nudge');
  /** @type {Set<HTMLElement>} */
  const composers = new Set();
  /** Composers whose outgoing nudge is open: further sends from them wait. */
  const reviewing = new WeakSet();
  /** Aborts the nudges of a composer that left the page (its chat was closed). */
  const leaving = new WeakMap();
  /** @type {HTMLElement | null} the composer the child used last */
  let lastUsed = null;
  /** @type {Set<ShadowRoot>} open shadow roots inside `root`, watched like `root` itself */
  const shadowRoots = new Set();
  /** While true, a send goes through unchecked: the child chose "send anyway". */
  let passing = false;

  /** @param {Element} element */
  const isComposer = (element) => (fixed ? element === fixed : element.matches(composerSelector)) && isTextField(element);

  /**
   * The composer an event came from (its own target, or where it was retargeted from).
   * @param {Event} event
   */
  const composerOf = (event) => {
    const target = event.composedPath()[0];
    if (!(target instanceof win.Element) || !containsDeep(root, target)) {
      return null;
    }
    const field = fixed ? (fixed.contains(target) ? fixed : null) : target.closest(composerSelector);
    return field && isComposer(field) ? /** @type {HTMLElement} */ (field) : null;
  };

  /**
   * The composer a send button or form sends from: the one the child used last inside
   * `scope`, else the first inside it that holds text.
   * @param {Element} scope
   */
  const composerIn = (scope) => {
    if (lastUsed?.isConnected && containsDeep(scope, lastUsed)) {
      return lastUsed;
    }
    const inside = /** @type {HTMLElement[]} */ ([...scope.querySelectorAll(composerSelector)]).filter(isComposer);
    return fixed ? (scope.contains(fixed) ? fixed : null) : (inside.find((field) => textOf(field).trim() !== '') ?? null);
  };

  /** @param {HTMLElement} composer */
  const conversationOf = (composer) =>
    typeof options.conversation === 'function' ? options.conversation(composer) : options.conversation;

  /**
   * Shows the nudge a verdict calls for and reports the choice in a `tumar:nudge` event on
   * `target` (never the text).
   * @param {import('../index.js').Verdict} verdict
   * @param {EventTarget} target
   * @param {string | undefined} conversation
   * @param {AbortSignal} [signal]
   */
  async function nudge(verdict, target, conversation, signal) {
    if (!shouldNudge(verdict)) {
      return null;
    }
    const choice = await showNudge(verdict, {
      locale: options.locale ?? guard.locale,
      country: options.country ?? guard.country,
      root: options.root,
      conversation,
      cooldownMs: options.cooldownMs,
      allowSendAnyway: options.allowSendAnyway,
      allowKeepReading: options.allowKeepReading,
      focusAfterMs: options.focusAfterMs,
      signal,
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
   * Checks what `composer` is about to send. When the send must wait (a nudge, or a guard in a
   * worker that answers later) the event is held back; `resend` repeats it once the child
   * chose "send anyway" or the worker found nothing.
   * @param {Event} event
   * @param {HTMLElement} composer
   * @param {() => void} resend repeats the send synchronously
   */
  function intercept(event, composer, resend) {
    if (passing) {
      return;
    }
    if (reviewing.has(composer)) {
      hold(event);
      return;
    }
    lastUsed = composer;
    const conversation = conversationOf(composer);
    // The conversation keys the nudge; a draft never counts toward the conversation's risk.
    let answer;
    try {
      answer = guard.check(textOf(composer), { direction: 'outgoing' });
    } catch {
      return; // a check that fails never holds what the child writes
    }
    if (!isPromise(answer) && !shouldNudge(answer)) {
      return;
    }
    hold(event);
    reviewing.add(composer);
    Promise.resolve(answer)
      .then(
        async (verdict) => {
          if (!shouldNudge(verdict)) {
            return 'send_anyway';
          }
          const choice = await nudge(verdict, composer, conversation, signalFor(composer));
          if (choice !== 'send_anyway' && composer.isConnected) {
            focusHit(composer, choice === 'edit' ? verdict.hits[0] : undefined);
          }
          return choice;
        },
        // A worker whose check fails lets the held message go: a failure never traps it.
        () => 'send_anyway',
      )
      .then((choice) => {
        reviewing.delete(composer);
        if (choice === 'send_anyway' && composer.isConnected) {
          passing = true;
          try {
            resend();
          } finally {
            passing = false;
          }
        }
      })
      .catch(() => reviewing.delete(composer));
  }

  /** @param {HTMLElement} composer */
  const signalFor = (composer) => {
    let controller = leaving.get(composer);
    if (!controller) {
      controller = new AbortController();
      leaving.set(composer, controller);
    }
    return controller.signal;
  };

  /** @param {KeyboardEvent} event */
  const onKeydown = (event) => {
    if (!enterSends || event.key !== 'Enter' || event.shiftKey || event.altKey || event.isComposing || event.keyCode === 229) {
      return;
    }
    const composer = composerOf(event);
    if (!composer) {
      return;
    }
    intercept(event, composer, () => {
      const again = new KeyboardEvent('keydown', {
        key: 'Enter',
        code: 'Enter',
        keyCode: 13,
        which: 13,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        bubbles: true,
        cancelable: true,
        composed: true,
      });
      const handled = !composer.dispatchEvent(again);
      // Nobody took the repeated Enter: a text input in a form sends by submitting it.
      const form = /** @type {HTMLInputElement} */ (composer).form;
      if (!handled && composer.tagName === 'INPUT' && form) {
        form.requestSubmit();
      }
    });
  };

  /** @param {SubmitEvent} event */
  const onSubmit = (event) => {
    const form = /** @type {HTMLFormElement} */ (event.composedPath()[0]);
    if (!(form instanceof win.HTMLFormElement) || !containsDeep(root, form)) {
      return;
    }
    const composer = composerIn(form);
    if (composer) {
      const submitter = event.submitter;
      intercept(event, composer, () => form.requestSubmit(submitter));
    }
  };

  /** @param {MouseEvent} event */
  const onClick = (event) => {
    const target = event.composedPath()[0];
    const button = target instanceof win.Element ? target.closest(sendSelector) : null;
    if (!button || !containsDeep(root, button)) {
      return;
    }
    const composer = composerIn(button.closest('form') ?? sendScope(button, composerSelector) ?? doc.body);
    if (composer) {
      intercept(event, composer, () => /** @type {HTMLElement} */ (button).click());
    }
  };

  /** @param {Event} event */
  const onInput = (event) => {
    const composer = composerOf(event);
    if (!composer) {
      return;
    }
    lastUsed = composer;
    if (options.onTyping) {
      Promise.resolve(guard.check(textOf(composer), { direction: 'outgoing' })).then(
        (verdict) => options.onTyping?.(verdict, composer),
        () => undefined,
      );
    }
  };

  /** @param {FocusEvent} event */
  const onFocus = (event) => {
    lastUsed = composerOf(event) ?? lastUsed;
  };

  /**
   * Watches the open shadow roots of `node` and of the elements under it (and theirs in turn).
   * @param {Node} node
   */
  const findShadowRoots = (node) => {
    if (!('querySelectorAll' in node)) {
      return; // text, comments
    }
    const tree = /** @type {Element | ShadowRoot | Document} */ (node);
    for (const element of [...(isElement(tree) ? [/** @type {Element} */ (tree)] : []), ...tree.querySelectorAll('*')]) {
      const shadow = element.shadowRoot;
      if (shadow && !shadowRoots.has(shadow)) {
        shadowRoots.add(shadow);
        observer.observe(shadow, OBSERVED);
        // Submit does not leave a shadow root: it is caught where it happens.
        shadow.addEventListener('submit', onSubmit, true);
        findShadowRoots(shadow);
      }
    }
  };

  /** Lets go of the shadow roots whose host left the page (found again if it comes back). */
  const forgetLeftShadowRoots = () => {
    for (const shadow of shadowRoots) {
      if (!shadow.host.isConnected) {
        shadowRoots.delete(shadow);
        shadow.removeEventListener('submit', onSubmit, true);
      }
    }
  };

  /** Notes the composers now in the page and those that left it. */
  const survey = () => {
    forgetLeftShadowRoots();
    const trees = [root, ...shadowRoots];
    const found = fixed
      ? [fixed]
      : [...(isElement(root) && root.matches(composerSelector) ? [root] : []), ...trees.flatMap((tree) => [...tree.querySelectorAll(composerSelector)])];
    const now = new Set(/** @type {HTMLElement[]} */ (found).filter((field) => field.isConnected && isComposer(field)));
    for (const field of composers) {
      if (!now.has(field)) {
        composers.delete(field);
        leaving.get(field)?.abort();
        leaving.delete(field);
        if (lastUsed === field) {
          lastUsed = null;
        }
        options.onComposer?.(field, false);
      }
    }
    for (const field of now) {
      if (!composers.has(field)) {
        composers.add(field);
        options.onComposer?.(field, true);
      }
    }
  };
  const observer = new win.MutationObserver((records) => {
    if (!fixed) {
      records.forEach((record) => record.addedNodes.forEach(findShadowRoots));
    }
    survey();
  });
  observer.observe(root, OBSERVED);
  if (!fixed) {
    findShadowRoots(root);
  }
  survey();

  // Capture on the window runs before any listener the messenger put on its own elements.
  const listeners = /** @type {[string, EventListener][]} */ ([
    ['keydown', onKeydown],
    ['submit', onSubmit],
    ['click', onClick],
    ['input', onInput],
    ['focusin', onFocus],
  ]);
  for (const [type, listener] of listeners) {
    win.addEventListener(type, listener, true);
  }

  /**
   * @param {string} text
   * @param {import('../index.js').Direction} direction
   * @param {{ conversation?: string }} [about]
   */
  async function review(text, direction, { conversation = typeof options.conversation === 'string' ? options.conversation : undefined } = {}) {
    const verdict = await guard.check(String(text), { direction, conversation });
    return { verdict, choice: await nudge(verdict, isElement(root) ? root : doc, conversation) };
  }

  return {
    get composers() {
      return [...composers];
    },
    incoming: (text, about) => review(text, 'incoming', about),
    outgoing: (text, about) => review(text, 'outgoing', about),
    stop() {
      observer.disconnect();
      for (const [type, listener] of listeners) {
        win.removeEventListener(type, listener, true);
      }
      for (const shadow of shadowRoots) {
        shadow.removeEventListener('submit', onSubmit, true);
      }
      shadowRoots.clear();
      composers.clear();
    },
  };
}

/** What the composers' observer follows: the tree, and what makes a field a composer or not. */
const OBSERVED = { childList: true, subtree: true, attributes: true, attributeFilter: ['contenteditable', 'type', 'role'] };

/**
 * Whether `node` is `ancestor` or inside it, across shadow roots (a node in a shadow tree is
 * inside its host).
 * @param {Node} ancestor
 * @param {Node} node
 */
function containsDeep(ancestor, node) {
  for (let at = /** @type {Node | null} */ (node); at; at = at.parentNode ?? /** @type {ShadowRoot} */ (at).host ?? null) {
    if (at === ancestor) {
      return true;
    }
  }
  return false;
}

/**
 * The text a composer holds.
 * @param {HTMLElement} field
 */
export function textOf(field) {
  return 'value' in field ? String(/** @type {HTMLInputElement} */ (field).value) : field.innerText;
}

/** @param {Element} element a field the selector found: editable text, not a disabled one */
function isTextField(element) {
  if (element.tagName === 'TEXTAREA' || element.tagName === 'INPUT') {
    return !(/** @type {HTMLInputElement} */ (element).disabled);
  }
  return /** @type {HTMLElement} */ (element).isContentEditable;
}

/** @param {unknown} node */
function isElement(node) {
  return /** @type {Node} */ (node).nodeType === 1;
}

/** @param {unknown} value */
function isPromise(value) {
  return typeof (/** @type {any} */ (value)?.then) === 'function';
}

/**
 * Stops an event before the messenger sees it.
 * @param {Event} event
 */
function hold(event) {
  event.preventDefault();
  event.stopImmediatePropagation();
}

/**
 * The nearest ancestor of a send button that also holds a composer (the composer bar).
 * @param {Element} button
 * @param {string} selector
 */
function sendScope(button, selector) {
  for (let scope = button.parentElement; scope; scope = scope.parentElement) {
    if (scope.querySelector(selector)) {
      return scope;
    }
  }
  return null;
}

/**
 * Focuses the composer, selecting the flagged words when there are some: in a text field, or in
 * an editable element whose text has no line breaks made by markup (where the checked text and
 * the text nodes count the same).
 * @param {HTMLElement} field
 * @param {import('../index.js').Hit} [hit] offsets are UTF-16, as the selection API counts
 */
export function focusHit(field, hit) {
  field.focus();
  if (!hit) {
    return;
  }
  if ('setSelectionRange' in field) {
    /** @type {HTMLTextAreaElement} */ (field).setSelectionRange(hit.start, hit.end);
  } else if (field.innerText === field.textContent) {
    const range = rangeOf(field, hit.start, hit.end);
    const selection = field.ownerDocument.getSelection();
    if (range && selection) {
      selection.removeAllRanges();
      selection.addRange(range);
    }
  }
}

/**
 * The DOM range of the text between two offsets of an element's text content.
 * @param {HTMLElement} field
 * @param {number} start
 * @param {number} end
 */
function rangeOf(field, start, end) {
  const doc = field.ownerDocument;
  const walker = doc.createTreeWalker(field, NodeFilter.SHOW_TEXT);
  const range = doc.createRange();
  let seen = 0;
  let started = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = /** @type {Text} */ (node).length;
    if (!started && start <= seen + length) {
      range.setStart(node, start - seen);
      started = true;
    }
    if (started && end <= seen + length) {
      range.setEnd(node, end - seen);
      return range;
    }
    seen += length;
  }
  return null;
}
