#!/usr/bin/env python3
"""check_options.py: every long option `pmdraft --help` lists is in the man page."""
import os
import re
import subprocess
import sys

pmdraft, manpage = (os.path.abspath(a) for a in sys.argv[1:3])
help_text = subprocess.run([pmdraft, '--help'], capture_output=True, text=True, check=True).stdout
options = sorted(set(re.findall(r'(--[a-z][a-z-]*)', help_text)))
with open(manpage, encoding='utf-8') as f:
    man = f.read()
missing = [o for o in options if ('*' + o) not in man]
print('%d options in --help, %d missing from %s' % (len(options), len(missing), manpage))
for o in missing:
    print('missing:', o)
sys.exit(1 if missing or not options else 0)
