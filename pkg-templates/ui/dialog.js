// Builds the nudge dialog's DOM from nudge content. Every text is set with `textContent`
// (never as HTML), and links are only ever `tel:` or `https:`.
//
// The first view is compact so that it fits a small phone: what happened, the choices, and the
// first (primary) support service; the other services are one tap away behind "more ways to
// get help". "Block" asks once more before it counts.

let serial = 0;

/**
 * The dialog and the parts the popup logic drives. Event handling is left to the caller
 * (delegated on `dialog`), so `update` can rebuild the inside without rebinding anything.
 * @typedef {object} NudgeView
 * @property {HTMLDialogElement} dialog
 * @property {(content: import('../index.js').NudgeContent, count: number) => void} update
 *   rebuilds the texts, choices and services (same dialog element)
 * @property {(count: number) => void} setCount shows "Messages: N" when N > 1
 * @property {() => HTMLAnchorElement[]} links every service link, the primary one first
 * @property {(id: string) => HTMLButtonElement | null} choice finds a choice button by id
 * @property {() => void} openHelp expands the services, marks them and scrolls them into view
 * @property {() => HTMLButtonElement} showConfirm swaps the choices for the block confirm
 *   step; returns its "not now" button
 * @property {() => void} hideConfirm back to the choices
 */

/**
 * Renders the dialog (not yet in the document).
 * @param {import('../index.js').NudgeContent} content
 * @param {Document} doc
 * @param {number} [count] how many flagged messages the nudge stands for
 * @returns {NudgeView}
 */
