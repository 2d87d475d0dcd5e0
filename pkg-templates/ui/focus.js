// Keeps keyboard focus inside an open dialog: Tab past the last control wraps to the first,
// Shift+Tab before the first wraps to the last.

const FOCUSABLE = 'button:not([disabled]), a[href], input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Traps Tab inside `container` until the returned function is called.
 * @param {HTMLElement} container
 * @returns {() => void} releases the trap
 */
export function trapFocus(container) {
  /** @param {KeyboardEvent} event */
  const onKeydown = (event) => {
    if (event.key !== 'Tab') {
      return;
    }
    // Only what is shown: hidden parts (the folded services, the block confirm step) are skipped.
    const items = [...container.querySelectorAll(FOCUSABLE)].filter((item) => item.getClientRects().length > 0);
    if (items.length === 0) {
      event.preventDefault();
      return;
    }
    const first = /** @type {HTMLElement} */ (items[0]);
    const last = /** @type {HTMLElement} */ (items[items.length - 1]);
    const active = container.ownerDocument.activeElement;
    const outside = !container.contains(active);
    if (event.shiftKey && (active === first || outside)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || outside)) {
      event.preventDefault();
      first.focus();
    }
  };
  container.addEventListener('keydown', onKeydown);
  return () => container.removeEventListener('keydown', onKeydown);
}

/** Input types a child types text into. */
const TEXT_INPUTS = new Set(['text', 'search', 'email', 'url', 'tel', 'password', '']);

/**
 * Whether `element` is somewhere the child types: a textarea, a text input or an editable
 * element (a messenger's composer).
 * @param {Element | null} element
 * @returns {boolean}
 */
export function isEditable(element) {
  if (!element) {
    return false;
  }
  const field = /** @type {HTMLInputElement} */ (element);
  if (/** @type {HTMLElement} */ (element).isContentEditable) {
    return true;
  }
  if (element.tagName === 'TEXTAREA') {
    return !field.readOnly && !field.disabled;
  }
  if (element.tagName === 'INPUT') {
    return TEXT_INPUTS.has(field.type) && !field.readOnly && !field.disabled;
  }
  return false;
}
