#!/usr/bin/env python3
"""check_completions.py PMDRAFT SRC: every long option in --help is completed
by the bash, zsh and fish files, and the bash completion offers options,
--format values, --tz zones and files."""
import os
import re
import subprocess
import sys

pmdraft, src = (os.path.abspath(a) for a in sys.argv[1:3])
comp = os.path.join(src, 'completions')
help_text = subprocess.run([pmdraft, '--help'], capture_output=True, text=True, check=True).stdout
options = sorted(set(re.findall(r'(--[a-z][a-z-]*)', help_text)))
failures = []
for name, form in (('pmdraft.bash', '{}'), ('_pmdraft', '{}'), ('pmdraft.fish', '-l {}')):
    with open(os.path.join(comp, name), encoding='utf-8') as f:
        text = f.read()
    for o in options:
        word = form.format(o if name != 'pmdraft.fish' else o[2:])
        if not re.search(re.escape(word) + r'(?![a-z-])', text):
            failures.append('%s: %s not completed' % (name, o))


def bash_complete(line):
    words = line.split(' ')
    script = ('source %s; COMP_WORDS=(%s); COMP_CWORD=%d; _pmdraft; printf "%%s\\n" "${COMPREPLY[@]}"'
              % (os.path.join(comp, 'pmdraft.bash'), ' '.join("'%s'" % w for w in words), len(words) - 1))
    return subprocess.run(['bash', '-c', script], capture_output=True, text=True,
                          cwd=src).stdout.split()


for line, want in (('pmdraft --form', '--format'), ('pmdraft --format ', 'md'),
                   ('pmdraft --tz Europe/Amst', 'Europe/Amsterdam'),
                   ('pmdraft --notes fixtures/inc-2417/no', 'fixtures/inc-2417/notes.csv')):
    got = bash_complete(line)
    print('%r -> %s' % (line, ' '.join(got[:6])))
    if want not in got:
        failures.append('bash: %r does not offer %s' % (line, want))
print('%d options checked in 3 completion files' % len(options))
for f in failures:
    print('FAILED:', f)
sys.exit(1 if failures or not options else 0)
