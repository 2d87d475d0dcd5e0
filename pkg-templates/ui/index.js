// tumar/ui: the nudge popup and the composer wiring. Link or import ui/nudge.css for the look.

export { showNudge } from './nudge.js';
export { attach } from './attach.js';
export { watch, COMPOSERS, SEND_BUTTONS } from './watch.js';
