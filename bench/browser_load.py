#!/usr/bin/env python3
"""browser_load.py: does a draft with N key moments (default 250 000) still
open in Chromium, and how long does it take?

usage: browser_load.py [N] [--pmdraft BUILD/pmdraft] [--inputs DIR]
                       [--chromium /usr/bin/chromium]

Generates (under --inputs, default /tmp/pmdraft-bench/browser-N, reused when
present, never committed) a Slack channel export with N key moments among
about N / 0.97 messages: explicit [detect]/[escalate]/[mitigate]/[resolve] tags with
varied text, 1 in 50 plain chatter and a thread every 100 messages (a chatter
parent with key replies, so a phase filter has context items to keep).
It checks with --format json that the timeline really holds that many key
moments, times `pmdraft -o draft.html`, then opens the draft in headless
Chromium through playwright-core (bench/browser_load.mjs) and prints load,
script-ready and filter-click times, JS heap and the renderer's peak RSS.
Times are of one run on a possibly shared machine: read them as magnitudes."""
import argparse
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import time

from bench import timed  # (seconds, peak RSS in KB) of one run

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
# Bump when the generated export changes, so a stale one is not reused.
GEN_VERSION = 2
PER_DAY = 5000
START = 1780444800  # 2026-06-03T00:00:00Z, seconds
PHASES = ["detect"] * 2 + ["escalate"] * 3 + ["mitigate"] * 4 + ["resolve"]
SERVICES = ["checkout-api", "orders-db", "invoice-dispatch", "search", "auth-gw",
            "payments-edge", "ledger", "notifier", "cdn-eu", "kafka-billing"]
REGIONS = ["eu-west-1", "eu-central-1", "us-east-1", "ap-south-1"]
USERS = [("U0LOAD%02d" % i, name) for i, name in enumerate(
    ["Mika Tanaka", "Rosa Okafor", "Jonas Lindqvist", "Priya Raman", "Sanne de Wit",
     "Tom\u00e1s Ferreira", "Lena Vogel", "Pieter Hendriks", "Ana Souza", "Kenji Mori",
     "Fatima Zahra", "Ola Nordmann"], 1)]
TEMPLATES = {
    "detect": ["{svc} p99 at {ms} ms in {region}, error rate {pct}%",
               "alert on {svc}: {n} failed requests in the last {min} minutes",
               "customers in {region} report timeouts on {svc}",
               "{svc} pods restarting, {n} OOM kills since {hh}:{mm}"],
    "escalate": ["paging the {svc} on-call, {who} takes IC",
                 "declaring SEV-{sev} for {svc}, opening the bridge",
                 "looping in {who} for the {region} side",
                 "{who} is incident commander; comms every {min} minutes"],
    "mitigate": ["rolling back {svc} to build {build} in {region}",
                 "scaled {svc} from {n} to {n2} replicas",
                 "failing {svc} traffic over to {region2}",
                 "disabled the {flag} flag on {svc}, watching the graphs",
                 "drained node ip-10-{a}-{b}-{c} and restarted {svc}"],
    "resolve": ["{svc} error rate back to baseline ({pct}%) for {min} minutes",
                "all clear on {svc}, closing the bridge",
                "{svc} recovered in {region}, monitoring for an hour"],
}
CHATTER = ["coffee anyone?", "brb", "thanks {who}", "lunch in ten",
           "who has the link to the rota doc", "nice weekend everyone"]


def fill(tmpl, rng):
    return tmpl.format(
        svc=rng.choice(SERVICES), region=rng.choice(REGIONS), region2=rng.choice(REGIONS),
        ms=rng.randint(300, 9000), pct=rng.randint(1, 60), n=rng.randint(2, 900),
        n2=rng.randint(900, 2000), min=rng.randint(2, 45), hh="%02d" % rng.randint(0, 23),
        mm="%02d" % rng.randint(0, 59), sev=rng.randint(1, 3), who=rng.choice(USERS)[1],
        build="%07x" % rng.getrandbits(28), flag=rng.choice(["new-pricing", "batch-v2", "fast-path"]),
        a=rng.randint(0, 255), b=rng.randint(0, 255), c=rng.randint(0, 255))


