#!/usr/bin/env python3
"""check_threads.py: the draft does not depend on how many threads made it.

usage: check_threads.py PMDRAFT SRCDIR

pmdraft parses files ahead on a second thread and runs per-message rules on
every core (PMDRAFT_THREADS caps them). For each fixture, every output format
and --explain, and a folder with broken day files among good ones, the
output and the diagnostics must be byte-identical with 1, 2 and 5 threads.
"""
import os
import shutil
import subprocess
import sys
import tempfile

failures = []


def run(pmdraft, args, threads):
    env = dict(os.environ, PMDRAFT_THREADS=str(threads), TZ="UTC")
    p = subprocess.run([pmdraft, "--quiet"] + args, env=env, capture_output=True)
    return p.returncode, p.stdout, p.stderr


def compare(pmdraft, name, args):
    first = run(pmdraft, args, 1)
    for threads in (2, 5):
        got = run(pmdraft, args, threads)
        if got != first:
            failures.append(f"{name}: {threads} threads differ from 1")
            print("FAIL", name, "threads", threads)
    print("ok  ", name, "status", first[0], len(first[1]), "bytes")


def broken_folder(src, tmp):
    """A channel folder of good day files with two broken ones between."""
    day = os.path.join(tmp, "broken")
    shutil.copytree(os.path.join(src, "fixtures", "inc-2417", "slack"), day)
    channel = sorted(d for d in os.listdir(day) if os.path.isdir(os.path.join(day, d)))[0]
    folder = os.path.join(day, channel)
    with open(os.path.join(folder, "2026-06-03.json"), "w") as f:
        f.write('[{"ts": "1780000000.000100", "text": "cut')
    with open(os.path.join(folder, "2026-06-05.json"), "w") as f:
        f.write('[{"ts": 12, "text": "bad ts"}, {"ts": "1780000000.000300", "text": "ok \\u0000"}]')
    return day


def main():
    pmdraft, src = sys.argv[1], sys.argv[2]
    fx = os.path.join(src, "fixtures")
    cases = [
        ("inc-2417", ["--export", os.path.join(fx, "inc-2417", "slack"),
                      "--notes", os.path.join(fx, "inc-2417", "notes.csv")]),
        ("checkout-api-5xx", ["--export", os.path.join(fx, "labeled", "checkout-api-5xx", "slack")]),
        ("prod-euc1-disk-dns", ["--export", os.path.join(fx, "labeled", "prod-euc1-disk-dns", "slack"),
                                "--notes", os.path.join(fx, "labeled", "prod-euc1-disk-dns", "notes.csv")]),
        ("teams inc-3107", ["--export", os.path.join(fx, "teams", "inc-3107")]),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        cases.append(("broken day files", ["--export", broken_folder(src, tmp)]))
        for name, args in cases:
            for fmt in ("json", "html", "md"):
                compare(pmdraft, f"{name} {fmt}", args + ["--all", "--format", fmt])
            compare(pmdraft, f"{name} explain", args + ["--format", "json", "--explain"])
    print(f"{len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
