#!/usr/bin/env python3
"""run.py: the node suites' launcher. Runs draft.test.mjs (the HTML draft in
Chromium) or, given as argument, markdown.test.mjs (the Markdown draft
through markdown-it and marked) under node when everything it needs is here; otherwise exits 77 (meson: skipped) with the
reason as the last line, so a machine without Node still builds and tests
the rest. A node older than the pinned playwright-core supports is a failure,
never a skip: that is the fresh-Debian breakage this guards against."""
import json, os, re, shutil, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77


def skip(why):
    print('node suite skipped: ' + why)
    sys.exit(SKIP)


def node_requirement():
    """The lowest node major the installed playwright-core declares."""
    with open(os.path.join(HERE, 'node_modules', 'playwright-core', 'package.json')) as f:
        pkg = json.load(f)
    want = pkg.get('engines', {}).get('node', '')
    m = re.match(r'\s*>=\s*(\d+)', want)
    return pkg['version'], want, int(m.group(1)) if m else 0


# what each suite needs beside node: npm packages, and whether Chromium
NEEDS = {'draft.test.mjs': (['playwright-core'], True),
         'markdown.test.mjs': (['markdown-it', 'marked'], False)}


def main():
    test = sys.argv[1] if len(sys.argv) > 1 else 'draft.test.mjs'
    packages, browser = NEEDS[test]
    node = shutil.which('node')
    if not node:
        skip('node not found (sh tools/test.sh as root installs nodejs and npm)')
    for p in packages:
        if not os.path.isdir(os.path.join(HERE, 'node_modules', p)):
            skip(p + ' not installed (cd tests/browser && npm ci)')
    chromium = os.environ.get('CHROMIUM', '/usr/bin/chromium')
    if browser and not os.access(chromium, os.X_OK):
        skip(chromium + ' not found (apt-get install chromium)')
    have = subprocess.run([node, '--version'], capture_output=True, text=True).stdout.strip()
    version, want, major = node_requirement()
    if int(re.match(r'v?(\d+)', have).group(1)) < major:
        print('browser suite: node %s is older than playwright-core %s needs (node %s)'
              % (have, version, want))
        sys.exit(1)
    os.execv(node, [node, '--test', os.path.join(HERE, test)])


main()
