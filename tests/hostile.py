#!/usr/bin/env python3
"""hostile.py PMDRAFT: hostile and broken input, each case with its expected
diagnostic and exit status, the output checked for valid UTF-8 and the
output folder for leftovers. Big and deep inputs are generated here, under a
temporary folder, never committed. Prints one line per case and ends with
"N passed, N failed"; exits 1 on any failure.
"""
import io
import json
import os
import random
import re
import threading
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile

PMDRAFT = os.path.abspath(sys.argv[1])
# generous: the suite also runs under AddressSanitizer and valgrind-free CI
SLOW = 120


def day(*texts, user='U1'):
    """A Slack day file (bytes) with one message per text (bytes or str)."""
    parts = []
    for i, t in enumerate(texts):
        if isinstance(t, str):
            t = json.dumps(t)[1:-1].encode()
        parts.append(b'{"type": "message", "user": "%s", "text": "%s", "ts": "%d.000100"}'
                     % (user.encode(), t, 1780470000 + 60 * i))
    return b'[' + b',\n'.join(parts) + b']\n'


def write(path, data):
    os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)


class Run:
    """One pmdraft run; maxrss_mb is that process's own peak (wait4), not
    the largest of every child so far, which an earlier big case would set."""
    def __init__(self, tmp, args, timeout=SLOW):
        env = dict(os.environ, TZ='UTC', PMDRAFT_JIT=os.environ.get('PMDRAFT_JIT', '1'))
        start = time.monotonic()
        p = subprocess.Popen([PMDRAFT] + args, cwd=tmp, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        out, err, timed_out = [], [], threading.Event()
        readers = [threading.Thread(target=lambda f, acc: acc.append(f.read()), args=a)
                   for a in ((p.stdout, out), (p.stderr, err))]
        for r in readers:
            r.start()
        timer = threading.Timer(timeout, lambda: (timed_out.set(), p.kill()))
        timer.start()
        _, status, usage = os.wait4(p.pid, 0)
        timer.cancel()
        for r in readers:
            r.join()
        p.stdout.close()
        p.stderr.close()
        p.returncode = os.waitstatus_to_exitcode(status)
        if timed_out.is_set():
            raise subprocess.TimeoutExpired(p.args, timeout)
        self.seconds = time.monotonic() - start
        self.maxrss_mb = usage.ru_maxrss / 1024
        self.status = p.returncode
        self.stdout = out[0]
        self.stderr = err[0].decode('utf-8', 'replace')


class Case:
    def __init__(self, tmp):
        self.tmp = tmp
        self.failures = []

    def path(self, name):
        return os.path.join(self.tmp, name)

    def run(self, *args, timeout=SLOW):
        return Run(self.tmp, list(args), timeout)

    def expect(self, r, status, stderr):
        """stderr: exact text, or a compiled regex that must match all of it."""
        if r.status != status:
            self.failures.append('exit status %d, expected %d (stderr: %s)'
                                 % (r.status, status, r.stderr.strip()[:300]))
        ok = stderr.fullmatch(r.stderr) if hasattr(stderr, 'fullmatch') else r.stderr == stderr
        if not ok:
            self.failures.append('stderr differs:\n--- expected\n%s\n--- got\n%s'
                                 % (getattr(stderr, 'pattern', stderr), r.stderr))

    def check(self, cond, what):
        if not cond:
            self.failures.append(what)

    def valid_output(self, data, fmt):
        try:
            text = data.decode('utf-8')
        except UnicodeDecodeError as e:
            self.failures.append('%s output is not valid UTF-8: %s' % (fmt, e))
            return ''
        self.check('\0' not in text, '%s output holds a NUL byte' % fmt)
        if fmt == 'json':
            json.loads(text)
        return text

    def no_leftovers(self, folder, allowed=()):
        extra = sorted(set(os.listdir(folder)) - set(allowed))
        self.check(not extra, 'left behind in %s: %s' % (folder, extra))


CASES = []


def case(fn):
    CASES.append(fn)
    return fn


# ---- broken JSON ----

@case
def truncated_json(c):
    write(c.path('general/2026-06-03.json'), day('deploy failed', 'rolling back')[:70])
    r = c.run('--export', 'general', '-o', 'out.html')
    c.expect(r, 1, 'general/2026-06-03.json:1:71: error: unexpected end of JSON (truncated file?)\n')
    c.no_leftovers(c.tmp, ['general'])


@case
def binary_garbage(c):
    rnd = random.Random(8)
    write(c.path('garbage.bin'), bytes(rnd.randrange(256) for _ in range(65536)))
    r = c.run('--export', 'garbage.bin', '-o', 'out.md')
    c.expect(r, 1, 'garbage.bin: error: not a chat export pmdraft can read (expected a Slack '
             'day file, channel folder or export, or Microsoft Teams Graph pages or '
             'export-tool JSON)\n')
    # garbage after a JSON start: a located syntax error, not a crash
    write(c.path('general/2026-06-03.json'),
          b'[{"ts": "1780470000.000100", "text": "x\x01\x02\x7f' +
          bytes(rnd.randrange(256) for _ in range(4096)))
    r = c.run('--export', 'general', '-o', 'out.md')
    c.expect(r, 1, re.compile(r'general/2026-06-03\.json:\d+:\d+: error: (invalid JSON: .*|'
                              r'unexpected end of JSON \(truncated file\?\))\n'))
    c.no_leftovers(c.tmp, ['garbage.bin', 'general'])


@case
def deep_nesting(c):
    # 200 000 levels: json-c's depth limit refuses it, the stack never grows
    write(c.path('deep.json'), b'[' * 200000)
    r = c.run('--export', 'deep.json', '-o', '-', '--format', 'json')
    c.expect(r, 1, 'deep.json:1:65: error: invalid JSON: nesting too deep\n')
    write(c.path('deep2.json'), b'[{"type": "message", "ts": "1780470000.000100", "blocks": '
          + b'[{"elements": ' * 100000 + b'[]' + b'}]' * 100000 + b'}]')
    r = c.run('--export', 'deep2.json', '-o', '-', '--format', 'json')
    c.expect(r, 1, 'deep2.json:1:493: error: invalid JSON: nesting too deep\n')
    write(c.path('teams.json'), b'{"@odata.context": "x", "value": ' + b'[' * 200000)
    r = c.run('--export', 'teams.json', '-o', '-', '--format', 'json')
    c.expect(r, 1, 'teams.json:1:97: error: invalid JSON: nesting too deep\n')


@case
def empty_and_wrong_root(c):
    write(c.path('empty.json'), b'')
    r = c.run('--export', 'empty.json')
    c.expect(r, 1, 'empty.json: error: empty file, expected a chat export\n')
    write(c.path('general/2026-06-03.json'), b'   \n')
    r = c.run('--export', 'general', '-o', '-')
    c.expect(r, 1, 'general/2026-06-03.json:2:1: error: unexpected end of JSON (truncated file?)\n')


# ---- strings: NUL and invalid UTF-8 become U+FFFD in every format ----

BAD_UTF8 = b'bad \xc3\x28 lone \xff overlong \xc0\xaf surrogate \xed\xa0\x80 cut \xe2\x82'


@case
def nul_and_invalid_utf8_slack(c):
    write(c.path('general/2026-06-03.json'),
          day(b'INC-77 sev1: payments down, nul \\u0000 here', b'alert firing ' + BAD_UTF8,
              b'mitigated: rolled back \\u0000\\u0000 done'))
    warning = ('general/2026-06-03.json: warning: 12 invalid UTF-8 sequences or NUL bytes '
               'replaced with U+FFFD\n')
    for fmt in ('json', 'md', 'html'):
        r = c.run('--export', 'general', '--format', fmt, '--all', '-o', 'out.' + fmt)
        c.expect(r, 0, warning)
        text = c.valid_output(open(c.path('out.' + fmt), 'rb').read(), fmt)
        c.check('nul \ufffd here' in text or 'nul \\ufffd here' in text,
                '%s: NUL not shown as U+FFFD' % fmt)
        c.check('bad \ufffd' in text or 'bad \\ufffd' in text,
                '%s: invalid UTF-8 not shown as U+FFFD' % fmt)
        os.remove(c.path('out.' + fmt))
    r = c.run('--export', 'general', '--strict', '-o', 'out.json')
    c.expect(r, 1, warning.replace('warning:', 'error:'))
    c.no_leftovers(c.tmp, ['general'])


@case
def invalid_utf8_teams_and_notes(c):
    page = (b'{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#chats", "value": ['
            b'{"id": "1", "messageType": "message", "createdDateTime": "2026-06-03T02:14:00Z",'
            b' "from": {"user": {"displayName": "Ana \xff"}}, "body": {"contentType": "html",'
            b' "content": "<p>sev1 ' + BAD_UTF8 + b' \\u0000</p>"}}]}')
    write(c.path('page.json'), page)
    for fmt in ('json', 'md', 'html'):
        r = c.run('--export', 'page.json', '--format', fmt, '--all', '-o', '-')
        c.expect(r, 0, 'page.json: warning: 11 invalid UTF-8 sequences or NUL bytes '
                 'replaced with U+FFFD\n')
        text = c.valid_output(r.stdout, fmt)
        c.check('Ana \ufffd' in text or 'Ana \\ufffd' in text, '%s: author not repaired' % fmt)
    write(c.path('notes.csv'), b'time,note\n2026-06-03 02:14,paged on-call ' + BAD_UTF8 + b'\n')
    for fmt in ('json', 'md', 'html'):
        r = c.run('--notes', 'notes.csv', '--format', fmt, '--all', '-o', '-')
        c.check(r.status == 0, 'notes: exit status %d: %s' % (r.status, r.stderr))
        c.check('notes.csv:2:' in r.stderr and 'UTF-8' in r.stderr,
                'notes: no located UTF-8 warning: %s' % r.stderr)
        c.valid_output(r.stdout, fmt)


# ---- size ----

@case
def ten_megabyte_message(c):
    # 10 MB of text that once made the mrkdwn pass quadratic, plus plain words
    chunk = '<' * 1000 + ' *a _b ~c ' * 100 + '&lt;x&gt; <https://example.com|link> '
    text = ('sev1 INC-12 ' + chunk * (10_000_000 // len(chunk)))[:10_000_000 - 10] + 'END-OF-BIG'
    write(c.path('general/2026-06-03.json'), day(text, 'mitigated: rolled back'))
    r = c.run('--export', 'general', '--format', 'json', '--all', '-o', 'out.json')
    c.expect(r, 0, '')
    doc = json.loads(c.valid_output(open(c.path('out.json'), 'rb').read(), 'json'))
    # entities and links shrink it by 1.4%; its last words must be there
    big = max((e.get('text', '') for e in doc['timeline']), key=len)
    c.check(len(big) >= 9_800_000 and big.endswith('END-OF-BIG'),
            'the 10 MB message was cut to %d characters' % len(big))
    for fmt in ('md', 'html'):
        r = c.run('--export', 'general', '--format', fmt, '-o', 'out.' + fmt)
        c.expect(r, 0, '')
        c.valid_output(open(c.path('out.' + fmt), 'rb').read(), fmt)


@case
def ten_megabyte_teams_html(c):
    # HTML and card text that once made htmltext quadratic: unclosed tags,
    # unclosed <script>, a line of '[' and {{DATE( with no end
    html = ('<p>sev1 INC-31 checkout down</p>' + '<p' * 500000 + '<a href="' * 200000
            + '<script>' * 100000 + '<at>' + '<' * 1000000 + 'END-OF-HTML')
    card = json.dumps({'type': 'AdaptiveCard', 'body': [
        {'type': 'TextBlock', 'text': '[' * 1000000 + ']' + '{{DATE(' * 100000 + 'END-OF-CARD'}]})
    page = {'@odata.context': 'x', 'value': [{
        'id': '1', 'messageType': 'message', 'createdDateTime': '2026-06-03T02:14:00Z',
        'from': {'user': {'displayName': 'Ana'}},
        'body': {'contentType': 'html', 'content': html},
        'attachments': [{'id': 'a', 'contentType': 'application/vnd.microsoft.card.adaptive',
                         'content': card}]}]}
    write(c.path('page.json'), json.dumps(page).encode())
    c.check(os.path.getsize(c.path('page.json')) > 6_000_000, 'the page is too small')
    r = c.run('--export', 'page.json', '--format', 'json', '--all', '-o', 'out.json')
    c.expect(r, 0, '')
    text = c.valid_output(open(c.path('out.json'), 'rb').read(), 'json')
    c.check('END-OF-CARD' in text, 'the card text was not read to its end')


def teams_page(*messages):
    """A Graph page (bytes) of messages given as dicts merged over defaults."""
    value = []
    for i, m in enumerate(messages):
        d = {'id': str(i + 1), 'messageType': 'message',
             'createdDateTime': '2026-06-03T02:%02d:%02dZ' % (i // 60 % 60, i % 60),
             'from': {'user': {'displayName': 'Ana'}},
             'body': {'contentType': 'html', 'content': 'm%d' % i}}
        d.update(m)
        value.append(d)
    return json.dumps({'@odata.context': 'x', 'value': value}).encode()


# ---- secrets ----

# Each secret kind as it is pasted in chat, with a marker that must never
# reach any output.
SECRETS = {
    'slack-app': 'xapp-1-A0123456789-0123456789012-APPSECRET0123',
    'workflow': 'https://hooks.slack.com/workflows/T0123/A0456/789/WORKFLOWSECRET',
    'trigger': 'https://hooks.slack.com/triggers/T0123ABC/5678/TRIGGERSECRET',
    'json-password': '{"password": "JSONPASSSECRET"}',
    'json-aws': '{"AccessKeyId": "x", "SecretAccessKey": "SAKSECRET/abc+def0"}',
    'redis': 'redis://:REDISSECRET@cache-1:6379/0',
    'pgp': '-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBFPGPSECRET\n-----END PGP PRIVATE KEY BLOCK-----',
    'gcp': '{"type": "service_account", "private_key_id": "GCPKEYIDSECRET0123", '
           '"private_key": "-----BEGIN PRIVATE KEY-----\\nGCPPEMSECRET\\n-----END PRIVATE KEY-----\\n"}',
    'gcp-api': 'AIzaSyGCPAPISECRET0123456789abcdefghijk',
    'azure-conn': 'DefaultEndpointsProtocol=https;AccountName=st;AccountKey=AZURESECRET0123+/abc==;',
    'azure-sas': 'https://st.blob.core.windows.net/c/f?sv=2022-11-02&sig=AZSASSECRET0123%2B',
    'stripe': 'sk_live_STRIPESECRET0123456789',
    'openai': 'sk-proj-OPENAISECRET0123456789abcdef',
    'gitlab': 'glpat-GITLABSECRET0123456789',
    'npm': 'npm_NPMSECRET0123456789abcdefghijklmnopq',
    'sendgrid': 'SG.SENDGRIDSECRET012345.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    'twilio': 'SK0123456789abcdef0123456789abcdef',
    'basic': 'Authorization: Basic QkFTSUNTRUNSRVQ6cHc=',
    'aws-bare': 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'query-token': 'https://x.example/dl?id=4&token=QUERYSECRET',
}
MARKERS = ['APPSECRET', 'WORKFLOWSECRET', 'TRIGGERSECRET', 'JSONPASSSECRET', 'SAKSECRET',
           'REDISSECRET', 'PGPSECRET', 'GCPKEYIDSECRET', 'GCPPEMSECRET', 'GCPAPISECRET',
           'AZURESECRET', 'AZSASSECRET', 'STRIPESECRET', 'OPENAISECRET', 'GITLABSECRET',
           'NPMSECRET', 'SENDGRIDSECRET', 'SK0123456789abcdef', 'QkFTSUNTRUNSRVQ6cHc',
           'wJalrXUtnFEMI', 'QUERYSECRET']


def no_secrets(c, text, where, markers):
    for m in markers:
        c.check(m not in text, '%s: %s written in clear' % (where, m))


@case
def secrets_in_message_text(c):
    # every kind, alone in a Slack message, a Teams message and a notes row
    texts = ['sev2 incident, pasted %s by mistake' % v for v in SECRETS.values()]
    write(c.path('general/2026-06-03.json'), day(*texts))
    write(c.path('teams.json'), teams_page(*({'body': {'contentType': 'text', 'content': t}}
                                              for t in texts)))
    rows = io.StringIO()
    import csv
    w = csv.writer(rows)
    w.writerow(['time', 'note'])
    for i, t in enumerate(texts):
        w.writerow(['2026-06-03 02:%02d' % i, t])
    write(c.path('notes.csv'), rows.getvalue().encode())
    for args in (['--export', 'general'], ['--export', 'teams.json'], ['--notes', 'notes.csv']):
        for fmt in ('html', 'md', 'json'):
            r = c.run(*args, '--format', fmt, '--all', '-o', '-')
            c.check(r.status == 0, '%s: exit status %d: %s' % (args[1], r.status, r.stderr))
            text = c.valid_output(r.stdout, fmt)
            no_secrets(c, text, '%s %s' % (args[1], fmt), MARKERS)
            no_secrets(c, r.stderr, '%s stderr' % args[1], MARKERS)


@case
def secrets_in_every_field(c):
    # a token in a user name, the channel topic, a file name, a notes extra
    # column and notes text; Teams links and card actions with no text of
    # their own, whose URL is all there is to show
    os.makedirs(c.path('ws/inc-1'))
    write(c.path('ws/users.json'), json.dumps([
        {'id': 'U1', 'name': 'ana', 'real_name': 'Ana xoxb-1111111111-NAMESECRET',
         'profile': {'real_name': 'Ana xoxb-1111111111-NAMESECRET',
                     'display_name': 'Ana xoxb-1111111111-NAMESECRET'}}]).encode())
    write(c.path('ws/channels.json'), json.dumps([
        {'id': 'C1', 'name': 'inc-1', 'topic': {'value': 'INC-7 bot xoxp-2222222222-TOPICSECRET'}}
    ]).encode())
    write(c.path('ws/inc-1/2026-06-03.json'), json.dumps([
        {'type': 'message', 'user': 'U1', 'text': 'sev1 payments down', 'ts': '1780470000.000100',
         'files': [{'id': 'F1', 'name': 'creds-xoxb-3333333333-FILESECRET.txt', 'filetype': 'text',
                    'user': 'U1'}]},
        {'type': 'message', 'user': 'U1', 'text': 'action: rotate the key, owner me',
         'ts': '1780470060.000100'}]).encode())
    href = ['https://st.blob.core.windows.net/c/f?sv=1&sig=HREFSIGSECRET',
            'https://x.example/a?token=HREFTOKENSECRET',
            'https://x.example/a?access_token=HREFACCESSSECRET',
            'https://b.s3.amazonaws.com/k?X-Amz-Signature=HREFAMZSECRET']
    card = json.dumps({'type': 'AdaptiveCard', 'body': [{'type': 'TextBlock', 'text': 'alert'}],
                       'actions': [{'type': 'Action.OpenUrl', 'url': u.replace('HREF', 'CARD')}
                                   for u in href]})
    write(c.path('teams.json'), teams_page(
        {'body': {'contentType': 'html', 'content': ''.join(
            '<p>sev2 see <a href="%s"></a></p>' % u for u in href)}},
        {'body': {'contentType': 'html', 'content': 'card'},
         'attachments': [{'id': 'a', 'contentType': 'application/vnd.microsoft.card.adaptive',
                          'content': card}]}))
    write(c.path('notes.csv'), b'time,note,ticket\n'
          b'2026-06-03 02:14,sev1 see https://x.example/t?token=NOTESTEXTSECRET,'
          b'https://t.example/?token=NOTESEXTRASECRET\n')
    markers = ['NAMESECRET', 'TOPICSECRET', 'FILESECRET', 'HREFSIGSECRET', 'HREFTOKENSECRET',
               'HREFACCESSSECRET', 'HREFAMZSECRET', 'CARDSIGSECRET', 'CARDTOKENSECRET',
               'CARDACCESSSECRET', 'CARDAMZSECRET', 'NOTESTEXTSECRET', 'NOTESEXTRASECRET']
    for args in (['--export', 'ws', '--channel', 'inc-1'], ['--export', 'teams.json'],
                 ['--notes', 'notes.csv']):
        for fmt in ('html', 'md', 'json'):
            r = c.run(*args, '--format', fmt, '--all', '-o', '-')
            c.check(r.status == 0, '%s: exit status %d: %s' % (args[1], r.status, r.stderr))
            text = c.valid_output(r.stdout, fmt)
            no_secrets(c, text, '%s %s' % (args[1], fmt), markers)
            no_secrets(c, r.stderr, '%s stderr' % args[1], markers)
    # the Teams links still say where they went, without the query
    r = c.run('--export', 'teams.json', '--format', 'json', '--all', '-o', '-')
    c.check('https://st.blob.core.windows.net/c/f' in r.stdout.decode(),
            'Teams: the cut link text is missing')


# ---- terminal ----

OSC52 = '\x1b]52;c;SGVsbG8=\x07'
OSC0 = '\x1b]0;owned\x07'
BIDI = '\u202e\u2066'


def terminal_safe(c, err, where):
    """No escape sequence, stray line or bidi control in diagnostics."""
    for line in err.split('\n')[:-1]:
        c.check(not re.search('[\x00-\x1f\x7f\x80-\x9f\u061c\u200e\u200f\u202a-\u202e'
                              '\u2066-\u2069\u2028\u2029]', line),
                '%s: a control reached the terminal: %r' % (where, line))
        c.check(not line.startswith('pmdraft: note: forged'), '%s: a forged line: %r' % (where, line))


@case
def terminal_injection(c):
    # escape sequences, a newline and bidi controls in values that diagnostics
    # quote: a Slack ts, a Teams time, a notes time, a rule name
    forged = OSC52 + '\npmdraft: note: forged' + OSC0 + BIDI
    write(c.path('general/2026-06-03.json'), json.dumps([
        {'type': 'message', 'user': 'U1', 'text': 'x', 'ts': forged}]).encode())
    write(c.path('teams.json'), teams_page({'createdDateTime': forged}, {}))
    write(c.path('notes.csv'), ('time,note\n"%s",x\n' % forged.replace('"', '""')).encode())
    write(c.path('evil.rules'), ('[detect]\nx' + forged.replace('\n', ' ') + ': a\n').encode())
    for args in (['--export', 'general'], ['--export', 'teams.json'], ['--notes', 'notes.csv'],
                 ['--check-rules', 'evil.rules']):
        r = c.run(*args, '-o', '-', '--format', 'json')
        c.check(r.stderr.count('\n') >= 1, '%s: no diagnostic' % args[1])
        terminal_safe(c, r.stderr, args[1])
        c.check('\\x1b]52' in r.stderr or args[0] == '--check-rules',
                '%s: the escape is not shown escaped: %r' % (args[1], r.stderr))
    # --explain quotes message text
    write(c.path('chat/2026-06-03.json'), day('sev1 payments down ' + forged))
    r = c.run('--export', 'chat', '--explain', '-o', '-', '--format', 'json')
    c.check(r.status == 0, 'explain: exit status %d' % r.status)
    c.check('\x1b' not in r.stderr and '\u202e' not in r.stderr,
            'explain: a control reached the terminal')


# ---- depth ----

@case
def deep_reply_chain(c):
    # each message replies to the one before: 60 000 deep once overflowed the
    # HTML writer's recursion (exit 139) and left its temporary file
    n = 60000
    msgs = []
    for i in range(n):
        m = '{"type": "message", "user": "U1", "text": "r%d", "ts": "%d.000100"' % (i, 1780470000 + i)
        if i:
            m += ', "thread_ts": "%d.000100"' % (1780470000 + i - 1)
        msgs.append(m + '}')
    write(c.path('general/2026-06-03.json'), ('[' + ',\n'.join(msgs) + ']').encode())
    write(c.path('teams.json'), teams_page(*({'replyToId': str(i)} if i else {} for i in range(n))))
    for src in ('general', 'teams.json'):
        for fmt in ('html', 'md', 'json'):
            os.makedirs(c.path('out'))
            r = c.run('--export', src, '--format', fmt, '--all', '-o', 'out/d.' + fmt)
            c.expect(r, 0, '')
            text = c.valid_output(open(c.path('out/d.' + fmt), 'rb').read(), fmt)
            c.check(text.count('r%d' % (n - 1) if src == 'general' else 'm%d' % (n - 1)) >= 1,
                    '%s %s: the last reply is missing' % (src, fmt))
            if fmt == 'html':
                depth = deepest = 0
                for tag in re.findall(r'<ol[ >]|</ol>', text):
                    depth += 1 if tag != '</ol>' else -1
                    deepest = max(deepest, depth)
                c.check(text.count('class="pm-transcript"') + text.count('class="pm-entry"') >= n,
                        '%s: fewer than %d entries in HTML' % (src, n))
                c.check(deepest <= 10, '%s: lists nested %d deep' % (src, deepest))
            c.no_leftovers(c.path('out'), ['d.' + fmt])
            shutil.rmtree(c.path('out'))


@case
def reply_cycles(c):
    # two messages naming each other as parent, and a longer loop: every one
    # of them is listed in every format, none vanishes from the HTML
    write(c.path('general/2026-06-03.json'),
          b'[{"type": "message", "user": "U1", "text": "LOOPA", "ts": "1780470000.000100",'
          b' "thread_ts": "1780470060.000100"},'
          b'{"type": "message", "user": "U1", "text": "LOOPB", "ts": "1780470060.000100",'
          b' "thread_ts": "1780470000.000100"}]')
    write(c.path('teams.json'), teams_page(
        {'replyToId': '3', 'body': {'contentType': 'html', 'content': 'LOOPA'}},
        {'replyToId': '1', 'body': {'contentType': 'html', 'content': 'LOOPB'}},
        {'replyToId': '2', 'body': {'contentType': 'html', 'content': 'LOOPC'}}))
    for src, words in (('general', ('LOOPA', 'LOOPB')), ('teams.json', ('LOOPA', 'LOOPB', 'LOOPC'))):
        for fmt in ('html', 'md', 'json'):
            r = c.run('--export', src, '--format', fmt, '--all', '-o', '-')
            c.expect(r, 0, '')
            text = c.valid_output(r.stdout, fmt)
            for w in words:
                c.check(w in text, '%s %s: %s vanished' % (src, fmt, w))


@case
def gigabyte_file(c):
    # sparse: a 1 GB file costs no disk; it must be refused before it is read
    heads = {'general/2026-06-03.json': b'[{"ts": "1780470000.000100", "text": "',
             'day.json': b'[{"type": "message", "ts": "1780470000.000100", "text": "',
             'teams/page.json': b'{"@odata.context": "x", "value": [{"body": "',
             'notes.csv': b'time,note\n2026-06-03 02:14,"'}
    for name, head in heads.items():
        write(c.path(name), head)
        os.truncate(c.path(name), 1 << 30)
    msg = 'error: too large: 1073741824 bytes, over the 64 MiB limit for one input file\n'
    r = c.run('--export', 'general', '-o', 'out.html', timeout=30)
    c.expect(r, 1, 'general/2026-06-03.json: ' + msg)
    c.check(r.seconds < 10, 'refusing took %.1f s' % r.seconds)
    r = c.run('--export', 'day.json', '-o', 'out.html', timeout=30)
    c.expect(r, 1, 'day.json: ' + msg)
    r = c.run('--notes', 'notes.csv', '-o', 'out.html', timeout=30)
    c.expect(r, 1, 'notes.csv: ' + msg)
    write(c.path('teams/small.json'), b'{"@odata.context": "x", "value": []}')
    r = c.run('--export', 'teams/small.json', '--export', 'teams/page.json', '-o', 'out.html',
              timeout=30)
    c.expect(r, 1, 'teams/page.json: ' + msg)
    c.check(r.maxrss_mb < 512, 'peak memory %.0f MB' % r.maxrss_mb)
    c.no_leftovers(c.tmp, ['general', 'day.json', 'teams', 'notes.csv'])


# ---- special files and symbolic link loops ----

@case
def fifos_never_block(c):
    os.makedirs(c.path('general'))
    os.mkfifo(c.path('general/2026-06-03.json'))
    os.mkfifo(c.path('fifo.json'))
    os.mkfifo(c.path('notes.csv'))
    r = c.run('--export', 'general', '-o', 'out.html', timeout=20)
    c.expect(r, 1, 'general/2026-06-03.json: error: not a regular file\n')
    r = c.run('--export', 'fifo.json', '-o', 'out.html', timeout=20)
    c.expect(r, 1, 'fifo.json: error: not a regular file or folder\n')
    r = c.run('--notes', 'notes.csv', '-o', 'out.html', timeout=20)
    c.expect(r, 1, 'notes.csv: error: not a regular file\n')
    os.remove(c.path('general/2026-06-03.json'))
    write(c.path('general/2026-06-03.json'), day('sev2: checkout slow'))
    os.mkfifo(c.path('users.json'))
    r = c.run('--export', 'general', '-o', 'out.html', timeout=20)
    c.expect(r, 1, 'general/../users.json: error: not a regular file\n')


@case
def symlink_loops(c):
    # a channel folder that contains itself, its parent and a self-loop
    write(c.path('ws/general/2026-06-03.json'), day('INC-5 sev2: queue backing up',
                                                    'mitigated: scaled out'))
    os.symlink('.', c.path('ws/general/again'))
    os.symlink('..', c.path('ws/general/up'))
    os.symlink('.', c.path('ws/loop'))
    os.symlink('self', c.path('ws/self'))
    os.symlink('b', c.path('ws/a'))
    os.symlink('a', c.path('ws/b'))
    for export in ('ws', 'ws/general', 'ws/loop/loop/loop/general'):
        r = c.run('--export', export, '--format', 'json', '--all', '-o', '-', timeout=20)
        c.expect(r, 0, '')
        c.check(b'queue backing up' in r.stdout, '%s: the message was not read' % export)
    # a day file that is a loop is a located error, not a hang
    os.symlink('2026-06-04.json', c.path('ws/general/2026-06-04.json'))
    r = c.run('--export', 'ws/general', '-o', '-', timeout=20)
    c.expect(r, 1, 'ws/general/2026-06-04.json: error: cannot open: '
             'Too many levels of symbolic links\n')
    # Teams folder: looping names are skipped, the page is read
    write(c.path('teams/page.json'), b'{"@odata.context": "x", "value": [{"id": "1", '
          b'"messageType": "message", "createdDateTime": "2026-06-03T02:14:00Z", '
          b'"from": {"user": {"displayName": "Ana"}}, '
          b'"body": {"contentType": "text", "content": "sev1 in teams"}}]}')
    os.symlink('.', c.path('teams/dir.json'))
    os.symlink('x.json', c.path('teams/y.json'))
    os.symlink('y.json', c.path('teams/x.json'))
    r = c.run('--export', 'teams', '--format', 'json', '--all', '-o', '-', timeout=20)
    c.expect(r, 0, '')
    c.check(b'sev1 in teams' in r.stdout, 'teams: the page was not read')


# ---- zip archives: bombs and hostile names ----

def zip_bytes(members, lie=False):
    """members: [(name, bytes)]. lie=True declares every member as 1000 bytes
    in both the local header and the central directory, as a crafted bomb
    would, so only the inflated size can give it away."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, data)
    data = bytearray(raw.getvalue())
    if lie:
        for sig, at in ((b'PK\3\4', 22), (b'PK\1\2', 24)):
            i = data.find(sig)
            while i >= 0:
                data[i + at:i + at + 4] = (1000).to_bytes(4, 'little')
                i = data.find(sig, i + 4)
    return bytes(data)


@case
def zip_bombs(c):
    zeros = b' ' * (100 << 20)	# 100 MB that deflates to about 100 KB
    write(c.path('declared.zip'), zip_bytes([('general/2026-06-03.json', b'[' + zeros + b']')]))
    r = c.run('--export', 'declared.zip', '-o', 'out.html')
    c.expect(r, 1, 'declared.zip: error: general/2026-06-03.json: member of 104857602 bytes, '
             'over the 64 MiB limit for one input file\n')
    c.check(r.seconds < 10, 'refusing took %.1f s' % r.seconds)
    c.check(os.path.getsize(c.path('declared.zip')) < 1 << 20, 'the bomb is not small')
    write(c.path('lying.zip'), zip_bytes([('general/2026-06-03.json', b'[' + zeros + b']')],
                                         lie=True))
    r = c.run('--export', 'lying.zip', '-o', 'out.html')
    c.expect(r, 1, 'lying.zip: error: general/2026-06-03.json: member over the 64 MiB limit '
             'for one input file\n')
    c.check(r.maxrss_mb < 1024, 'peak memory %.0f MB' % r.maxrss_mb)
    # members under the per-file cap that inflate past 256 MiB in all
    each = b'[' + b' ' * (60 << 20) + b']'
    write(c.path('many.zip'), zip_bytes([('general/2026-06-%02d.json' % d, each)
                                         for d in range(1, 7)]))
    r = c.run('--export', 'many.zip', '-o', 'out.html')
    c.expect(r, 1, 'many.zip: error: general/2026-06-05.json: the archive inflates to over '
             '256 MiB; refused as a zip bomb\n')
    c.no_leftovers(c.tmp, ['declared.zip', 'lying.zip', 'many.zip'])


@case
def zip_hostile_names(c):
    good = day('INC-9 sev1: card payments failing', 'resolved: all clear')
    names = ['../../etc/passwd', '/etc/cron.d/pmdraft', '../../../../tmp/pmdraft-escape.json',
             'general/../../2026-06-01.json', '..\\..\\evil.json']
    write(c.path('in/export.zip'), zip_bytes(
        [(n, b'root:x:0:0:pwned') for n in names] + [('general/2026-06-03.json', good)]))
    before = set(os.listdir(c.tmp))
    # /tmp is shared with whatever else runs (a compiler's temporaries): there,
    # only a file named like a hostile member is one of ours
    members = {re.split(r'[/\\]', n)[-1] for n in names}
    escaped = lambda: {n for n in os.listdir('/tmp') if n in members}
    shared_before = escaped()
    r = c.run('--export', 'in/export.zip', '--channel', 'general', '--format', 'json', '--all',
              '-o', 'out.json')
    c.expect(r, 0, '')
    doc = json.loads(open(c.path('out.json')).read())
    c.check(any('card payments' in e.get('text', '') for e in doc['timeline']),
            'the good channel was not read')
    c.check(b'pwned' not in open(c.path('out.json'), 'rb').read(), 'a hostile member was read')
    after = set(os.listdir(c.tmp))
    c.check(after - before <= {'out.json'}, 'files appeared: %s' % (after - before - {'out.json'}))
    c.check(escaped() <= shared_before, 'files appeared in /tmp: %s' % (escaped() - shared_before))
    c.check(not os.path.exists('/etc/cron.d/pmdraft'), '/etc/cron.d/pmdraft was written')
    c.check(not os.path.exists('/tmp/pmdraft-escape.json'), 'a member escaped to /tmp')
    c.no_leftovers(c.path('in'), ['export.zip'])


# ---- rules ----

@case
def catastrophic_rule(c):
    write(c.path('evil.rules'), b'[detect]\nevil: ^(a+)+$\n')
    write(c.path('general/2026-06-03.json'), day('a' * 64 + '!', 'sev2 INC-3 alert firing'))
    r = c.run('--rules', 'evil.rules', '--export', 'general', '-o', 'out.json', timeout=60)
    c.expect(r, 0, 'evil.rules:2: warning: rule detect.evil gave up on a message (match limit '
             'exceeded); treated as no match\n')
    c.check(r.seconds < 30, 'the rule ran for %.1f s' % r.seconds)
    write(c.path('bad.rules'), b'[detect]\nbad: (unclosed\n')
    r = c.run('--rules', 'bad.rules', '--export', 'general', '-o', 'out2.json')
    c.expect(r, 1, re.compile(r'bad\.rules:2:\d+: error: bad pattern: .*\n'))


@case
def rule_files(c):
    write(c.path('big.rules'), b'[detect]\n')
    os.truncate(c.path('big.rules'), 1 << 30)
    os.mkfifo(c.path('fifo.rules'))
    r = c.run('--check-rules', 'big.rules', timeout=30)
    c.expect(r, 1, 'big.rules: error: too large: 1073741824 bytes, over the 64 MiB limit '
             'for one input file\n')
    c.check(r.maxrss_mb < 512, 'peak memory %.0f MB' % r.maxrss_mb)
    r = c.run('--check-rules', 'fifo.rules', timeout=20)
    c.expect(r, 1, 'fifo.rules: error: not a regular file\n')
    write(c.path('nul.rules'), b'[detect]\nx: a\0b\n')
    r = c.run('--check-rules', 'nul.rules')
    c.expect(r, 1, 'nul.rules: error: not a text file\n')


@case
def include_loops(c):
    # a 180-byte file that includes itself a dozen times once made 10^8
    # include attempts; a loop is refused where it closes, a diamond read once
    write(c.path('self.rules'), b'[detect]\nx: boom\n' + b'include self.rules\n' * 8)
    r = c.run('--check-rules', 'self.rules', timeout=30)
    c.expect(r, 1, re.compile(r'(self\.rules:\d+:9: error: include loop: self\.rules is '
                              r'already being read\n){8}'))
    write(c.path('a.rules'), b'include sub/b.rules\n[detect]\na: alpha-word\n')
    write(c.path('sub/b.rules'), b'include ../a.rules\n')
    r = c.run('--check-rules', 'a.rules', timeout=30)
    c.expect(r, 1, 'sub/b.rules:1:9: error: include loop: sub/../a.rules is already being read\n')
    write(c.path('top.rules'), b'include l.rules\ninclude r.rules\n')
    write(c.path('l.rules'), b'include base.rules\n')
    write(c.path('r.rules'), b'include base.rules\n')
    write(c.path('base.rules'), b'[detect]\nbase: base-word\n')
    r = c.run('--check-rules', 'top.rules', timeout=30)
    c.expect(r, 0, re.compile(r'.*'))
    c.check('error' not in r.stderr, 'a diamond of includes was refused: ' + r.stderr)


@case
def backtracking_rule_disabled(c):
    # a team rule that gives up on every message costs the whole match limit
    # each time (31 s for 20 000 messages); after three it is off for the run
    write(c.path('evil.rules'), b'[detect]\nevil: ^(a+)+$\n')
    write(c.path('general/2026-06-03.json'), day(*(['a' * 64 + '!'] * 20000)))
    r = c.run('--rules', 'evil.rules', '--export', 'general', '-o', 'out.json', timeout=60)
    c.expect(r, 0, 'evil.rules:2: warning: rule detect.evil gave up on a message (match limit '
             'exceeded); treated as no match\n'
             'evil.rules:2: warning: rule detect.evil gave up on 3 messages; disabled for the '
             'rest of this run\n')
    c.check(r.seconds < 20, 'the rule ran for %.1f s' % r.seconds)


# ---- amplification ----

@case
def labels_are_cut(c):
    # a 10 MB display name, repeated by every entry it wrote and every mention
    # of it, a 1 MB topic and file name: each cut to 200 characters with an
    # ellipsis at a character boundary, so the draft stays small
    name = 'Ana ' + '\u00e9' * 5000000
    label = name[:199] + '\u2026'
    os.makedirs(c.path('ws/inc-1'))
    write(c.path('ws/users.json'), json.dumps([
        {'id': 'U1', 'name': 'ana', 'real_name': name,
         'profile': {'real_name': name, 'display_name': name}}],
        ensure_ascii=False).encode())
    write(c.path('ws/channels.json'), json.dumps([
        {'id': 'C1', 'name': 'inc-1', 'topic': {'value': 'T' * 1000000}}]).encode())
    msgs = [{'type': 'message', 'user': 'U1', 'text': 'sev1 payments down, ask <@U1> %d' % i,
             'ts': '%d.000100' % (1780470000 + 60 * i)} for i in range(150)]
    msgs[0]['files'] = [{'id': 'F1', 'name': 'F' * 1000000 + '.txt', 'filetype': 'text',
                         'user': 'U1'}]
    write(c.path('ws/inc-1/2026-06-03.json'), json.dumps(msgs).encode())
    write(c.path('teams.json'), teams_page(*[
        {'from': {'user': {'displayName': 'Bo ' + 'x' * 20000}},
         'body': {'contentType': 'html', 'content': 'sev2 m%d' % i}} for i in range(150)]))
    write(c.path('notes.csv'), b'time,note,author\n' + b''.join(
        b'2026-06-03 08:%02d,step %d,%s\n' % (i, i, b'N' * 100000) for i in range(50)))
    for fmt in ('json', 'md', 'html'):
        for export, notes in (('ws', 'notes.csv'), ('teams.json', None)):
            args = ['--export', export, '--format', fmt, '--all', '-o', '-']
            if notes:
                args += ['--notes', notes]
            r = c.run(*args)
            c.check(r.status == 0, '%s %s: exit %d: %s' % (export, fmt, r.status, r.stderr[:300]))
            text = c.valid_output(r.stdout, fmt)
            c.check(len(r.stdout) < 1000000, '%s %s: %d bytes of draft from labels'
                    % (export, fmt, len(r.stdout)))
            for long in ('\u00e9' * 200, 'T' * 201, 'F' * 201, 'x' * 200, 'N' * 201):
                c.check(long not in text, '%s %s: a label of more than 200 characters (%s...)'
                        % (export, fmt, long[:3]))
            if export == 'ws':
                c.check(label in text, '%s %s: the name is not cut to "%s"'
                        % (export, fmt, label[:8] + '...' + label[-3:]))


@case
def file_names_not_utf8(c):
    # folder, day file, zip and notes names in Latin-1 or plain bad bytes:
    # title, channel and sources[].path are repaired like chat text
    tmp = os.fsencode(c.tmp)
    folder = tmp + b'/inc-caf\xe9-\xff\xfe'
    os.makedirs(folder)
    write(folder + b'/2026-06-03.json', day('sev2 INC-1 payments down'))
    write(tmp + b'/notes-\xe9.csv', b'time,note\n2026-06-03 08:00,paged\n')
    write(tmp + b'/teams-\xc3.json', teams_page({'body': {'contentType': 'html',
                                                            'content': 'sev2 down'}}))
    for args in ([b'--export', folder, b'--notes', tmp + b'/notes-\xe9.csv'],
                 [b'--export', tmp + b'/teams-\xc3.json']):
        for fmt in ('json', 'md', 'html'):
            p = subprocess.run([PMDRAFT] + args + [b'--format', fmt.encode(), b'-o', b'-'],
                               cwd=c.tmp, env=dict(os.environ, TZ='UTC'), capture_output=True,
                               timeout=SLOW)
            c.check(p.returncode == 0, '%s: exit %d: %s' % (fmt, p.returncode, p.stderr[:300]))
            text = c.valid_output(p.stdout, fmt)
            if fmt == 'json' and text:
                d = json.loads(text)
                paths = [src['path'] for src in d.get('sources', [])]
                c.check(paths and all('\ufffd' in x for x in paths),
                        'sources[].path not repaired: %r' % paths)
                if b'--notes' in args:
                    c.check('\ufffd' in (d['incident'].get('channel') or ''),
                            'channel not repaired: %r' % d['incident'].get('channel'))


# ---- display ----

@case
def html_names_isolated_and_anchors_unique(c):
    # a U+202E name must not reorder the page around it; Teams ids "1.5" and
    # "1-5" (and ones differing only by other punctuation) need anchors of
    # their own; a long unbroken name must be allowed to wrap
    spoof = '\u202eanA'
    write(c.path('teams.json'), teams_page(
        {'id': '1.5', 'from': {'user': {'displayName': spoof}},
         'body': {'contentType': 'html', 'content': 'sev1 payments down'}},
        {'id': '1-5', 'body': {'contentType': 'html', 'content': 'mitigated by rollback'}},
        {'id': '1_5', 'body': {'contentType': 'html', 'content': 'resolved now'}},
        {'id': '1:5', 'from': {'user': {'displayName': 'W' * 5000}},
         'body': {'contentType': 'html', 'content': 'action: add an alert, owner Ana'}}))
    r = c.run('--export', 'teams.json', '--format', 'html', '--all', '-o', '-')
    c.expect(r, 0, '')
    html = c.valid_output(r.stdout, 'html')
    ids = re.findall(r' id="(m-[^"]*)"', html)
    c.check(len(ids) == len(set(ids)), 'anchor ids repeat: %s' % sorted(ids))
    c.check(len([i for i in ids if i.startswith('m-1')]) == 4,
            'expected 4 message anchors, got %s' % ids)
    for target in set(re.findall(r'href="#(m-[^"]*)"', html)):
        c.check(target in ids, 'a link to #%s has no target' % target)
    c.check('<bdi>%s</bdi>' % spoof in html, 'the U+202E name is not isolated in <bdi>')
    c.check(spoof not in html.replace('<bdi>%s</bdi>' % spoof, ''),
            'the U+202E name appears outside <bdi>')
    c.check(re.search(r'bdi \{[^}]*unicode-bidi: isolate[^}]*overflow-wrap: anywhere', html),
            'no CSS isolating and wrapping names')


# ---- the output name ----

@case
def output_names_an_input(c):
    write(c.path('general/2026-06-03.json'), day('sev2 INC-1 payments down'))
    write(c.path('notes.csv'), b'time,note\n2026-06-03 08:00,paged\n')
    write(c.path('team.rules'), b'')
    os.link(c.path('notes.csv'), c.path('notes-link.csv'))
    kept = {n: open(c.path(n), 'rb').read()
            for n in ('general/2026-06-03.json', 'notes.csv', 'team.rules')}
    for out, option in (('general/2026-06-03.json', '--export general/2026-06-03.json'),
                        ('notes.csv', '--notes notes.csv'),
                        ('notes-link.csv', '--notes notes.csv'),
                        ('team.rules', '--rules team.rules')):
        args = ['--export', 'general', '--notes', 'notes.csv', '--rules', 'team.rules']
        if option.startswith('--export'):
            args[1] = 'general/2026-06-03.json'
        r = c.run(*args, '--force', '--format', 'json', '-o', out)
        c.expect(r, 1, '%s: error: is also an input (%s); not overwritten, even with --force\n'
                 % (out, option))
    for n, data in kept.items():
        c.check(open(c.path(n), 'rb').read() == data, '%s was changed' % n)
    c.no_leftovers(c.path('general'), ['2026-06-03.json'])


@case
def output_symlink_refused_first(c):
    write(c.path('general/2026-06-03.json'), day('sev2 INC-1 payments down'))
    os.symlink('elsewhere.json', c.path('dangling.json'))
    write(c.path('target.json'), b'kept\n')
    os.symlink('target.json', c.path('link.json'))
    for name in ('dangling.json', 'link.json'):
        # a missing export too: refused before any input is read
        r = c.run('--export', 'general', '--export', 'missing', '-o', name)
        c.expect(r, 1, '%s: error: is a symbolic link; not overwritten (use --force to replace '
                 'the link, not what it points to)\n' % name)
    r = c.run('--export', 'general', '--force', '--format', 'json', '-o', 'link.json')
    c.expect(r, 0, '')
    c.check(open(c.path('target.json'), 'rb').read() == b'kept\n',
            'the forced draft went through the link')
    c.check(not os.path.islink(c.path('link.json')), 'the link was not replaced')


@case
def output_name_at_name_max(c):
    write(c.path('general/2026-06-03.json'), day('sev2 INC-1 payments down'))
    os.makedirs(c.path('out'))
    # 255 bytes: the temporary name must be cut, at a UTF-8 boundary too
    names = ('d' * 250 + '.json', '\u00e9' * 125 + '.json', 'x' * 255)
    for name in names:
        r = c.run('--export', 'general', '--format', 'json', '-o', 'out/' + name)
        c.expect(r, 0, '')
        c.check(os.path.isfile(c.path('out/' + name)), 'no draft named %d bytes'
                % len(name.encode()))
    c.no_leftovers(c.path('out'), names)


# ---- interruption ----

def interrupt_leaves_nothing(c, sig):
    """Sends sig while the temporary file exists; nothing may be left."""
    # big enough that writing takes a while; stop it while the temporary exists
    if not os.path.exists(c.path('general/2026-06-03.json')):
        msgs = ['sev1 INC-%d payments down <https://example.com/%d|dash> *mitigated* by rollback'
                % (i, i) for i in range(60000)]
        write(c.path('general/2026-06-03.json'), day(*msgs))
        os.makedirs(c.path('out'))
    for attempt in range(5):
        p = subprocess.Popen([PMDRAFT, '--export', 'general', '--format', 'json', '--all',
                              '-o', 'out/draft.json'], cwd=c.tmp, stderr=subprocess.PIPE,
                             env=dict(os.environ, TZ='UTC'))
        seen = False
        while p.poll() is None and not seen:
            seen = any(n.startswith('.draft.json.') for n in os.listdir(c.path('out')))
            if seen:
                p.send_signal(sig)
            else:
                time.sleep(0.001)
        p.communicate(timeout=SLOW)
        if seen and p.returncode != 0:	# 0: it finished before the signal came
            c.check(p.returncode == -sig, 'exit status %d after %s'
                    % (p.returncode, signal.Signals(sig).name))
            c.no_leftovers(c.path('out'))
            for n in os.listdir(c.path('out')):
                os.remove(c.path('out/' + n))
            return
        for n in os.listdir(c.path('out')):
            os.remove(c.path('out/' + n))
    c.failures.append('never caught the temporary file with %s: the write was too quick '
                      'to interrupt' % signal.Signals(sig).name)


@case
def sigint_leaves_nothing(c):
    interrupt_leaves_nothing(c, signal.SIGINT)


@case
def other_signals_leave_nothing(c):
    # each signal whose default action ends the process, not only INT/TERM/HUP
    for sig in (signal.SIGQUIT, signal.SIGXFSZ,
                signal.SIGUSR1, signal.SIGUSR2, signal.SIGPIPE):
        interrupt_leaves_nothing(c, sig)


@case
def draft_mode_follows_umask(c):
    write(c.path('general/2026-06-03.json'), day('sev2 INC-1 payments down'))
    for mask, mode in ((0o077, 0o600), (0o022, 0o644), (0o002, 0o664), (0o027, 0o640)):
        out = c.path('draft-%o.json' % mask)
        p = subprocess.run([PMDRAFT, '--export', 'general', '-o', out], cwd=c.tmp,
                           env=dict(os.environ, TZ='UTC'), capture_output=True,
                           preexec_fn=lambda m=mask: os.umask(m))
        c.check(p.returncode == 0, 'umask %03o: exit %d: %s'
                % (mask, p.returncode, p.stderr.decode()[:200]))
        if p.returncode == 0:
            got = os.stat(out).st_mode & 0o777
            c.check(got == mode, 'umask %03o: draft is %03o, expected %03o' % (mask, got, mode))


def main():
    passed = failed = 0
    only = sys.argv[2:]
    for fn in CASES:
        if only and fn.__name__ not in only:
            continue
        with tempfile.TemporaryDirectory(prefix='pmdraft-hostile.') as tmp:
            c = Case(tmp)
            start = time.monotonic()
            try:
                fn(c)
            except subprocess.TimeoutExpired as e:
                c.failures.append('hung: no exit after %s s' % e.timeout)
            except Exception as e:
                c.failures.append('%s: %s' % (type(e).__name__, e))
            took = time.monotonic() - start
        if c.failures:
            failed += 1
            print('FAIL %s (%.1f s)' % (fn.__name__, took))
            for f in c.failures:
                print('  ' + f.replace('\n', '\n  '))
        else:
            passed += 1
            print('ok   %s (%.1f s)' % (fn.__name__, took))
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
