// Builds the nudge dialog's DOM from nudge content. Every text is set with `textContent`
// (never as HTML), and links are only ever `tel:` or `https:`.

let serial = 0;

/**
 * @typedef {object} NudgeElements
 * @property {HTMLDialogElement} dialog
 * @property {HTMLButtonElement} close
 * @property {HTMLButtonElement[]} choices one per choice, in order, with `data-choice`
 * @property {HTMLAnchorElement[]} links the services' links, in order
 */

/**
 * Renders the dialog (not yet in the document).
 * @param {import('../index.js').NudgeContent} content
 * @param {Document} doc
 * @returns {NudgeElements}
 */
export function renderDialog(content, doc) {
  const id = `tumar-nudge-${++serial}`;
  const el = element(doc);
  const dialog = /** @type {HTMLDialogElement} */ (el('dialog', 'tumar-nudge'));
  dialog.setAttribute('role', 'alertdialog');
  dialog.setAttribute('aria-modal', 'true');
  dialog.setAttribute('aria-labelledby', `${id}-kicker ${id}-title`);
  dialog.setAttribute('aria-describedby', `${id}-body`);
  dialog.lang = content.locale;
  dialog.dir = content.dir;
  dialog.dataset.category = content.category;
  dialog.dataset.direction = content.direction;

  const close = /** @type {HTMLButtonElement} */ (el('button', 'tumar-nudge__close', '×'));
  close.type = 'button';
  close.setAttribute('aria-label', content.labels.close);

  const kicker = el('p', 'tumar-nudge__kicker', content.labels.dialog_label);
  kicker.id = `${id}-kicker`;
  const title = el('h2', 'tumar-nudge__title', content.title);
  title.id = `${id}-title`;
  const body = el('p', 'tumar-nudge__body', content.body);
  body.id = `${id}-body`;

  const choiceBox = el('div', 'tumar-nudge__choices');
  const choices = content.choices.map((choice, index) => {
    const button = /** @type {HTMLButtonElement} */ (
      el('button', `tumar-nudge__choice${index === 0 ? ' tumar-nudge__choice--primary' : ''}`, choice.label)
    );
    button.type = 'button';
    button.dataset.choice = choice.id;
    choiceBox.append(button);
    return button;
  });

  dialog.append(close, kicker, title, body, choiceBox);
  const links = [];
  if (content.services.length > 0) {
    dialog.append(renderServices(content, `${id}-services`, el, links));
  }
  return { dialog, close, choices, links };
}

/**
 * The list of support services with their call and open links.
 * @param {import('../index.js').NudgeContent} content
 * @param {string} id
 * @param {ReturnType<typeof element>} el
 * @param {HTMLAnchorElement[]} links collects the links
 */
function renderServices(content, id, el, links) {
  const section = el('section', 'tumar-nudge__services');
  section.setAttribute('aria-labelledby', `${id}-heading`);
  const heading = el('h3', 'tumar-nudge__services-heading', content.labels.services_heading);
  heading.id = `${id}-heading`;
  const list = el('ul', 'tumar-nudge__service-list');
  content.services.forEach((service, index) => {
    const item = el('li', 'tumar-nudge__service');
    const name = el('span', 'tumar-nudge__service-name', service.name);
    name.id = `${id}-${index}`;
    item.append(name);
    if (service.for_parents) {
      item.append(el('span', 'tumar-nudge__badge', content.labels.for_parents));
    }
    if (service.hours) {
      item.append(el('span', 'tumar-nudge__hours', service.hours));
    }
    const actions = el('span', 'tumar-nudge__service-actions');
    if (service.tel?.startsWith('tel:') && service.phone) {
      const call = link(el, service.tel, 'tumar-nudge__link tumar-nudge__link--call', name.id);
      const number = el('bdi', 'tumar-nudge__phone', service.phone);
      number.dir = 'ltr';
      call.append(`${content.labels.call} `, number);
      actions.append(call);
      links.push(call);
    }
    if (service.url?.startsWith('https://')) {
      const open = link(el, service.url, 'tumar-nudge__link tumar-nudge__link--open', name.id);
      open.textContent = content.labels.open;
      open.target = '_blank';
      open.rel = 'noopener noreferrer';
      actions.append(open);
      links.push(open);
    }
    item.append(actions);
    list.append(item);
  });
  section.append(heading, list);
  return section;
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
