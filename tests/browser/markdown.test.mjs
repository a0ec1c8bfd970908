// The Markdown draft rendered by real Markdown renderers (markdown-it with raw
// HTML on, as wikis allow, and marked): chat inside and outside code spans
// never becomes an image, a script, an event handler or a non-http link.
// Run: PMDRAFT=build/pmdraft node --test tests/browser/markdown.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import MarkdownIt from 'markdown-it';
import { marked } from 'marked';

const PMDRAFT = process.env.PMDRAFT && resolve(process.env.PMDRAFT);

// Payloads as chat writes them, in code spans and in plain text.
const PAYLOADS = [
  '![beacon](https://tracker.example/b.png)',
  '[click](javascript:alert(1))',
  '<img src=https://tracker.example/i.png onerror=alert(1)>',
  '<script>alert(1)</script>',
  '[x]: javascript:alert(2)',
  '<a href="javascript:alert(3)">y</a>',
  'a `` b ``` c',
  '`',
  ' lead and trail ',
];

function slackDay(texts) {
  return JSON.stringify(texts.map((text, i) => ({
    type: 'message', user: 'U1', text, ts: `${1780470000 + 60 * i}.000100`,
  })));
}

function draftMarkdown(texts) {
  const dir = mkdtempSync(join(tmpdir(), 'pmdraft-md.'));
  try {
    mkdirSync(join(dir, 'general'));
    writeFileSync(join(dir, 'general', '2026-06-03.json'), slackDay(texts));
    return execFileSync(PMDRAFT, ['--export', 'general', '--format', 'md', '--all', '-o', '-'],
      { cwd: dir, env: { ...process.env, TZ: 'UTC' } }).toString('utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ALLOWED = new Set(['p', 'ul', 'ol', 'li', 'strong', 'em', 'code', 'pre', 'h1', 'h2',
  'h3', 'h4', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'br', 'blockquote', 'hr', 'del']);

function checkHtml(name, html) {
  for (const m of html.matchAll(/<\s*([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)) {
    const tag = m[1].toLowerCase();
    assert.ok(ALLOWED.has(tag), `${name}: <${tag}> rendered: ${m[0]}`);
    assert.doesNotMatch(m[2], /\son[a-z]+\s*=/i, `${name}: event handler: ${m[0]}`);
    assert.doesNotMatch(m[2], /\ssrc\s*=/i, `${name}: src attribute: ${m[0]}`);
    if (tag === 'a') {
      const href = /href="([^"]*)"/.exec(m[2]);
      assert.ok(!href || /^(https?:|mailto:|#)/i.test(href[1]), `${name}: link to ${href && href[1]}`);
    }
  }
}

const renderers = {
  'markdown-it': (md) => new MarkdownIt({ html: true, linkify: true }).render(md),
  marked: (md) => marked.parse(md, { async: false }),
};

test('code spans and plain text stay inert in every renderer', () => {
  assert.ok(PMDRAFT, 'set PMDRAFT to the pmdraft binary');
  const texts = [];
  for (const p of PAYLOADS) {
    texts.push('sev2 in code: `' + p.replaceAll('`', '\u02cb') + '` end');
    texts.push('sev2 plain: ' + p);
  }
  texts.push('sev2 spans ``a ` b`` and `x` and ```y```');
  // and as Slack writes them, with < > & as entities
  for (const p of PAYLOADS.filter((p) => /[<>&]/.test(p))) {
    const e = p.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    texts.push('sev2 entities in code: `' + e + '` and plain: ' + e);
  }
  const md = draftMarkdown(texts);
  for (const [name, render] of Object.entries(renderers))
    checkHtml(name, render(md));
});

test('a code span shows its contents literally', () => {
  // Slack writes < > & as entities in message text
  const md = draftMarkdown(['sev2 see `![i](https://t.example/x.png) &lt;b&gt;bold&lt;/b&gt; *no*` now']);
  for (const [name, render] of Object.entries(renderers)) {
    const html = render(md);
    assert.match(html, /<code>!\[i\]\(https:\/\/t\.example\/x\.png\) &lt;b&gt;bold&lt;\/b&gt; \*no\*<\/code>/,
      `${name}: the code span was not kept literally:\n${html}`);
  }
});