export function renderDialog(content, doc, count = 1) {
  const id = `tumar-nudge-${++serial}`;
  const el = element(doc);
  const dialog = /** @type {HTMLDialogElement} */ (el('dialog', 'tumar-nudge'));
  dialog.setAttribute('role', 'alertdialog');
  dialog.setAttribute('aria-modal', 'true');
  dialog.setAttribute('aria-labelledby', `${id}-kicker ${id}-title`);
  dialog.setAttribute('aria-describedby', `${id}-body`);
  // Focus goes to the dialog itself, never to a button: no single key press can choose.
  dialog.tabIndex = -1;

  /** @type {HTMLElement} */
  let countEl = el('span', 'tumar-nudge__count');
  /** @type {HTMLElement} */
  let choiceBox = el('div', 'tumar-nudge__choices');
  /** @type {HTMLElement} */
  let confirmBox = el('div', 'tumar-nudge__confirm');
  /** @type {HTMLElement | null} */
  let services = null;
  /** @type {HTMLButtonElement | null} */
  let more = null;
  /** @type {HTMLElement | null} */
  let moreList = null;
  /** @type {HTMLAnchorElement[]} */
  let links = [];
  /** @type {import('../index.js').NudgeContent} */
  let current = content;

  /** @param {number} n */
  const setCount = (n) => {
    countEl.textContent = n > 1 ? current.labels.messages_count.replace('{n}', String(n)) : '';
    countEl.hidden = n <= 1;
  };

  /** @param {import('../index.js').NudgeContent} next @param {number} n */
  const update = (next, n) => {
    current = next;
    dialog.lang = next.locale;
    dialog.dir = next.dir;
    dialog.dataset.category = next.category;
    dialog.dataset.direction = next.direction;

    const close = /** @type {HTMLButtonElement} */ (el('button', 'tumar-nudge__close', '×'));
    close.type = 'button';
    close.dataset.action = 'close';
    close.setAttribute('aria-label', next.labels.close);

    const kickerRow = el('p', 'tumar-nudge__kicker');
    const kicker = el('span', 'tumar-nudge__kicker-label', next.labels.dialog_label);
    kicker.id = `${id}-kicker`;
    countEl = el('span', 'tumar-nudge__count');
    countEl.setAttribute('aria-live', 'polite');
    kickerRow.append(kicker, countEl);
    const title = el('h2', 'tumar-nudge__title', next.title);
    title.id = `${id}-title`;
    const body = el('p', 'tumar-nudge__body', next.body);
    body.id = `${id}-body`;
    // The conversation nudge names the signs seen in the chat, one per line (as text).
    const signs = next.signs?.length ? el('ul', 'tumar-nudge__signs') : null;
    for (const sign of next.signs ?? []) {
      signs?.append(el('li', 'tumar-nudge__sign', sign));
    }
    if (signs) {
      signs.id = `${id}-signs`;
    }
    dialog.setAttribute('aria-describedby', signs ? `${id}-body ${id}-signs` : `${id}-body`);
    dialog.dataset.conversation = next.conversation ? 'true' : 'false';
    const waiting = el('p', 'tumar-nudge__waiting', next.labels.waiting);

    choiceBox = el('div', 'tumar-nudge__choices');
    next.choices.forEach((choice, index) => {
      const quiet = choice.id === 'keep_reading' || choice.id === 'send_anyway';
      const modifier = index === 0 ? ' tumar-nudge__choice--primary' : quiet ? ' tumar-nudge__choice--quiet' : '';
      const button = /** @type {HTMLButtonElement} */ (el('button', `tumar-nudge__choice${modifier}`, choice.label));
      button.type = 'button';
      button.dataset.choice = choice.id;
      choiceBox.append(button);
    });

    confirmBox = el('div', 'tumar-nudge__confirm');
    confirmBox.hidden = true;
    confirmBox.setAttribute('role', 'group');
    const question = el('p', 'tumar-nudge__confirm-question', next.labels.block_confirm);
    question.id = `${id}-confirm`;
    confirmBox.setAttribute('aria-labelledby', question.id);
    const cancel = /** @type {HTMLButtonElement} */ (el('button', 'tumar-nudge__choice', next.labels.cancel));
    cancel.type = 'button';
    cancel.dataset.action = 'cancel';
    const yes = /** @type {HTMLButtonElement} */ (el('button', 'tumar-nudge__choice tumar-nudge__choice--danger', next.labels.block_yes));
    yes.type = 'button';
    yes.dataset.confirm = 'block';
    confirmBox.append(question, cancel, yes);

    links = [];
    more = null;
    moreList = null;
    services = next.services.length > 0 ? renderServices(next, `${id}-services`) : null;

    dialog.replaceChildren(close, kickerRow, title, body, ...(signs ? [signs] : []), waiting, choiceBox, confirmBox, ...(services ? [services] : []));
    setCount(n);
  };

  /**
   * The services: an optional plain note when no local child helpline is listed, the primary
   * service, and the others behind a "more" button.
   * @param {import('../index.js').NudgeContent} next
   * @param {string} sid
   */
  const renderServices = (next, sid) => {
    const section = el('section', 'tumar-nudge__services');
    section.setAttribute('aria-labelledby', `${sid}-heading`);
    const heading = el('h3', 'tumar-nudge__services-heading', next.labels.services_heading);
    heading.id = `${sid}-heading`;
    section.append(heading);
    if (!next.local_helpline) {
      section.append(el('p', 'tumar-nudge__note', next.labels.no_local_helpline));
    }
    const [first, ...rest] = next.services;
    const primary = el('ul', 'tumar-nudge__service-list');
    primary.append(renderService(next, first, `${sid}-0`, true));
    section.append(primary);
    if (rest.length > 0) {
      more = /** @type {HTMLButtonElement} */ (el('button', 'tumar-nudge__more', next.labels.more_help));
      more.type = 'button';
      more.dataset.action = 'more';
      more.append(el('span', 'tumar-nudge__more-count', ` (${rest.length})`));
      more.setAttribute('aria-expanded', 'false');
      more.setAttribute('aria-controls', `${sid}-more`);
      moreList = el('ul', 'tumar-nudge__service-list tumar-nudge__service-list--more');
      moreList.id = `${sid}-more`;
      moreList.hidden = true;
      rest.forEach((service, index) => moreList?.append(renderService(next, service, `${sid}-${index + 1}`, false)));
      section.append(more, moreList);
    }
    return section;
  };

  /**
   * One service with its call and open links.
   * @param {import('../index.js').NudgeContent} next
   * @param {import('../index.js').Service} service
   * @param {string} nameId
   * @param {boolean} primary
   */
  const renderService = (next, service, nameId, primary) => {
    const item = el('li', `tumar-nudge__service${primary ? ' tumar-nudge__service--primary' : ''}`);
    item.dataset.service = service.id;
    const head = el('span', 'tumar-nudge__service-head');
    const name = el('span', 'tumar-nudge__service-name', service.name);
    name.id = nameId;
    head.append(name);
    if (service.for_parents) {
      head.append(el('span', 'tumar-nudge__badge', next.labels.for_parents));
    }
    if (service.international) {
      head.append(el('span', 'tumar-nudge__badge tumar-nudge__badge--international', next.labels.international));
    }
    if (service.hours) {
      head.append(el('span', 'tumar-nudge__hours', service.hours));
    }
    const actions = el('span', 'tumar-nudge__service-actions');
    if (service.tel?.startsWith('tel:') && service.phone) {
      const call = link(el, service.tel, 'tumar-nudge__link tumar-nudge__link--call', nameId);
      const number = el('bdi', 'tumar-nudge__phone', service.phone);
      number.dir = 'ltr';
      call.append(el('span', 'tumar-nudge__call-label', next.labels.call), ' ', number);
      actions.append(call);
      links.push(call);
    }
    if (service.url?.startsWith('https://')) {
      const open = link(el, service.url, 'tumar-nudge__link tumar-nudge__link--open', nameId);
      open.textContent = next.labels.open;
      open.target = '_blank';
      open.rel = 'noopener noreferrer';
      actions.append(open);
      links.push(open);
    }
    item.append(head, actions);
    return item;
  };

  update(content, count);

  return {
    dialog,
    update,
    setCount,
    links: () => links,
    choice: (choiceId) =>
      /** @type {HTMLButtonElement | null} */ (choiceBox.querySelector(`[data-choice="${choiceId}"]`)),
    openHelp() {
      if (more && moreList) {
        more.setAttribute('aria-expanded', 'true');
        moreList.hidden = false;
      }
      if (services) {
        services.classList.remove('tumar-nudge__services--open');
        // Restart the highlight so a second "get help" also shows a change.
        void services.offsetWidth;
        services.classList.add('tumar-nudge__services--open');
        services.scrollIntoView({ block: 'nearest' });
      }
    },
    showConfirm() {
      choiceBox.hidden = true;
      confirmBox.hidden = false;
      return /** @type {HTMLButtonElement} */ (confirmBox.querySelector('[data-action="cancel"]'));
    },
    hideConfirm() {
      confirmBox.hidden = true;
      choiceBox.hidden = false;
    },
  };
}

/**
 * Toggles the "more ways to get help" list.
 * @param {HTMLButtonElement} more
 */
export function toggleMore(more) {
  const list = more.ownerDocument.getElementById(more.getAttribute('aria-controls') ?? '');
  const open = more.getAttribute('aria-expanded') !== 'true';
  more.setAttribute('aria-expanded', String(open));
  if (list) {
    list.hidden = !open;
    if (open) {
      list.scrollIntoView({ block: 'nearest' });
    }
  }
}

/**
 * @param {ReturnType<typeof element>} el
 * @param {string} href
 * @param {string} className
 * @param {string} describedBy the id of the service's name
 * @returns {HTMLAnchorElement}
 */
function link(el, href, className, describedBy) {
  const a = /** @type {HTMLAnchorElement} */ (el('a', className));
  a.href = href;
  a.setAttribute('aria-describedby', describedBy);
  return a;
}

/**
 * An element factory bound to `doc`: tag, class and optional text (set as text).
 * @param {Document} doc
 */
function element(doc) {
  /**
   * @param {string} tag
   * @param {string} className
   * @param {string} [text]
   * @returns {HTMLElement}
   */
  return (tag, className, text) => {
    const node = doc.createElement(tag);
    node.className = className;
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  };
}
