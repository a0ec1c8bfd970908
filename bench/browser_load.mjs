// browser_load.mjs DRAFT.html: open a (large) pmdraft draft in headless
// Chromium via playwright-core and print, as one JSON object on stdout, how
// long loading, the draft's script and a phase-filter click take.
// Driven by bench/browser_load.py; playwright-core comes from tests/browser
// (ESM ignores NODE_PATH, so it is required from there).
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const SRC = resolve(process.env.PMDRAFT_SRC || join(import.meta.dirname, '..'));
const require = createRequire(join(SRC, 'tests', 'browser', 'package.json'));
const { chromium } = require('playwright-core');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const LIMIT = 15 * 60 * 1000;  // ms; a draft that takes longer has failed anyway

const file = resolve(process.argv[2] || '');

// Peak RSS (VmHWM) of our Chromium's renderer processes, in MB: the tab's
// memory is there, not in the browser process.
function rendererPeakMB() {
  const kids = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(pid));
    } catch { /* gone meanwhile */ }
  }
  let peak = 0;
  const walk = (pid) => {
    for (const k of kids.get(pid) || []) {
      try {
        if (readFileSync(`/proc/${k}/cmdline`, 'utf8').includes('--type=renderer')) {
          const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${k}/status`, 'utf8'));
          if (m) peak = Math.max(peak, Number(m[1]) / 1024);
        }
      } catch { /* gone meanwhile */ }
      walk(k);
    }
  };
  walk(process.pid);
  return peak || null;
}

// One interaction measured inside the page: the click handler, the style and
// layout it forces, and the next frame.
async function inPage(page, name, selector) {
  const r = await page.evaluate(async (sel) => {
    const el = document.querySelector(sel);
    const t0 = performance.now();
    el.click();
    const t1 = performance.now();
    void document.body.offsetHeight;  // style + layout, synchronously
    const t2 = performance.now();
    await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
    const t3 = performance.now();
    return { handler_ms: t1 - t0, layout_ms: t2 - t1, frame_ms: t3 - t2,
      status: (document.querySelector('#timeline .pm-status') || {}).textContent || '' };
  }, selector);
  return { name, ...r };
}

async function main() {
  const out = { problems: [] };
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(LIMIT);
    page.on('crash', () => { out.crashed = 'renderer crashed'; });
    page.on('pageerror', (e) => out.problems.push('page error: ' + e.message));
    page.on('console', (m) => { if (m.type() === 'error') out.problems.push('console: ' + m.text()); });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');

    const t0 = performance.now();
    await page.goto('file://' + file, { waitUntil: 'load', timeout: LIMIT });
    out.goto_wall_ms = performance.now() - t0;
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0))));
    out.frame_wall_ms = performance.now() - t0;

    Object.assign(out, await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return {
        fcp_ms: fcp ? fcp.startTime : null,
        // Parse end, which includes running the inline script at the end of <body>.
        script_ready_ms: nav.domInteractive,
        dcl_ms: nav.domContentLoadedEventEnd,
        load_ms: nav.loadEventEnd,
        entries: document.querySelectorAll('#timeline .pm-entry').length,
      };
    }));

    // A real click, as a reader would: from the click until the live region
    // announces the filtered count.
    const count = Number(await page.locator('button[data-filter="mitigate"] .pm-n').innerText());
    const t1 = performance.now();
    await page.click('button[data-filter="mitigate"]');
    await page.waitForFunction(() => /mitigate/.test(document.querySelector('#timeline .pm-status').textContent),
      null, { polling: 'raf', timeout: LIMIT });
    const wall = performance.now() - t1;
    const status = await page.locator('#timeline .pm-status').innerText();
    if (!status.includes(`Showing ${count} mitigate`))
      out.problems.push(`mitigate filter announced "${status}", expected ${count} entries`);
    out.actions = [];
    // The same click measured in the page (after going back to all).
    await inPage(page, 'warm-up', 'button[data-filter="all"]');
    const m = await inPage(page, 'filter: mitigate', 'button[data-filter="mitigate"]');
    out.actions.push({ ...m, wall_ms: wall });
    out.actions.push(await inPage(page, 'filter: detect', 'button[data-filter="detect"]'));
    out.actions.push(await inPage(page, 'filter: all', 'button[data-filter="all"]'));
    out.actions.push(await inPage(page, 'transcript on', '#toggle-transcript'));
    out.actions.push(await inPage(page, 'transcript off', '#toggle-transcript'));

    const { metrics } = await cdp.send('Performance.getMetrics');
    out.metrics = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    out.renderer_peak_rss_mb = rendererPeakMB();
    await context.close();
  } catch (e) {
    out.problems.push(String(e && e.message || e).split('\n')[0]);
    out.renderer_peak_rss_mb = rendererPeakMB();
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

main();
