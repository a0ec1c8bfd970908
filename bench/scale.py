#!/usr/bin/env python3
"""scale.py --pmdraft PMDRAFT [--size N] [--only DIM...]: one generated input
per input dimension a hostile export can grow (attachments or mentions in one
Teams message, notes rows, links in one message, distinct authors, thread
broadcasts, messages at one instant, reply depth, secrets in one message),
each drafted at size N and 10 N. Prints the seconds of both runs and their
ratio per dimension: O(n log n) gives a ratio near 10-13, a quadratic pass
near 100. Exits 1 when a ratio is over 30 (times on a shared machine are
noisy, so only the ratio within one run counts), or a run fails.
"""
import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time

T0 = 1780470000


def teams_page(messages):
    value = []
    for i, m in enumerate(messages):
        d = {'id': str(i + 1), 'messageType': 'message',
             'createdDateTime': '2026-06-03T%02d:%02d:%02dZ' % (i // 3600 % 24, i // 60 % 60, i % 60),
             'from': {'user': {'displayName': 'Ana'}},
             'body': {'contentType': 'html', 'content': 'm%d' % i}}
        d.update(m)
        value.append(d)
    return json.dumps({'@odata.context': 'x', 'value': value})


def slack_day(messages):
    return json.dumps(messages)


def msg(i, text, **kw):
    d = {'type': 'message', 'user': 'U1', 'text': text, 'ts': '%d.%06d' % (T0 + i, 100)}
    d.update(kw)
    return d


# Each dimension: n -> (file name, content, extra arguments, format).
def attachments(n):
    body = ''.join('<attachment id="a%d"></attachment>' % i for i in range(n))
    atts = [{'id': 'a%d' % i, 'contentType': 'reference', 'name': 'f%d.pdf' % i} for i in range(n)]
    return 'teams.json', teams_page([{'body': {'contentType': 'html', 'content': 'sev1 ' + body},
                                      'attachments': atts}]), [], 'json'


def mentions(n):
    body = ''.join('<at id="%d">P%d</at> ' % (i, i) for i in range(n))
    ms = [{'id': i, 'mentionText': 'P%d' % i,
           'mentioned': {'user': {'id': 'u%d' % i, 'displayName': 'Person %d' % i}}}
          for i in range(n)]
    return 'teams.json', teams_page([{'body': {'contentType': 'html', 'content': 'sev1 ' + body},
                                      'mentions': ms}]), [], 'json'


def notes_rows(n):
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(['time', 'note'])
    for i in range(n):
        w.writerow(['2026-06-03 %02d:%02d:%02d' % (i // 3600 % 24, i // 60 % 60, i % 60),
                    'step %d: restarted worker %d' % (i, i % 97)])
    return 'notes.csv', out.getvalue(), [], 'json'


def notes_hhmm(n):
    """n "HH:MM:SS" rows dated from a chat message (rows x rows once)."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(['time', 'note'])
    for i in range(n):
        w.writerow(['%02d:%02d:%02d' % (i // 3600 % 24, i // 60 % 60, i % 60),
                    'step %d: restarted worker %d' % (i, i % 97)])
    return 'notes.csv', out.getvalue(), ['--export', 'chat/2026-06-03.json'], 'json'


def notes_and_chat(n):
    """n notes rows and n chat messages in the same hour (rows x messages)."""
    f, content, _, fmt = notes_rows(n)
    return f, content, ['--export', 'chat/2026-06-03.json'], fmt


def links(n):
    text = ' '.join('<https://example.com/%d|l%d>' % (i, i) for i in range(n))
    return 'general/2026-06-03.json', slack_day([msg(0, 'sev1 ' + text)]), [], 'html'


def authors(n):
    ms = [msg(i, 'sev2 step %d' % i, user='U%d' % i,
              user_profile={'real_name': 'Person %d' % i}) for i in range(n)]
    return 'general/2026-06-03.json', slack_day(ms), [], 'html'


def broadcasts(n):
    root = msg(0, 'sev1 payments down')
    ms = [root] + [msg(i, 'update %d' % i, thread_ts=root['ts'], subtype='thread_broadcast')
                   for i in range(1, n)]
    return 'general/2026-06-03.json', slack_day(ms), [], 'json'


def one_instant(n):
    ms = [{'createdDateTime': '2026-06-03T02:14:00Z',
           'body': {'contentType': 'html', 'content': 'sev2 step %d' % i}} for i in range(n)]
    return 'teams.json', teams_page(ms), [], 'html'


def reply_depth(n):
    ms = [msg(i, 'r%d' % i, **({'thread_ts': '%d.%06d' % (T0 + i - 1, 100)} if i else {}))
          for i in range(n)]
    return 'general/2026-06-03.json', slack_day(ms), [], 'html'


def secrets(n):
    text = ' '.join('xoxb-%010d-abcdefgh' % i for i in range(n))
    return 'general/2026-06-03.json', slack_day([msg(0, 'sev1 ' + text)]), [], 'json'


DIMENSIONS = {
    'attachments': (attachments, 5000),
    'mentions': (mentions, 2000),
    'notes-rows': (notes_rows, 10000),
    'notes-hhmm': (notes_hhmm, 10000),
    'notes-chat': (notes_and_chat, 5000),
    'links': (links, 10000),
    'authors': (authors, 10000),
    'broadcasts': (broadcasts, 10000),
    'one-instant': (one_instant, 10000),
    'reply-depth': (reply_depth, 6000),
    'secrets': (secrets, 10000),
}


def run(pmdraft, gen, n):
    name, content, extra, fmt = gen(n)
    with tempfile.TemporaryDirectory(prefix='pmdraft-scale.') as tmp:
        path = os.path.join(tmp, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(content)
        if '--export' in extra:
            chat = os.path.join(tmp, 'chat/2026-06-03.json')
            os.makedirs(os.path.dirname(chat))
            with open(chat, 'w', encoding='utf-8') as f:
                f.write(slack_day([msg(i * 3600 // max(n, 1), 'restarted worker %d for step %d' % (i % 97, i))
                                   for i in range(n if name == 'notes.csv' and gen is notes_and_chat else 1)]))
        what = '--notes' if name.endswith('.csv') else '--export'
        arg = name.split('/')[0]
        start = time.monotonic()
        p = subprocess.run([pmdraft, what, arg, '--format', fmt, '--all', '--quiet',
                            '-o', 'out.' + fmt] + extra, cwd=tmp, capture_output=True,
                           env=dict(os.environ, TZ='UTC'), timeout=3600)
        took = time.monotonic() - start
        if p.returncode != 0:
            raise RuntimeError('exit %d: %s' % (p.returncode, p.stderr.decode()[:300]))
    return took


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--pmdraft', required=True)
    ap.add_argument('--scale', type=float, default=1.0, help='multiplies every base size')
    ap.add_argument('--only', nargs='*')
    a = ap.parse_args()
    a.pmdraft = os.path.abspath(a.pmdraft)
    bad = 0
    print('%-12s %9s %9s %9s %9s %6s' % ('dimension', 'n', 't(n) s', '10n', 't(10n) s', 'ratio'))
    for name, (gen, base) in DIMENSIONS.items():
        if a.only and name not in a.only:
            continue
        n = max(1, int(base * a.scale))
        try:
            small = run(a.pmdraft, gen, n)
            big = run(a.pmdraft, gen, 10 * n)
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            print('%-12s failed: %s' % (name, e))
            bad += 1
            continue
        ratio = big / max(small, 0.02)
        flag = '  QUADRATIC?' if ratio > 30 else ''
        bad += ratio > 30
        print('%-12s %9d %9.2f %9d %9.2f %6.1f%s' % (name, n, small, 10 * n, big, ratio, flag),
              flush=True)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
