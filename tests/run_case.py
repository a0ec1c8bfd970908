#!/usr/bin/env python3
"""run_case.py: run one golden case folder against pmdraft.

A case folder holds:
  args      one argument per line; @SRC@ is the source tree, @OUT@ a fresh
            output path in a temporary folder (absent before the run)
  status    expected exit status (default 0)
  stderr    expected diagnostics, exactly (default: none); @SRC@ as above
  expected.html / expected.json / expected.md
            the expected content of @OUT@ (or of standard output when the
            args have no @OUT@)
  existing  if present, @OUT@ is created first with this content, and must
            hold it unchanged afterwards unless the case expects output
PMDRAFT_UPDATE=1 rewrites stderr, status and expected.* from the actual run.
"""
import os
import subprocess
import sys
import tempfile


def read(path, default=None):
    if not os.path.exists(path):
        return default
    with open(path, 'rb') as f:
        return f.read()


def main():
    pmdraft, src, case = (os.path.abspath(a) for a in sys.argv[1:4])
    src = os.path.abspath(src)
    update = os.environ.get('PMDRAFT_UPDATE') == '1'
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'draft.out')
        existing = read(os.path.join(case, 'existing'))
        if existing is not None:
            with open(out, 'wb') as f:
                f.write(existing)
        args = [a.replace('@SRC@', src).replace('@OUT@', out)
                for a in read(os.path.join(case, 'args'), b'').decode().splitlines() if a]
        env = dict(os.environ, TZ='UTC')
        p = subprocess.run([pmdraft] + args, capture_output=True, cwd=src, env=env)
        stderr = p.stderr.replace(src.encode() + b'/', b'@SRC@/').replace(tmp.encode(), b'@TMP@')
        produced = read(out) if any('@OUT@' in a for a in read(os.path.join(case, 'args')).decode().splitlines()) else p.stdout
        expected_files = [n for n in os.listdir(case) if n.startswith('expected.')]
        if update:
            with open(os.path.join(case, 'status'), 'w') as f:
                f.write('%d\n' % p.returncode)
            if stderr:
                with open(os.path.join(case, 'stderr'), 'wb') as f:
                    f.write(stderr)
            elif os.path.exists(os.path.join(case, 'stderr')):
                os.remove(os.path.join(case, 'stderr'))
            for name in expected_files:
                with open(os.path.join(case, name), 'wb') as f:
                    f.write(produced or b'')
            print('updated', case)
            return 0
        failures = []
        want_status = int(read(os.path.join(case, 'status'), b'0').decode().strip() or 0)
        if p.returncode != want_status:
            failures.append('exit status %d, expected %d' % (p.returncode, want_status))
        want_err = read(os.path.join(case, 'stderr'), b'')
        if stderr != want_err:
            failures.append('stderr differs:\n--- expected\n%s--- got\n%s' % (
                want_err.decode(errors='replace'), stderr.decode(errors='replace')))
        for name in expected_files:
            want = read(os.path.join(case, name))
            if produced != want:
                failures.append('%s differs from the output (PMDRAFT_UPDATE=1 to accept)' % name)
                got_path = os.path.join(tempfile.gettempdir(), os.path.basename(case) + '.' + name + '.got')
                with open(got_path, 'wb') as f:
                    f.write(produced or b'')
                failures.append('  actual output saved to ' + got_path)
        if want_status != 0 and existing is None and os.path.exists(out):
            failures.append('an output file was left behind after a failure')
        if existing is not None and not expected_files and read(out) != existing:
            failures.append('the existing output file was changed')
        leftovers = [n for n in os.listdir(tmp) if n.startswith('.draft.out.')]
        if leftovers:
            failures.append('temporary files left behind: %s' % leftovers)
        for f in failures:
            print(f)
        return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
