#!/usr/bin/env python3
"""bench.py: pmdraft against what users would run instead, in one interleaved
run. For each input: pmdraft (json --all, html --all, json of key moments
only), the bare C baseline, jq, a
Python json + re script and cat, timed with /usr/bin/time in rounds
A B C ... A B C; prints medians and the medians of the per-round ratios
(only ratios from the same run count on a shared machine).

usage: bench.py --pmdraft BUILD/pmdraft --baseline BUILD/bench/baseline
                [--sizes 10000,100000] [--teams 100000] [--rounds 5]
                [--inputs DIR] [--skip python,jq,...]
With several Slack sizes it also prints how time and peak RSS grow from
one size to the next (linear: 10x the messages, at most 11x).
Inputs are generated with ../shared/bench generators under --inputs
(default /tmp/pmdraft-bench), reused when present, never committed."""
import argparse
import glob
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
GEN = os.environ.get("PMDRAFT_BENCH_GEN",
                     os.path.join(os.path.dirname(SRC), "shared", "bench"))
if not os.path.isdir(GEN):
    GEN = "/work/shared/bench"


def generate(kind, n, root):
    out = os.path.join(root, f"{kind}-{n}")
    gen = os.path.join(GEN, f"gen-{kind}-export")
    cmd = [gen, "--messages", str(n), "--days", str(max(1, n // 1000)), "--seed", "1", out]
    print("input:", " ".join(cmd), flush=True)
    if not os.path.isdir(out):
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    if kind == "slack":
        return out, sorted(glob.glob(os.path.join(out, "incidents", "*.json")))
    return out, sorted(glob.glob(os.path.join(out, "page-*.json")))


def timed(cmd):
    """(seconds, peak RSS in KB) of one run, through /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        p = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", t.name] + cmd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if p.returncode:
            sys.exit(f"bench: failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
        secs, kb = t.read().split()[-2:]
        return float(secs), int(kb)


def commands(args, kind, root, files, patterns):
    export = os.path.join(root, "incidents") if kind == "slack" else root
    teams = ["-t"] if kind == "teams" else []
    jq = ".[].text" if kind == "slack" else ".value[].body.content"
    pm = [args.pmdraft, "--export", export, "--force", "--quiet", "-o", "/dev/null"]
    return [
        ("pmdraft json", pm + ["--all", "--format", "json"]),
        ("pmdraft html", pm + ["--all", "--format", "html"]),
        ("pmdraft key", pm + ["--format", "json"]),
        ("baseline C", [args.baseline] + teams + [patterns] + files),
        ("jq", ["jq", "-r", jq] + files),
        ("python", [sys.executable, os.path.join(HERE, "peer.py")] + teams + [patterns] + files),
        ("cat", ["cat"] + files),
    ]


def run_input(args, kind, n, patterns):
    root, files = generate(kind, n, args.inputs)
    size = sum(os.path.getsize(f) for f in files)
    cmds = [c for c in commands(args, kind, root, files, patterns)
            if c[0].split()[0] not in args.skip or c[0].startswith("pmdraft")]
    times = {name: [] for name, _ in cmds}
    rss = {name: 0 for name, _ in cmds}
    for name, cmd in cmds:
        print(f"  {name}: {' '.join(cmd[:6])}{' ...' if len(cmd) > 6 else ''}")
    subprocess.run(["cat"] + files, stdout=subprocess.DEVNULL, check=True)  # warm the page cache
    for r in range(args.rounds):
        for name, cmd in cmds:
            secs, kb = timed(cmd)
            times[name].append(max(secs, 0.005))
            rss[name] = max(rss[name], kb)
        print(f"  round {r + 1}/{args.rounds} done", flush=True)
    print(f"\n{kind} {n} messages, {len(files)} files, {size / 1e6:.1f} MB "
          f"({args.rounds} interleaved rounds, medians)")
    print(f"{'program':14} {'time s':>8} {'msgs/s':>10} {'MB/s':>8} {'peak RSS MB':>12}")
    for name, _ in cmds:
        t = statistics.median(times[name])
        print(f"{name:14} {t:8.2f} {n / t:10.0f} {size / 1e6 / t:8.1f} {rss[name] / 1024:12.1f}")
    print("ratios (median of per-round ratios):")
    for pm in ("pmdraft json", "pmdraft html"):
        parts = []
        for name, _ in cmds[3:]:
            ratio = statistics.median(a / b for a, b in zip(times[pm], times[name]))
            parts.append(f"/{name} {ratio:.2f}x")
        print(f"  {pm}: " + ", ".join(parts))
    print(f"  pmdraft peak RSS / input size: json --all {rss['pmdraft json'] * 1024 / size:.3f}, "
          f"html {rss['pmdraft html'] * 1024 / size:.3f}, json key moments only "
          f"{rss['pmdraft key'] * 1024 / size:.3f} ({rss['pmdraft key'] / 1024:.0f} MB)")
    print(flush=True)
    return {name: (statistics.median(times[name]), rss[name]) for name, _ in cmds}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pmdraft", required=True)
    ap.add_argument("--baseline", required=True)
    ap.add_argument("--sizes", default="10000,100000", help="Slack messages, comma separated")
    ap.add_argument("--teams", default="100000", help="Teams messages ('' for none)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--skip", default="", help="comparisons to leave out: baseline,jq,python,cat")
    ap.add_argument("--inputs", default=os.path.join(tempfile.gettempdir(), "pmdraft-bench"))
    args = ap.parse_args()
    args.skip = [x for x in args.skip.split(",") if x]
    os.makedirs(args.inputs, exist_ok=True)
    patterns = os.path.join(args.inputs, "patterns.txt")
    with open(patterns, "w", encoding="utf-8") as f:
        subprocess.run([sys.executable, os.path.join(HERE, "patterns.py"),
                        os.path.join(SRC, "rules", "default.rules")], stdout=f, check=True)
    sizes = [int(x) for x in args.sizes.split(",") if x]
    results = {n: run_input(args, "slack", n, patterns) for n in sizes}
    for a, b in zip(sizes, sizes[1:]):
        for pm in ("pmdraft json", "pmdraft html"):
            (ta, ra), (tb, rb) = results[a][pm], results[b][pm]
            print(f"growth {a} -> {b} messages ({b / a:.0f}x): {pm} time {tb / ta:.2f}x, "
                  f"peak RSS {rb / ra:.2f}x")
    for n in [int(x) for x in args.teams.split(",") if x]:
        run_input(args, "teams", n, patterns)


if __name__ == "__main__":
    main()
