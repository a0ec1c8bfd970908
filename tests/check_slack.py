#!/usr/bin/env python3
"""check_slack.py: the Slack importer against real exports and across shapes.

usage: check_slack.py PMDRAFT SRCDIR

1. Every real third-party export under fixtures/slack/external imports with
   every message counted in sources[].messages (counted here independently,
   from the JSON) and no raw Slack markup left in any --all text.
2. The INC-2417 fixture read as a channel folder, as a workspace .zip and as
   an API dump gives the same timeline and actions.
3. No Slack file token (xox...) reaches any output format.
4. The derived fixtures are current (make-fixtures.py --check).
"""
import glob
import json
import os
import re
import subprocess
import sys

RAW = re.compile(r'<[@#!][A-Za-z0-9^]|<(https?|mailto):|&amp;|&lt;|&gt;')
failures = []


def fail(msg):
    failures.append(msg)
    print('FAIL', msg)


def run(pmdraft, src, args, fmt='json'):
    p = subprocess.run([pmdraft, '--tz', 'UTC', '--format', fmt, '-o', '-'] + args,
                       capture_output=True, cwd=src, env=dict(os.environ, TZ='UTC'))
    if p.returncode != 0:
        fail('%s: exit %d: %s' % (' '.join(args), p.returncode, p.stderr.decode()))
    return p.stdout.decode()


def count_messages(files):
    """Distinct message ts over the given JSON documents (arrays or objects)."""
    seen = set()
    for f in files:
        doc = json.load(open(f, encoding='utf-8'))
        for m in doc if isinstance(doc, list) else [doc]:
            seen.add(m['ts'])
    return len(seen)


def check_real(pmdraft, src):
    ext = os.path.join(src, 'fixtures', 'slack', 'external')
    hf = os.path.join(ext, 'slack-export-viewer-testarchive')
    zs = os.path.join(ext, 'zulip-slack')
    cases = [
        (['--export', hf, '--channel', 'enrique'], glob.glob(hf + '/enrique/*.json'), 102),
        (['--export', hf, '--channel', 'traveling-sailor'],
         glob.glob(hf + '/traveling-sailor/*.json'), 56),
        (['--export', zs + '/test_slack_importer'],
         glob.glob(zs + '/test_slack_importer/random/*.json'), 13),
    ]
    for f in sorted(glob.glob(zs + '/exported_messages_fixtures/*.json')):
        cases.append((['--export', f], [f], 3 if 'thread' in f else 1))
    total = 0
    for args, files, want in cases:
        counted = count_messages(files)
        if counted != want:
            fail('%s: the fixture holds %d messages, expected %d' % (args[1], counted, want))
        out = run(pmdraft, src, args + ['--all'])
        if not out:
            continue
        d = json.loads(out)
        got = sum(s['messages'] for s in d['sources'])
        if got != counted:
            fail('%s: sources[].messages is %d, the export holds %d' % (' '.join(args), got, counted))
        if len(d['timeline']) != counted:
            fail('%s: --all lists %d messages of %d' % (' '.join(args), len(d['timeline']), counted))
        for t in d['timeline']:
            if RAW.search(t['text']):
                fail('%s: raw markup left in %s: %r' % (args[1], t['id'], t['text'][:120]))
        total += got
    if total != 177:
        fail('real exports: %d messages imported, expected 177' % total)
    print('real exports: %d cases, %d messages' % (len(cases), total))


def shape_views(pmdraft, src):
    dump = 'fixtures/slack/api-dump/inc-2417-duplicate-invoices/'
    api = []
    for f in sorted(glob.glob(os.path.join(src, dump, '*.json'))):
        if not f.endswith('users.json'):
            api += ['--export', os.path.relpath(f, src)]
    return {
        'folder': ['--export', 'fixtures/inc-2417/slack/inc-2417-duplicate-invoices'],
        'zip': ['--export', 'fixtures/slack/inc-2417.zip'],
        'api-dump': api,
    }


def check_shapes(pmdraft, src):
    views = {}
    for name, args in shape_views(pmdraft, src).items():
        out = run(pmdraft, src, args + ['--all'])
        views[name] = json.loads(out) if out else None
    base = views['folder']
    if not base:
        return
    n = sum(s['messages'] for s in base['sources'])
    for name, d in views.items():
        if not d:
            continue
        if d['timeline'] != base['timeline']:
            fail('%s: timeline differs from the channel folder' % name)
        if d['actions'] != base['actions']:
            fail('%s: actions differ from the channel folder' % name)
        got = sum(s['messages'] for s in d['sources'])
        if got != n:
            fail('%s: %d messages, the channel folder has %d' % (name, got, n))
    if views['zip'] and views['zip']['incident'] != base['incident']:
        fail('zip: incident fields differ from the channel folder')
    if n != 118 or len(base['timeline']) != 118:
        fail('INC-2417: %d messages, %d listed; expected 118' % (n, len(base['timeline'])))
    print('shapes: folder, zip and API dump agree on %d messages, %d actions'
          % (n, len(base['actions'])))


def check_tokens(pmdraft, src):
    inputs = [['--export', 'fixtures/slack/workspace', '--channel', c]
              for c in ('inc-9001-payments', 'D0ADABO')]
    inputs += list(shape_views(pmdraft, src).values())
    inputs.append(['--export', 'fixtures/slack/external/slack-export-viewer-testarchive',
                   '--channel', 'traveling-sailor'])
    inputs.append(['--export', 'fixtures/slack/external/zulip-slack/test_slack_importer'])
    checked = 0
    for args in inputs:
        for fmt in ('json', 'md', 'html'):
            out = run(pmdraft, src, args + ['--all'] if fmt == 'json' else args, fmt)
            checked += 1
            if 'xox' in out or 'REDACTED' in out:
                fail('%s --format %s: a file token reached the output' % (' '.join(args), fmt))
    print('tokens: %d outputs checked, none carries xox' % checked)


def main():
    pmdraft, src = (os.path.abspath(a) for a in sys.argv[1:3])
    check_real(pmdraft, src)
    check_shapes(pmdraft, src)
    check_tokens(pmdraft, src)
    p = subprocess.run([sys.executable, os.path.join(src, 'fixtures', 'slack', 'make-fixtures.py'),
                        '--check'], capture_output=True)
    if p.returncode:
        fail(p.stdout.decode().strip())
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
