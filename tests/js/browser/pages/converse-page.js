// Converse.js (from npm) with the tumar plugin, as an integrator wires it: the plugin is
// registered before `converse.initialize`. The account and server come from the query string.
import converse from '/converse/converse.min.js';
import { createGuard } from '/tumar/index.js';
import { addTumarPlugin, PLUGIN } from '/tumar/converse.js';

const params = new URLSearchParams(location.search);
const guard = await createGuard({ locale: 'en', country: 'GB' });
// The test reads which conversation (and direction) each check was for; never the text.
window.checked = [];
const recording = {
  locale: guard.locale,
  country: guard.country,
  check(text, options) {
    window.checked.push([options?.direction, options?.conversation]);
    return guard.check(text, options);
  },
};
addTumarPlugin(converse, recording);
// Tells the test when Converse is logged in and handles messages.
converse.plugins.add('test-ready', {
  initialize() {
    const { api } = /** @type {any} */ (this)._converse;
    api.listen.on('connected', async () => {
      await api.waitUntil('presencesInitialized');
      document.body.dataset.connected = 'true';
    });
  },
});
await converse.initialize({
  assets_path: '/converse/',
  websocket_url: params.get('ws'),
  jid: params.get('jid'),
  password: params.get('password'),
  auto_login: true,
  discover_connection_methods: false,
  allow_non_roster_messaging: true,
  view_mode: 'overlayed',
  whitelisted_plugins: [PLUGIN, 'test-ready'],
  // OMEMO fetches its own wasm from next to a <script> tag this page does not have.
  blacklisted_plugins: ['converse-omemo'],
  play_sounds: false,
  show_desktop_notifications: false,
  loglevel: 'error',
});
document.body.dataset.ready = 'true';
