// Page load with the guard on the main thread and in a Web Worker (tumar/worker), in headless
// Chromium: navigation-to-ready (the guard can check) and the longest main-thread task during
// load, without and with 4x CPU throttling, split at the moment the WebAssembly module is
// instantiated: the tasks before are the page's start and the browser compiling the module,
// those after are tumar loading its rules a part at a time. The page is awaited from its own
// world (no injected selector engine, whose script would run as a long task of its own).
// Prints numbers; never fails on timing.
//
//   node bench/load.js [runs]      (from tests/js, after `make pack`)

import { openBrowser } from '../browser/harness.js';

const RUNS = Number(process.argv[2] ?? 5);
const PAGES = { 'main thread': 'test/load-main.html', 'web worker': 'test/load-worker.html' };

/** @param {number[]} values */
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Resolves once the page says it is ready (polling from the page's own world); fails after 60 s. */
const whenReady = () =>
  new Promise((resolve, reject) => {
    const giveUp = performance.now() + 60_000;
    const check = () => {
      if (document.body?.dataset.ready === 'true') {
        resolve(undefined);
      } else if (performance.now() > giveUp) {
        reject(new Error('the page did not get ready within 60 s'));
      } else {
        setTimeout(check, 20);
      }
    };
    check();
  });

const session = await openBrowser();
try {
  console.log(`tumar page load, median of ${RUNS} runs (headless Chromium, fresh context each run)`);
  console.log('| guard | CPU | navigation to ready (ms) | longest main-thread task (ms) | until the module is instantiated (ms) | loading the rules (ms) |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const throttle of [1, 4]) {
    for (const [name, path] of Object.entries(PAGES)) {
      const ready = [];
      const longest = [];
      const starting = [];
      const loading = [];
      for (let run = 0; run < RUNS; run += 1) {
        const context = await session.browser.newContext();
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
        await page.addInitScript(() => {
          const w = /** @type {any} */ (window);
          w.longTasks = [];
          new PerformanceObserver((list) => w.longTasks.push(...list.getEntries().map((e) => [e.startTime, e.duration]))).observe({
            type: 'longtask',
            buffered: true,
          });
          // When the module is instantiated (the first instantiation that resolves).
          for (const name of ['instantiateStreaming', 'instantiate']) {
            const original = WebAssembly[name];
            WebAssembly[name] = function (...args) {
              const instantiating = original.apply(this, args);
              instantiating.then(() => (w.instantiatedAt ??= performance.now()), () => {});
              return instantiating;
            };
          }
        });
        await page.goto(`${session.url}${path}`);
        await page.evaluate(whenReady);
        // Long tasks are reported after they end: give the observer a moment.
        await page.waitForTimeout(100);
        const sample = await page.evaluate(() => {
          const w = /** @type {any} */ (window);
          /** @type {[number, number][]} */
          const tasks = w.longTasks;
          const instantiated = w.instantiatedAt ?? 0;
          const longestOf = (list) => Math.max(0, ...list.map(([, duration]) => duration));
          return {
            ready: w.readyAt,
            longest: longestOf(tasks),
            starting: longestOf(tasks.filter(([start]) => start < instantiated)),
            loading: longestOf(tasks.filter(([start]) => start >= instantiated)),
          };
        });
        ready.push(sample.ready);
        longest.push(sample.longest);
        starting.push(sample.starting);
        loading.push(sample.loading);
        await context.close();
      }
      const withLongTask = (values) => `${median(values).toFixed(0)} (${values.filter((v) => v > 0).length}/${values.length})`;
      const cells = [median(ready).toFixed(0), ...[longest, starting, loading].map(withLongTask)];
      console.log(`| ${name} | ${throttle}x | ${cells.join(' | ')} |`);
    }
  }
  console.log('(median over the runs; a long task is one of 50 ms or more, 0 means none; in brackets, the runs that had one. In a worker both happen off the main thread.)');
} finally {
  await session.close();
}
