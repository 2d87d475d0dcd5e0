// The test page's only script: loads tumar and the UI and exposes them to the tests
// (page.evaluate), so the tests drive the real package under the real CSP.
import { createGuard } from '/tumar/index.js';
import { attach, showNudge, watch } from '/tumar/ui/index.js';

window.tumar = { createGuard, attach, showNudge, watch };
document.body.dataset.ready = 'true';
