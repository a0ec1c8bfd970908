#!/usr/bin/env python3
"""check_cli.py PMDRAFT SRC: the command line at a terminal (run under a
pseudo-terminal): the one-line success summary and --quiet, no HTML poured
into a terminal, and the format/extension warning."""
import os
import pty
import subprocess
import sys
import tempfile

pmdraft, src = (os.path.abspath(a) for a in sys.argv[1:3])
INC = ['--export', os.path.join(src, 'fixtures/inc-2417/slack/inc-2417-duplicate-invoices'),
       '--notes', os.path.join(src, 'fixtures/inc-2417/notes.csv'), '--tz', 'Europe/Amsterdam']
failures = []


def run_tty(args, cwd):
    """Runs pmdraft with stdout and stderr on a pseudo-terminal: (status, text)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([pmdraft] + args, cwd=cwd, stdin=subprocess.DEVNULL,
                         stdout=slave, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:	# EIO: the other side closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return p.wait(), b''.join(chunks).decode('utf-8', 'replace').replace('\r\n', '\n')


def expect(name, cond, detail):
    print('%s: %s' % ('ok' if cond else 'FAILED', name))
    if not cond:
        print(detail)
        failures.append(name)


with tempfile.TemporaryDirectory() as tmp:
    status, text = run_tty(INC + ['-o', 'a.md'], tmp)
    expect('summary line', status == 0 and text.startswith(
        'wrote a.md: INC-2417 SEV-2, ') and ' key moments, ' in text and
        text.count('\n') == 1, text)
    status, text = run_tty(INC + ['-o', 'b.md', '--quiet'], tmp)
    expect('--quiet silences it', status == 0 and text == '', text)
    status, text = run_tty(INC, tmp)
    expect('no HTML into a terminal', status == 0 and '<html' not in text.lower() and
           os.path.exists(os.path.join(tmp, 'INC-2417-postmortem.html')) and
           'writing INC-2417-postmortem.html' in text, text[:2000])
    status, text = run_tty(INC, tmp)
    expect('the default file is not overwritten', status == 1 and 'exists' in text, text)
    p = subprocess.run([pmdraft] + INC + ['--format', 'md', '-o', 'c.html'], cwd=tmp,
                       capture_output=True, text=True)
    expect('format/extension mismatch warns', p.returncode == 0 and
           p.stderr == 'c.html: warning: writing --format md to a file named like html\n',
           p.stderr)
    p = subprocess.run([pmdraft] + INC + ['-o', '-'], cwd=tmp, capture_output=True, text=True)
    expect('not a terminal: standard output, no summary', p.returncode == 0 and
           p.stdout.lower().startswith('<!doctype html>') and p.stderr == '', p.stderr)
sys.exit(1 if failures else 0)
