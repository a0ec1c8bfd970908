#!/usr/bin/env python3
"""check_docs.py PMDRAFT SRC: the documentation's examples work as written.

1. Every example rule file in README.md and the man pages (a fenced block
   with a [section] line) passes `pmdraft --check-rules`.
2. The README's Usage commands run in order, right after what
   tools/setup.sh leaves behind (its draft command runs first), each exiting
   0, in a scratch folder where build/, fixtures/ and rules/ are the
   checkout's and the build's."""
import os
import re
import subprocess
import sys
import tempfile

pmdraft, src = (os.path.abspath(a) for a in sys.argv[1:3])
failures = []


def fenced(text):
    """(heading, block) for every ``` block, heading = the last '#' heading."""
    heading, block, out = '', None, []
    for line in text.split('\n'):
        if block is None and re.match(r'#+ ', line):
            heading = line.lstrip('#').strip()
        if line.startswith('```'):
            if block is None:
                block = []
            else:
                out.append((heading, '\n'.join(block) + '\n'))
                block = None
        elif block is not None:
            block.append(line)
    return out


def rule_examples():
    for name in ('README.md', 'man/pmdraft-rules.5.scd', 'man/pmdraft.1.scd'):
        with open(os.path.join(src, name), encoding='utf-8') as f:
            text = f.read()
        for i, (_, block) in enumerate(fenced(text)):
            if not re.search(r'^\[[a-z]+\]\s*$', block, re.M):
                continue
            if name.endswith('.scd'):
                block = block.replace('\\\\', '\\')	# scdoc escapes
            yield '%s block %d' % (name, i + 1), block


def check_rules(tmp):
    n = 0
    for where, block in rule_examples():
        path = os.path.join(tmp, 'example%d.rules' % n)
        n += 1
        with open(path, 'w', encoding='utf-8') as f:
            f.write(block)
        p = subprocess.run([pmdraft, '--check-rules', path], capture_output=True, text=True)
        print('%s: --check-rules: %s' % (where, (p.stdout + p.stderr).strip()))
        if p.returncode != 0:
            failures.append(where)
    if n < 2:
        failures.append('found %d example rule files, expected README and man' % n)


def commands(block):
    """Shell commands of a block, continuation lines joined, comments out."""
    out, cur = [], ''
    for line in block.split('\n'):
        line = re.sub(r'\s+# .*$', '', line) if not line.lstrip().startswith('#') else ''
        if line.rstrip().endswith('\\'):
            cur += line.rstrip()[:-1] + ' '
            continue
        cur += line
        if cur.strip():
            out.append(cur.strip())
        cur = ''
    return out


def check_readme(tmp):
    work = os.path.join(tmp, 'readme')
    os.makedirs(os.path.join(work, 'build'))
    os.symlink(pmdraft, os.path.join(work, 'build', 'pmdraft'))
    for d in ('fixtures', 'rules'):
        os.symlink(os.path.join(src, d), os.path.join(work, d))
    with open(os.path.join(src, 'tools', 'setup.sh'), encoding='utf-8') as f:
        setup = [c for c in commands(f.read()) if c.startswith('build/pmdraft')]
    with open(os.path.join(src, 'README.md'), encoding='utf-8') as f:
        usage = [c for h, b in fenced(f.read()) if h == 'Usage' for c in commands(b)]
    if not setup or not usage:
        failures.append('no setup draft command or no README Usage commands')
    for cmd in setup + usage:
        p = subprocess.run(['bash', '-o', 'pipefail', '-ec', cmd],
                           cwd=work, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        print('$ %s\n%s[exit %d]' % (cmd, p.stdout[-400:] + p.stderr[-800:], p.returncode))
        if p.returncode != 0:
            failures.append('README: ' + cmd)


with tempfile.TemporaryDirectory() as tmp:
    check_rules(tmp)
    check_readme(tmp)
for f in failures:
    print('FAILED:', f)
sys.exit(1 if failures else 0)
