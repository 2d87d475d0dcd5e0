// Converse.js (from npm) with the tumar plugin, as an integrator wires it: the plugin is
// registered before `converse.initialize`. The account and server come from the query string.
import converse from '/converse/converse.min.js';
import { createGuard } from '/tumar/index.js';
import { addTumarPlugin, PLUGIN } from '/tumar/converse.js';

const params = new URLSearchParams(location.search);
const guard = await createGuard({ locale: 'en', country: 'GB' });
addTumarPlugin(converse, guard);
await converse.initialize({
  assets_path: '/converse/',
  websocket_url: params.get('ws'),
  jid: params.get('jid'),
  password: params.get('password'),
  auto_login: true,
  discover_connection_methods: false,
  allow_non_roster_messaging: true,
  view_mode: 'fullscreen',
  whitelisted_plugins: [PLUGIN],
  play_sounds: false,
  show_desktop_notifications: false,
  loglevel: 'error',
});
document.body.dataset.ready = 'true';
