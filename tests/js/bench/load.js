// Page load with the guard on the main thread and in a Web Worker (tumar/worker), in headless
// Chromium: navigation-to-ready (the guard can check) and the longest main-thread task during
// load, without and with 4x CPU throttling. Prints numbers; never fails on timing.
//
//   node bench/load.js [runs]      (from tests/js, after `make pack`)

import { openBrowser } from '../browser/harness.js';

const RUNS = Number(process.argv[2] ?? 5);
const PAGES = { 'main thread': 'test/load-main.html', 'web worker': 'test/load-worker.html' };

/** @param {number[]} values */
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const session = await openBrowser();
try {
  console.log(`tumar page load, median of ${RUNS} runs (headless Chromium, fresh context each run)`);
  console.log('| guard | CPU | navigation to ready (ms) | longest main-thread task (ms) |');
  console.log('|---|---|---:|---:|');
  for (const throttle of [1, 4]) {
    for (const [name, path] of Object.entries(PAGES)) {
      const ready = [];
      const longest = [];
      for (let run = 0; run < RUNS; run += 1) {
        const context = await session.browser.newContext();
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
        await page.addInitScript(() => {
          const w = /** @type {any} */ (window);
          w.longTasks = [];
          new PerformanceObserver((list) => w.longTasks.push(...list.getEntries().map((e) => e.duration))).observe({
            type: 'longtask',
            buffered: true,
          });
        });
        await page.goto(`${session.url}${path}`);
        await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
        // Long tasks are reported after they end: give the observer a moment.
        await page.waitForTimeout(100);
        const sample = await page.evaluate(() => {
          const w = /** @type {any} */ (window);
          return { ready: w.readyAt, longest: Math.max(0, ...w.longTasks) };
        });
        ready.push(sample.ready);
        longest.push(sample.longest);
        await context.close();
      }
      console.log(`| ${name} | ${throttle}x | ${median(ready).toFixed(0)} | ${median(longest).toFixed(0)} |`);
    }
  }
  console.log('(a long task is one of 50 ms or more; 0 means none)');
} finally {
  await session.close();
}
