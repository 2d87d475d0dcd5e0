// A page that builds its guard on the main thread; marks when it is ready (for tests/js/bench/load.js).
import { createGuard } from '/tumar/index.js';
import { showNudge, watch } from '/tumar/ui/index.js';

const guard = await createGuard({ locale: 'en', country: 'GB' });
window.tumar = { guard, showNudge, watch };
window.readyAt = performance.now();
document.body.dataset.ready = 'true';
