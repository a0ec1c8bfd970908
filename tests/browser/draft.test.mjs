// Opens pmdraft's HTML drafts in Debian's headless Chromium (playwright-core)
// and checks what a reader relies on: no errors, no network, every section,
// working phase filters, save, and hostile chat never running or rendering.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const SRC = resolve(process.env.PMDRAFT_SRC || fileURLToPath(new URL('../..', import.meta.url)));
const PMDRAFT = resolve(process.env.PMDRAFT || join(SRC, 'build', 'pmdraft'));
const SHOTS = resolve(process.env.PMDRAFT_SCREENSHOTS || join(SRC, 'build', 'screenshots'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SECTIONS = ['summary', 'impact', 'timeline', 'logs', 'root-cause', 'remediation',
  'customer-impact', 'controls', 'evidence', 'blameless'];

const tmp = mkdtempSync(join(tmpdir(), 'pmdraft-browser-'));
let browser;

function draft(name, args) {
  const out = join(tmp, name + '.html');
  execFileSync(PMDRAFT, [...args, '--force', '-o', out], { cwd: SRC, stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

// A page plus everything it tried to do that a draft must never do.
async function open(file) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('request', (r) => { if (!r.url().startsWith('file://')) problems.push('request: ' + r.url()); });
  await page.goto('file://' + file);
  return { page, context, problems };
}

before(async () => {
  assert.ok(existsSync(PMDRAFT), `build pmdraft first (${PMDRAFT})`);
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => { if (browser) await browser.close(); });

const inc2417 = () => draft('inc-2417', ['--export', 'fixtures/inc-2417/slack/inc-2417-duplicate-invoices',
  '--notes', 'fixtures/inc-2417/notes.csv', '--tz', 'Europe/Amsterdam']);

test('INC-2417 draft: sections, no errors, no network, screenshot', async () => {
  const { page, context, problems } = await open(inc2417());
  for (const id of SECTIONS)
    assert.equal(await page.locator('#' + id).count(), 1, `section #${id}`);
  assert.match(await page.locator('#summary h1').innerText(), /duplicate/);
  assert.ok(await page.locator('.pm-entry[data-phase]').count() >= 12, 'key moments shown');
  assert.ok(await page.locator('#logs pre').count() >= 1, 'log excerpts');
  assert.ok(await page.locator('[data-action]').count() >= 3, 'remediation rows');
  await page.screenshot({ path: join(SHOTS, 'inc-2417.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('each phase filter shows exactly its entries', async () => {
  const { page, context, problems } = await open(inc2417());
  const total = await page.locator('.pm-entry').count();
  for (const phase of ['detect', 'escalate', 'mitigate', 'resolve']) {
    await page.click(`button[data-filter="${phase}"]`);
    assert.equal(await page.getAttribute(`button[data-filter="${phase}"]`, 'aria-pressed'), 'true');
    const expected = await page.locator(`.pm-entry[data-phase="${phase}"]`).count();
    const label = Number(await page.locator(`button[data-filter="${phase}"] .pm-n`).innerText());
    assert.equal(label, expected, `${phase} count on the button`);
    const visible = await page.locator('.pm-entry:visible').evaluateAll((els) => els.map((e) => e.dataset.phase));
    assert.ok(visible.length >= expected, `${phase}: its entries visible`);
    const own = visible.filter((p) => p === phase).length;
    assert.equal(own, expected, `${phase}: every ${phase} entry visible`);
    // other phases only as dimmed context of a matching reply
    const strays = await page.locator(`.pm-entry:visible:not([data-phase="${phase}"]):not(.pm-context)`).count();
    assert.equal(strays, 0, `${phase}: no other phase shown`);
  }
  await page.click('button[data-filter="all"]');
  assert.equal(await page.locator('.pm-entry:visible').count(), total);
  assert.equal(await page.locator('.pm-transcript:visible').count(), 0, 'transcript hidden by default');
  await page.click('#toggle-transcript');
  assert.ok(await page.locator('.pm-transcript:visible').count() > 0, 'transcript toggle shows chatter');
  assert.deepEqual(problems, []);
  await context.close();
});

test('edit and save produce a working self-contained copy', async () => {
  const { page, context, problems } = await open(inc2417());
  await page.locator('#summary h1').evaluate((h) => { h.textContent = 'Edited title for the archive'; });
  await page.locator('#summary h1').dispatchEvent('input');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-draft')]);
  const saved = join(tmp, 'saved.html');
  await download.saveAs(saved);
  const html = readFileSync(saved, 'utf8');
  assert.match(html, /^<!doctype html>/i);
  assert.match(html, /Edited title for the archive/);
  const copy = await open(saved);
  assert.equal(await copy.page.locator('#summary h1').innerText(), 'Edited title for the archive');
  await copy.page.click('button[data-filter="mitigate"]');
  assert.equal(await copy.page.locator('.pm-entry:visible:not([data-phase="mitigate"]):not(.pm-context)').count(), 0);
  const [again] = await Promise.all([copy.page.waitForEvent('download'), copy.page.click('#save-draft')]);
  assert.ok(again, 'the saved copy can save again');
  assert.deepEqual([...problems, ...copy.problems], []);
  await copy.context.close();
  await context.close();
});

test('hostile chat never runs and never renders as markup', async () => {
  const file = draft('hostile', ['--export', 'tests/data/hostile/inc-666-hostile', '--tz', 'UTC']);
  const html = readFileSync(file, 'utf8');
  assert.ok(!html.includes('xoxe-'), 'no Slack token in the draft');
  const { page, context, problems } = await open(file);
  await page.click('#toggle-transcript');
  await page.mouse.move(10, 10);
  for (const a of await page.locator('a').all()) await a.hover().catch(() => {});
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no injected script ran');
  assert.equal(await page.locator('script').count(), 1, 'only the draft\'s own script');
  assert.equal(await page.locator('img, iframe, svg, object, embed').count(), 0, 'no injected elements');
  const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const h of hrefs) assert.match(h, /^(#|https?:|mailto:)/, `unsafe link ${h}`);
  assert.match(await page.locator('#timeline').innerText(), /<script>window.__pwned=1<\/script>/, 'shown as text');
  await page.screenshot({ path: join(SHOTS, 'hostile.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('hostile Teams HTML and cards never run and never render as markup', async () => {
  const file = draft('hostile-teams', ['--export', 'tests/data/hostile-teams/page.json', '--tz', 'UTC']);
  const { page, context, problems } = await open(file);
  await page.click('#toggle-transcript');
  for (const a of await page.locator('a').all()) await a.hover().catch(() => {});
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no injected script ran');
  assert.equal(await page.locator('script').count(), 1, 'only the draft\'s own script');
  assert.equal(await page.locator('img, iframe, svg, object, embed').count(), 0, 'no injected elements');
  const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const h of hrefs) assert.match(h, /^(#|https?:|mailto:)/, `unsafe link ${h}`);
  assert.match(await page.locator('#timeline').innerText(), /<script>window.__pwned=20<\/script>/, 'shown as text');
  await page.screenshot({ path: join(SHOTS, 'hostile-teams.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('Teams INC-3107 draft opens with its title, sections and log excerpts', async () => {
  const file = draft('inc-3107', ['--export', 'fixtures/teams/inc-3107', '--tz', 'Europe/Berlin']);
  const { page, context, problems } = await open(file);
  for (const id of SECTIONS)
    assert.equal(await page.locator('#' + id).count(), 1, `section #${id}`);
  assert.match(await page.locator('#summary h1').innerText(), /card payments failing/);
  assert.ok(await page.locator('#logs pre').count() >= 1, 'log excerpts from <pre>/<codeblock>');
  await page.screenshot({ path: join(SHOTS, 'inc-3107.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('print shows every key moment and no controls', async () => {
  const { page, context, problems } = await open(inc2417());
  const total = await page.locator('.pm-entry').count();
  await page.click('button[data-filter="resolve"]');	// a filter left on must not cut the print
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.pm-entry:visible').count(), total, 'all entries printed');
  assert.equal(await page.locator('.pm-filters:visible, .pm-toolbar:visible').count(), 0, 'no controls');
  assert.equal(await page.locator('.pm-transcript:visible').count(), 0, 'no chatter');
  await page.pdf({ path: join(SHOTS, 'inc-2417.pdf') });
  assert.deepEqual(problems, []);
  await context.close();
});

/* A timeline longer than one chunk (200 items): the writer splits it into
 * lists the browser may skip while off screen. Day 1 holds detect and
 * escalate, day 2 mitigate and resolve, every 20th message is chatter. */
function longExport() {
  const dir = join(tmp, 'long');
  mkdirSync(dir, { recursive: true });
  const days = [[], []];
  for (let i = 0; i < 700; i++) {
    const day = i < 250 ? 0 : 1;
    const phase = day ? ['mitigate', 'resolve'][i % 2] : ['detect', 'escalate'][i % 2];
    const ts = `${1780444800 + day * 86400 + i * 60}.${String(i).padStart(6, '0')}`;
    const text = i % 20 === 0 ? `lunch in ten (${i})` : `[${phase}] step ${i} on checkout-api`;
    days[day].push({ type: 'message', user: 'U0LONG', ts, text,
      user_profile: { real_name: 'Lena Vogel', display_name: 'Lena' } });
  }
  writeFileSync(join(dir, '2026-06-03.json'), JSON.stringify(days[0]));
  writeFileSync(join(dir, '2026-06-04.json'), JSON.stringify(days[1]));
  return draft('long', ['--export', dir, '--tz', 'UTC']);
}

test('a long timeline in chunks still filters, follows links and prints', async () => {
  const { page, context, problems } = await open(longExport());
  assert.ok(await page.locator('.pm-timeline.pm-long > .pm-chunk').count() >= 4, 'chunked');
  const total = await page.locator('.pm-entry').count();
  assert.equal(total, 700 - 35, 'every key moment listed');
  await page.click('button[data-filter="mitigate"]');
  const expected = Number(await page.locator('button[data-filter="mitigate"] .pm-n').innerText());
  assert.equal(expected, await page.locator('.pm-entry[data-phase="mitigate"]').count());
  assert.match(await page.locator('#timeline .pm-status').innerText(), new RegExp(`Showing ${expected} mitigate`));
  assert.equal(await page.locator('.pm-entry:visible').count(), expected, 'only mitigate shown, in every chunk');
  const dayShown = await page.locator('.pm-day').evaluateAll((els) => els.map((e) => !e.hidden));
  assert.deepEqual(dayShown, [false, true], 'a day without mitigate loses its separator across chunks');

  // A link to an entry the filter hides, far down in a skipped chunk.
  await page.click('button[data-filter="detect"]');
  const last = page.locator('.pm-entry[data-phase="resolve"]').last();
  const id = await last.getAttribute('id');
  await page.evaluate((h) => { location.hash = h; }, '#' + id);
  await page.waitForFunction(() => document.querySelector('button[data-filter="all"]').getAttribute('aria-pressed') === 'true');
  assert.ok(await last.isVisible(), 'the linked entry is shown');
  // The chunks around it settle within a few frames; then it must be in view.
  await page.waitForTimeout(300);
  const inView = await last.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return r.height > 0 && r.bottom > 0 && r.top < window.innerHeight;
  });
  assert.ok(inView, 'and scrolled into view');

  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.pm-entry:visible').count(), total, 'print lays out every chunk');
  assert.deepEqual(await page.locator('.pm-chunk').evaluateAll((els) =>
    [...new Set(els.map((e) => getComputedStyle(e).contentVisibility))]), ['visible']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('phone width: no sideways scrolling of the page', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto('file://' + inc2417());
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page is ${overflow}px wider than a 360px screen`);
  await page.screenshot({ path: join(SHOTS, 'inc-2417-phone.png') });
  await context.close();
});

test('phone width: remediation owner, due and status stay on screen at 390px', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto('file://' + inc2417());
  const rows = page.locator('#remediation tr[data-action]');
  assert.ok(await rows.count() >= 1, 'actions listed');
  const off = await page.locator('#remediation td[data-field]').evaluateAll((cells) =>
    cells.map((c) => [c.getAttribute('data-field'), c.getBoundingClientRect(),
      c.closest('table').getBoundingClientRect()])
      .filter(([, r, t]) => r.left < Math.max(0, t.left) - 0.5 || r.width < 1 ||
        r.right > Math.min(window.innerWidth, t.right) + 0.5)
      .map(([f, r]) => `${f} at ${Math.round(r.left)}..${Math.round(r.right)}`));
  assert.deepEqual(off, [], 'every action cell within 390px');
  const table = page.locator('#remediation table');
  assert.ok(await table.evaluate((t) => t.scrollWidth <= t.clientWidth + 1), 'no sideways scroll inside the table');
  await page.locator('#remediation').screenshot({ path: join(SHOTS, 'inc-2417-remediation-390.png') });
  await context.close();
});

test('keyboard and screen reader: real buttons, aria-pressed, headings in order', async () => {
  const { page, context, problems } = await open(inc2417());
  const levels = await page.locator('h1, h2, h3').evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
  assert.equal(levels[0], 1, 'starts with h1');
  for (let i = 1; i < levels.length; i++)
    assert.ok(levels[i] <= levels[i - 1] + 1, `heading level jumps from h${levels[i - 1]} to h${levels[i]}`);
  // Tab to the detect filter and press it with the keyboard
  await page.locator('button[data-filter="all"]').focus();
  await page.keyboard.press('ArrowRight');
  const focused = await page.evaluate(() => document.activeElement.getAttribute('data-filter'));
  assert.equal(focused, 'detect', 'arrow keys move along the filters');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('button[data-filter="detect"]', 'aria-pressed'), 'true');
  assert.equal(await page.getAttribute('button[data-filter="all"]', 'aria-pressed'), 'false');
  assert.match(await page.locator('.pm-status').innerText(), /detect/, 'the change is announced');
  // every phase is written, not only coloured
  const badges = await page.locator('.pm-entry > .pm-meta > .pm-phase').allInnerTexts();
  assert.ok(badges.every((t) => /^(DETECT|ESCALATE|MITIGATE|RESOLVE)$/.test(t.trim())), 'phase names written');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(SHOTS, 'inc-2417-dark.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the same input gives a byte-identical draft', async () => {
  const a = readFileSync(inc2417());
  const b = readFileSync(inc2417());
  assert.ok(a.equals(b));
});