def messages(n):
    """The export's messages in time order, (day index, message dict), until
    N of them carry a phase tag."""
    rng = random.Random(9)
    step = 86400 / PER_DAY
    parent = None
    keys = 0
    for i in itertools.count():
        if keys == n:
            return
        sec = START + i * step
        ts = "%d.%06d" % (int(sec), i % 1000000)
        user, who = USERS[i % len(USERS)]
        m = {"type": "message", "user": user, "ts": ts,
             "user_profile": {"real_name": who, "display_name": who.split()[0]}}
        if i % 100 == 0:                    # a chatter thread root, its replies follow
            m["text"] = fill(rng.choice(CHATTER), rng)
            m.update(thread_ts=ts, reply_count=2, reply_users_count=1)
            parent = (ts, user)
        else:
            if i % 100 in (1, 2) and parent:
                m.update(thread_ts=parent[0], parent_user_id=parent[1])
            if i % 50 == 25:
                m["text"] = fill(rng.choice(CHATTER), rng)
            else:
                phase = PHASES[i % len(PHASES)]
                m["text"] = "[%s] %s" % (phase, fill(rng.choice(TEMPLATES[phase]), rng))
                keys += 1
        yield int(i * step) // 86400, m


def generate(n, root):
    """A channel folder of day files with users.json beside it: (folder, messages)."""
    channel = os.path.join(root, "inc-9000-load")
    stamp = os.path.join(root, "generated")
    if os.path.exists(stamp):
        with open(stamp) as f:
            made = f.read().split()
        if made[:2] == [str(GEN_VERSION), str(n)]:
            return channel, int(made[2])
    os.makedirs(channel, exist_ok=True)
    with open(os.path.join(root, "users.json"), "w", encoding="utf-8") as f:
        json.dump([{"id": u, "name": who.lower().replace(" ", "."), "real_name": who,
                    "profile": {"real_name": who, "display_name": who.split()[0]}}
                   for u, who in USERS], f, indent=1)
    with open(os.path.join(root, "channels.json"), "w", encoding="utf-8") as f:
        json.dump([{"id": "C0LOAD", "name": "inc-9000-load", "created": START,
                    "topic": {"value": "INC-9000: load test of the draft", "creator": "", "last_set": 0}}], f)
    day, batch, count = None, [], 0

    def flush():
        if batch:
            name = time.strftime("%Y-%m-%d.json", time.gmtime(START + day * 86400))
            with open(os.path.join(channel, name), "w", encoding="utf-8") as f:
                json.dump(batch, f, indent=1)
    for d, m in messages(n):
        if d != day:
            flush()
            day, batch = d, []
        batch.append(m)
        count += 1
    flush()
    with open(stamp, "w") as f:
        f.write("%d %d %d\n" % (GEN_VERSION, n, count))
    return channel, count


def count_timeline(pmdraft, export, out):
    """Key moments per phase in the JSON draft (the HTML shows the same entries)."""
    secs, _ = timed([pmdraft, "--export", export, "--format", "json", "-o", out, "--force", "--quiet"])
    with open(out, encoding="utf-8") as f:
        timeline = json.load(f)["timeline"]
    per = {}
    for e in timeline:
        per[e.get("phase")] = per.get(e.get("phase"), 0) + 1
    return len(timeline), per, secs


def browse(html, chromium):
    """Runs browser_load.mjs on the draft; its JSON result."""
    cmd = ["node", os.path.join(HERE, "browser_load.mjs"), html]
    env = dict(os.environ, CHROMIUM=chromium, PMDRAFT_SRC=SRC)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, env=env, text=True)
    if p.returncode:
        sys.exit("browser_load: %s failed (%d)" % (" ".join(cmd), p.returncode))
    return json.loads(p.stdout)


