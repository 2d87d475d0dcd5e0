// Renders the conversation: message bubbles (with the words a verdict flagged underlined),
// system notes and the contact's typing indicator. Text is always set as text.

/**
 * Appends a message bubble.
 * @param {HTMLOListElement} list
 * @param {string} text
 * @param {'in' | 'out'} side
 * @returns {HTMLLIElement}
 */
export function addMessage(list, text, side) {
  const item = document.createElement('li');
  item.className = `message message--${side}`;
  const bubble = document.createElement('p');
  bubble.className = 'bubble';
  bubble.dir = 'auto';
  bubble.textContent = text;
  const time = document.createElement('time');
  time.className = 'time';
  time.textContent = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  item.append(bubble, time);
  list.append(item);
  item.scrollIntoView({ block: 'end' });
  return item;
}

/**
 * Underlines the hits of a verdict in a bubble. `start`/`end` are UTF-16 offsets, which is
 * exactly how `String.prototype.slice` counts.
 * @param {HTMLLIElement} item
 * @param {string} text
 * @param {import('./tumar/index.js').Hit[]} hits
 */
export function markHits(item, text, hits) {
  const bubble = /** @type {HTMLElement} */ (item.querySelector('.bubble'));
  const parts = [];
  let at = 0;
  for (const hit of [...hits].sort((a, b) => a.start - b.start)) {
    if (hit.start < at) {
      continue;
    }
    parts.push(text.slice(at, hit.start));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(hit.start, hit.end);
    parts.push(mark);
    at = hit.end;
  }
  parts.push(text.slice(at));
  bubble.replaceChildren(...parts);
  item.classList.add('message--flagged');
}

/**
 * Appends a centred note from the messenger itself.
 * @param {HTMLOListElement} list
 * @param {string} text
 */
export function addNote(list, text) {
  const item = document.createElement('li');
  item.className = 'note';
  item.textContent = text;
  list.append(item);
  item.scrollIntoView({ block: 'end' });
}

/**
 * Shows the typing indicator for `ms` milliseconds.
 * @param {HTMLOListElement} list
 * @param {number} ms
 * @returns {Promise<void>}
 */
export function showTyping(list, ms) {
  const item = document.createElement('li');
  item.className = 'message message--in typing';
  item.setAttribute('aria-hidden', 'true');
  const dots = document.createElement('p');
  dots.className = 'bubble';
  dots.append(...[0, 1, 2].map(() => document.createElement('span')));
  item.append(dots);
  list.append(item);
  item.scrollIntoView({ block: 'end' });
  return new Promise((done) =>
    setTimeout(() => {
      item.remove();
      done();
    }, ms),
  );
}
