#!/usr/bin/env python3
"""check_contract.py: pmdraft's JSON honours shared/spec/draft-json.md.

Runs pmdraft on the INC-2417 fixture with and without --all and checks the
presence, type and format of every field the contract names.
"""
import datetime
import json
import os
import re
import subprocess
import sys

ISO = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$')
DATE = re.compile(r'^\d{4}-\d{2}-\d{2}$')
PHASES = {'detect', 'escalate', 'mitigate', 'resolve'}
errors = []


def need(cond, what):
    if not cond:
        errors.append(what)


def str_or_null(v):
    return v is None or isinstance(v, str)


def check(doc, all_messages):
    need(doc.get('format') == 'pmdraft-draft/1', 'format')
    inc = doc.get('incident')
    need(isinstance(inc, dict), 'incident is an object')
    inc = inc or {}
    for k in ('id', 'title', 'severity', 'channel'):
        need(k in inc and str_or_null(inc[k]), 'incident.%s string or null' % k)
    for k in ('start', 'detected', 'end'):
        need(k in inc and (inc[k] is None or ISO.match(inc[k])), 'incident.%s ISO time or null' % k)
    need(isinstance(inc.get('timezone'), str) and inc['timezone'], 'incident.timezone')
    need(isinstance(inc.get('services'), list) and all(isinstance(s, str) for s in inc['services']),
         'incident.services list of strings')
    need(inc.get('id') is None or re.match(r'^[A-Z]+-\d+$', inc['id']), 'incident.id normalised')
    sources = doc.get('sources')
    need(isinstance(sources, list) and sources, 'sources non-empty list')
    for i, s in enumerate(sources or []):
        need(isinstance(s.get('path'), str), 'sources[%d].path' % i)
        need(s.get('kind') in ('slack', 'teams', 'notes'), 'sources[%d].kind' % i)
        need(isinstance(s.get('messages'), int) and s['messages'] >= 0, 'sources[%d].messages' % i)
    tl = doc.get('timeline')
    need(isinstance(tl, list), 'timeline list')
    seen = set()
    for i, e in enumerate(tl or []):
        p = 'timeline[%d]' % i
        need(isinstance(e.get('id'), str) and e['id'], p + '.id')
        need(e.get('id') not in seen, p + '.id unique')
        seen.add(e.get('id'))
        need(isinstance(e.get('time'), str) and ISO.match(e['time']), p + '.time')
        need('author' in e and str_or_null(e['author']), p + '.author')
        need(e.get('source') in ('slack', 'teams', 'notes'), p + '.source')
        if all_messages:
            need('phase' in e and (e['phase'] is None or e['phase'] in PHASES), p + '.phase')
        else:
            need(e.get('phase') in PHASES, p + '.phase is a phase without --all')
        need('rule' in e and str_or_null(e['rule']), p + '.rule')
        need(isinstance(e.get('text'), str), p + '.text')
        need(isinstance(e.get('merged'), list) and all(isinstance(m, str) for m in e['merged']), p + '.merged')
        need(e.get('source') != 'notes' or re.match(r'^notes:\d+$', e['id']), p + ' notes id')
    times = [datetime.datetime.fromisoformat(e['time']) for e in tl or []
             if isinstance(e.get('time'), str) and ISO.match(e['time'])]
    need(times == sorted(times), 'timeline in time order')
    acts = doc.get('actions')
    need(isinstance(acts, list), 'actions list')
    ids = {e['id'] for e in tl or []}
    for i, a in enumerate(acts or []):
        p = 'actions[%d]' % i
        need(isinstance(a.get('text'), str) and a['text'], p + '.text')
        need('owner' in a and str_or_null(a['owner']), p + '.owner')
        need('due' in a and (a['due'] is None or DATE.match(a['due'])), p + '.due')
        need(a.get('status') in ('open', 'done'), p + '.status')
        need(isinstance(a.get('source_id'), str), p + '.source_id')
        if all_messages:
            need(a.get('source_id') in ids, p + '.source_id names a timeline entry')
    return doc


def run(pmdraft, src, extra):
    cmd = [pmdraft, '--export', 'fixtures/inc-2417/slack/inc-2417-duplicate-invoices',
           '--notes', 'fixtures/inc-2417/notes.csv', '--tz', 'Europe/Amsterdam',
           '--format', 'json', '-o', '-'] + extra
    p = subprocess.run(cmd, cwd=src, capture_output=True, check=True)
    return json.loads(p.stdout)


def main():
    pmdraft, src = (os.path.abspath(a) for a in sys.argv[1:3])
    full = check(run(pmdraft, src, ['--all']), True)
    key = check(run(pmdraft, src, []), False)
    counts = {s['path']: s['messages'] for s in full['sources']}
    need(counts.get('fixtures/inc-2417/slack/inc-2417-duplicate-invoices') == 118, 'slack source counts 118 messages')
    need(counts.get('fixtures/inc-2417/notes.csv') == 13, 'notes source counts 13 rows')
    need(len(full['timeline']) == 118 + 13 - sum(len(e['merged']) for e in full['timeline']),
         '--all lists every message once')
    need(len(key['timeline']) < len(full['timeline']), 'without --all only key moments')
    listed = {e['id'] for e in full['timeline']}
    for e in full['timeline']:
        for m in e['merged']:
            need(m not in listed, '%s: merged id %s is not listed again' % (e['id'], m))
    raw = json.dumps(full)
    need('xoxe-' not in raw, 'no Slack token in the output')
    for e in full['timeline']:
        for bad in ('<@U', '&amp;', '<!here>', '&lt;', '&gt;'):
            need(bad not in e['text'], '%s: raw markup %r left in text' % (e['id'], bad))
    for e in errors:
        print('contract:', e)
    print('json contract: %d problems' % len(errors))
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
