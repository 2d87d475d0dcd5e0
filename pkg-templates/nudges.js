// Where the nudge content for a verdict comes from, in a module that does not load the
// WebAssembly module: a worker guard hands over the content it made ahead (`prepareNudge`), so
// a page whose guard lives in a worker shows nudges without the runtime's glue; a main-thread
// guard's entry registers the maker that asks the module (`setNudgeMaker`).

/**
 * Nudge content (or `null`: no nudge) made ahead by a guard in a worker, for its verdict.
 * @type {WeakMap<object, { content: import('./index.js').NudgeContent | null, locale: string, country: string }>}
 */
const prepared = new WeakMap();

/**
 * Makes the nudge content for a verdict with the module, once an entry has loaded it.
 * @typedef {(verdict: import('./index.js').Verdict, options: { locale?: string, country?: string }, guard?: object) => import('./index.js').NudgeContent | null} NudgeMaker
 * @type {NudgeMaker | undefined}
 */
let maker;

/**
 * Keeps the nudge content a worker guard made for `verdict`, so that the page can show the
 * nudge without loading the module.
 * @param {import('./index.js').Verdict} verdict
 * @param {import('./index.js').NudgeContent | null} content
 * @param {{ locale: string, country: string }} made in this locale and country
 */
export function prepareNudge(verdict, content, { locale, country }) {
  prepared.set(verdict, { content, locale, country });
}

/**
 * Registers how nudges are made once the module is loaded (core.js, when a guard is created).
 * @param {NudgeMaker} make
 */
export function setNudgeMaker(make) {
  maker = make;
}

/**
 * The nudge content for a verdict, or `null` when it needs none: the content a worker guard
 * made ahead when it is in the locale and country asked for, else made by the module.
 * @param {import('./index.js').Verdict} verdict
 * @param {{ locale?: string, country?: string }} options default: the locale and country of
 *   the guard that checked the message, else `en` and none
 * @param {object} [guard] whose locale, country and run-time content apply; default the verdict's
 * @returns {import('./index.js').NudgeContent | null}
 */
export function nudgeContent(verdict, options = {}, guard) {
  const ready = prepared.get(verdict);
  if (ready) {
    const { locale = ready.locale, country = ready.country } = options;
    if (locale === ready.locale && country === ready.country) {
      return ready.content;
    }
    options = { locale, country };
  }
  if (!maker) {
    throw new Error(
      ready
        ? 'tumar: a worker guard makes its nudges in its own locale and country; create it with the ones you need'
        : 'tumar: create a guard with createGuard() before asking for a nudge',
    );
  }
  return maker(verdict, options, guard);
}
