// A page whose guard lives in a Web Worker: the main thread never loads the module. Marks when
// it is ready (for tests/js/browser/worker.test.js and tests/js/bench/load.js).
import { createWorkerGuard } from '/tumar/worker.js';
import { showNudge, watch } from '/tumar/ui/index.js';

const params = new URLSearchParams(location.search);
const guard = await createWorkerGuard({ locale: params.get('locale') ?? 'en', country: params.get('country') ?? 'GB' });
window.tumar = { guard, showNudge, watch, createWorkerGuard };
window.readyAt = performance.now();
document.body.dataset.ready = 'true';
