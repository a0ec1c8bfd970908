#!/usr/bin/env python3
"""Score pmdraft's JSON draft against hand-labelled incidents.

A case is a folder holding
  case.json  {"export": [paths...], "notes": path | null, "tz": "Area/City"}
             (paths relative to the case folder)
  gold.json  {"incident": {...}, "messages": {id: phase | null}, "actions": [...]}
             (same structure as fixtures/inc-2417/gold.json)

For each case the script runs
  PMDRAFT --export P... [--notes N] --tz TZ --format json --all -o -
and computes:
  key moments   precision / recall / F1 of "has a phase" over every labelled id
                (Slack ts and notes:N rows; an id folded into another entry's
                `merged` list takes that entry's phase)
  phase acc     predicted phase == gold phase, over the gold key moments
  macro-F1      mean F1 of the four phases (one-vs-rest over labelled ids)
  actions       F1; a predicted action matches a gold action with the same
                source_id, else one whose normalised text has Dice token
                overlap >= 0.5 (one-to-one, greedy)
  owner / due / status accuracy over matched actions
  incident      id, severity, start, detected, end, services (as a set):
                number of exactly correct fields out of 6

Totals pool the counts of all cases (micro averages). Usage:
  tests/score.py [--pmdraft build/pmdraft] [--verbose] [--check F1,PHASE,ACTION_F1,OWNER,DUE] [CASE...]
With no CASE: fixtures/inc-2417 and every fixtures/labeled/*/ and fixtures/teams/*/
with a case.json.
--check exits 1 when a total is below its threshold (meson test).
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys

PHASES = ("detect", "escalate", "mitigate", "resolve")
FIELDS = ("id", "severity", "start", "detected", "end", "services")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def tokens(text):
    text = (text or "").lower()
    text = re.sub(r"@[\w.'-]+(?: [\w'-]+)?", " ", text)  # mentions say who, not what
    return set(re.findall(r"[\w]+", text)) - {
        "a", "an", "the", "to", "of", "and", "or", "for", "in", "on", "so", "by",
        "due", "i", "ll", "it", "is", "be", "we", "can", "you", "own", "take"}


def similarity(a, b):
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    return 2.0 * len(ta & tb) / (len(ta) + len(tb))


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def run_pmdraft(pmdraft, case_dir, spec):
    cmd = [pmdraft]
    for e in spec.get("export") or []:
        cmd += ["--export", os.path.join(case_dir, e)]
    if spec.get("notes"):
        cmd += ["--notes", os.path.join(case_dir, spec["notes"])]
    cmd += ["--tz", spec.get("tz") or "UTC", "--format", "json", "--all", "-o", "-"]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.stderr.write(res.stderr)
        raise SystemExit("score.py: %s failed (exit %d): %s" % (pmdraft, res.returncode, " ".join(cmd)))
    return json.loads(res.stdout), cmd


class Counts:
    """Raw counts, so cases can be pooled."""

    def __init__(self):
        self.key = [0, 0, 0]          # tp fp fn
        self.phase = [0, 0]           # correct, gold key moments
        self.per_phase = {p: [0, 0, 0] for p in PHASES}
        self.act = [0, 0, 0]          # tp fp fn
        self.owner = [0, 0]
        self.due = [0, 0]
        self.status = [0, 0]
        self.fields = [0, 0]

    def add(self, o):
        for name in ("key", "phase", "act", "owner", "due", "status", "fields"):
            mine, theirs = getattr(self, name), getattr(o, name)
            for i in range(len(mine)):
                mine[i] += theirs[i]
        for p in PHASES:
            for i in range(3):
                self.per_phase[p][i] += o.per_phase[p][i]

    def summary(self):
        kp, kr, kf = prf(*self.key)
        macro = sum(prf(*self.per_phase[p])[2] for p in PHASES) / len(PHASES)
        af = prf(*self.act)[2]

        def acc(c):
            return c[0] / c[1] if c[1] else None
        return {"key_p": kp, "key_r": kr, "key_f1": kf,
                "phase_acc": acc(self.phase), "macro_f1": macro, "action_f1": af,
                "owner": acc(self.owner), "due": acc(self.due), "status": acc(self.status),
                "fields": "%d/%d" % tuple(self.fields)}


def score_case(case_dir, pmdraft, verbose):
    with open(os.path.join(case_dir, "case.json"), encoding="utf-8") as f:
        spec = json.load(f)
    with open(os.path.join(case_dir, "gold.json"), encoding="utf-8") as f:
        gold = json.load(f)
    draft, cmd = run_pmdraft(pmdraft, case_dir, spec)
    c = Counts()
    notes = []

    pred = {}
    for e in draft.get("timeline", []):
        pred[e["id"]] = e.get("phase")
        for mid in e.get("merged") or []:
            pred.setdefault(mid, e.get("phase"))
    text = {e["id"]: e.get("text", "") for e in draft.get("timeline", [])}

    for mid, g in gold["messages"].items():
        if mid not in pred:
            notes.append("missing from the draft: %s" % mid)
        p = pred.get(mid)
        if g and p:
            c.key[0] += 1
        elif p and not g:
            c.key[1] += 1
        elif g and not p:
            c.key[2] += 1
        if g:
            c.phase[1] += 1
            c.phase[0] += p == g
        for ph in PHASES:
            if g == ph and p == ph:
                c.per_phase[ph][0] += 1
            elif p == ph:
                c.per_phase[ph][1] += 1
            elif g == ph:
                c.per_phase[ph][2] += 1
        if g != p:
            notes.append("phase %-18s gold=%-8s pred=%-8s %s" % (
                mid, g, p, text.get(mid, "").replace("\n", " / ")[:110]))

    # actions: same source id first, then text similarity
    gacts, pacts = gold.get("actions", []), draft.get("actions", [])
    used, pairs = set(), []
    for gi, ga in enumerate(gacts):
        for pi, pa in enumerate(pacts):
            if pi not in used and pa.get("source_id") == ga.get("source_id"):
                used.add(pi)
                pairs.append((gi, pi))
                break
    matched_g = {gi for gi, _ in pairs}
    for gi, ga in enumerate(gacts):
        if gi in matched_g:
            continue
        best, best_s = None, 0.5
        for pi, pa in enumerate(pacts):
            s = similarity(ga["text"], pa.get("text"))
            if pi not in used and s >= best_s:
                best, best_s = pi, s
        if best is not None:
            used.add(best)
            pairs.append((gi, best))
            matched_g.add(gi)
    c.act = [len(pairs), len(pacts) - len(pairs), len(gacts) - len(pairs)]
    for gi, pi in pairs:
        ga, pa = gacts[gi], pacts[pi]
        for name, key in (("owner", "owner"), ("due", "due"), ("status", "status")):
            cnt = getattr(c, name)
            cnt[1] += 1
            ok = (pa.get(key) or None) == (ga.get(key) or None)
            cnt[0] += ok
            if not ok:
                notes.append("action %-5s %s: gold=%s pred=%s" % (name, ga.get("source_id"), ga.get(key), pa.get(key)))
    for gi, ga in enumerate(gacts):
        if gi not in matched_g:
            notes.append("action missed   %s %s" % (ga.get("source_id"), ga["text"][:80]))
    for pi, pa in enumerate(pacts):
        if pi not in used:
            notes.append("action extra    %s %s" % (pa.get("source_id"), (pa.get("text") or "")[:80]))

    ginc, pinc = gold.get("incident", {}), draft.get("incident", {})
    for fld in FIELDS:
        gv, pv = ginc.get(fld), pinc.get(fld)
        if fld == "services":
            ok = sorted(s.lower() for s in gv or []) == sorted(s.lower() for s in pv or [])
        else:
            ok = gv == pv
        c.fields[1] += 1
        c.fields[0] += ok
        if not ok:
            notes.append("incident %-9s gold=%s pred=%s" % (fld, gv, pv))
    if verbose:
        print("## %s\n$ %s" % (case_dir, " ".join(cmd)))
        for n in notes:
            print("  " + n)
    return c


def fmt(v):
    if v is None:
        return "  n/a"
    if isinstance(v, str):
        return "%5s" % v
    return "%5.3f" % v


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cases", nargs="*")
    ap.add_argument("--pmdraft", default=os.path.join(ROOT, "build", "pmdraft"))
    ap.add_argument("--check", metavar="F1,PHASE,ACTION_F1,OWNER,DUE")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    args = ap.parse_args()
    cases = args.cases or [os.path.join(ROOT, "fixtures", "inc-2417")] + sorted(
        os.path.dirname(p) for pattern in ("labeled", "teams")
        for p in glob.glob(os.path.join(ROOT, "fixtures", pattern, "*", "case.json")))
    cols = ("key_p", "key_r", "key_f1", "phase_acc", "macro_f1", "action_f1", "owner", "due", "status", "fields")
    heads = ("keyP", "keyR", "keyF1", "phAcc", "macF1", "actF1", "owner", "due", "stat", "incid")
    total = Counts()
    rows = []
    for case in cases:
        c = score_case(case, args.pmdraft, args.verbose)
        total.add(c)
        rows.append((os.path.relpath(case, ROOT) if case.startswith(ROOT) else case, c.summary()))
    rows.append(("TOTAL", total.summary()))
    width = max(len(r[0]) for r in rows)
    print("%-*s  %s" % (width, "case", "  ".join("%5s" % h for h in heads)))
    for name, s in rows:
        print("%-*s  %s" % (width, name, "  ".join(fmt(s[k]) for k in cols)))
    if args.check:
        try:
            mins = [float(x) for x in args.check.split(",")]
            assert len(mins) == 5
        except (ValueError, AssertionError):
            ap.error("--check takes five numbers: F1,PHASE_ACC,ACTION_F1,OWNER,DUE")
        s = total.summary()
        failed = []
        for key, m in zip(("key_f1", "phase_acc", "action_f1", "owner", "due"), mins):
            v = s[key]
            if v is not None and v < m:
                failed.append("%s %.3f < %.3f" % (key, v, m))
        if failed:
            print("FAIL: " + "; ".join(failed))
            return 1
        print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