def run(n, pmdraft, inputs, chromium):
    """The whole measurement for N messages; prints it and returns the figures."""
    root = os.path.join(inputs, "browser-%d" % n)
    print("input: %s %d --inputs %s (generating if absent)" % (os.path.relpath(__file__), n, inputs), flush=True)
    t = time.monotonic()
    export, count = generate(n, root)
    print("  export %s: %d messages, ready in %.1f s" % (export, count, time.monotonic() - t), flush=True)
    total, per, json_secs = count_timeline(pmdraft, export, os.path.join(root, "draft.json"))
    print("  JSON timeline: %d key moments (%s); json written in %.2f s"
          % (total, ", ".join("%s %d" % kv for kv in sorted(per.items(), key=str)), json_secs))
    if total != n:
        sys.exit("browser_load: the timeline has %d key moments, not %d" % (total, n))
    html = os.path.join(root, "draft.html")
    cmd = [pmdraft, "--export", export, "-o", html, "--force", "--quiet"]
    print("  " + " ".join(cmd), flush=True)
    secs, kb = timed(cmd)
    rss = kb / 1024
    size = os.path.getsize(html)
    print("  pmdraft html: %.2f s, peak RSS %.0f MB, draft %.1f MB" % (secs, rss, size / 1e6), flush=True)
    r = browse(html, chromium)
    r.update(messages=count, key_moments=total, write_s=secs, write_rss_mb=rss, html_mb=size / 1e6)
    report(r)
    return r


def report(r):
    print("\nChromium on a draft of %d key moments (%d messages, %.1f MB HTML; pmdraft wrote it in %.2f s)"
          % (r["key_moments"], r["messages"], r["html_mb"], r["write_s"]))
    if r.get("crashed"):
        print("  the tab CRASHED: %s" % r["crashed"])
    rows = [
        ("first contentful paint", r.get("fcp_ms")),
        ("parsed, script run", r.get("script_ready_ms")),
        ("DOMContentLoaded end", r.get("dcl_ms")),
        ("load event end", r.get("load_ms")),
        ("goto(load) wall clock", r.get("goto_wall_ms")),
        ("first frame after load (wall)", r.get("frame_wall_ms")),
    ]
    print("  %-34s %10s" % ("since navigation start", "ms"))
    for name, v in rows:
        print("  %-34s %10s" % (name, "-" if v is None else "%.0f" % v))
    print("  %-34s %10s %10s %10s %10s" % ("interaction", "handler", "+layout", "+frame", "wall"))
    for a in r.get("actions", []):
        print("  %-34s %10.0f %10.0f %10.0f %10s" % (a["name"], a["handler_ms"], a["layout_ms"], a["frame_ms"],
                                                   "-" if a.get("wall_ms") is None else "%.0f" % a["wall_ms"]))
    m = r.get("metrics", {})
    print("  JS heap used %.0f MB, %d DOM nodes, renderer peak RSS %s MB, style recalc %.1f s, layout %.1f s"
          % (m.get("JSHeapUsedSize", 0) / 2**20, m.get("Nodes", 0),
             "%.0f" % r["renderer_peak_rss_mb"] if r.get("renderer_peak_rss_mb") else "?",
             m.get("RecalcStyleDuration", 0), m.get("LayoutDuration", 0)))
    for p in r.get("problems", []):
        print("  problem: " + p)
    print(flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=250000, help="key moments (default 250000)")
    ap.add_argument("--pmdraft", default=os.path.join(SRC, "build", "pmdraft"))
    ap.add_argument("--inputs", default=os.path.join(tempfile.gettempdir(), "pmdraft-bench"))
    ap.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    args = ap.parse_args()
    r = run(args.n, os.path.abspath(args.pmdraft), args.inputs, args.chromium)
    sys.exit(1 if r.get("crashed") or r.get("problems") else 0)


if __name__ == "__main__":
    main()
