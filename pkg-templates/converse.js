// tumar/converse: a Converse.js plugin. It checks every chat message a contact sends to the
// child (with a body: typing notifications, receipts and markers have none) and every message
// the child sends from a chat's composer, by Enter or the send button. The conversation id is
// the contact's (or room's) bare JID.
//
//   import converse from 'converse.js';   // or the global `converse` of converse.min.js
//   import { createGuard } from 'tumar';
//   import { addTumarPlugin } from 'tumar/converse';
//   addTumarPlugin(converse, await createGuard({ locale: 'ru', country: 'KZ' }));
//   converse.initialize({ whitelisted_plugins: ['tumar'], ... });

import { watch } from './ui/watch.js';

/** The plugin's name, to list in Converse's `whitelisted_plugins`. */
export const PLUGIN = 'tumar';

/** Converse's chat composer. */
const COMPOSER = 'textarea.chat-textarea';
/** The views of a conversation; they carry the contact's or room's JID. */
const CHAT_VIEWS = 'converse-chat, converse-muc';

/**
 * Registers the plugin. Call it before `converse.initialize`, and list `tumar` in
 * `whitelisted_plugins`.
 * @param {{ plugins: { add(name: string, plugin: object): void } }} converse
 * @param {import('./ui/index.js').WatchGuard} guard a guard, or a worker guard
 * @param {import('./converse.js').ConversePluginOptions} [options]
 */
export function addTumarPlugin(converse, guard, options = {}) {
  const { acceptIncoming = isFromContact, ...watchOptions } = options;
  converse.plugins.add(PLUGIN, {
    dependencies: ['converse-chat', 'converse-chatview'],
    initialize() {
      const { api } = /** @type {any} */ (this)._converse;
      const watcher = watch(document, guard, {
        composers: COMPOSER,
        conversation: (composer) => composer.closest(CHAT_VIEWS)?.getAttribute('jid') ?? undefined,
        ...watchOptions,
      });
      api.listen.on('message', (/** @type {ConverseMessage} */ data) => {
        const attrs = data?.attrs;
        if (!attrs || !acceptIncoming(attrs)) {
          return;
        }
        const conversation = data.chatbox?.get?.('jid') ?? attrs.contact_jid ?? undefined;
        watcher.incoming(String(attrs.body), { conversation }).catch(() => undefined);
      });
      api.listen.on('cleanup', () => watcher.stop());
    },
  });
}

/**
 * The default filter of incoming messages: a body, from the other person (not a copy of the
 * child's own message from another of their devices), live (not history fetched from the
 * archive, which was checked when it arrived), and not an error.
 * @param {import('./converse.js').ConverseMessageAttributes} attrs
 */
export function isFromContact(attrs) {
  return (
    typeof attrs.body === 'string' &&
    attrs.body.trim() !== '' &&
    attrs.sender === 'them' &&
    !attrs.is_carbon &&
    !attrs.is_archived &&
    attrs.type !== 'error'
  );
}

/**
 * @typedef {{ attrs?: import('./converse.js').ConverseMessageAttributes, chatbox?: { get?(key: string): string } }} ConverseMessage
 */
