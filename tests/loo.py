#!/usr/bin/env python3
"""Leave-one-incident-out accuracy: for every labelled case, learn the rule
weights from all the other cases (pmdraft --learn), draft the held-out case
with them, and score the draft against its labels. This is the figure that
says what a commander will see on an incident nobody tuned the rules for.

Cases: every folder with a gold.json under fixtures/ and, when it exists,
../shared/corpus/ beside the checkout (absent on a user's machine: then only
fixtures are used, and the run says so). gold.json is the corpus format:
{"case", "args": [pmdraft arguments relative to the folder], "phases":
{id: phase | null | "?"}, "incident": {...}, "actions": [...]}.

Metrics are those of ../shared/corpus/score.py: key-moment F1, phase accuracy
over gold key moments, macro-F1 over detect/escalate/mitigate/resolve/none,
action F1 with owner / due / status accuracy among matched actions, incident
fields (id, severity exact; start, detected, end within 120 s). Averages are
over cases (a failed case counts 0).

usage: loo.py [--pmdraft build/pmdraft] [--fit] [--case NAME] [--verbose]
              [--check KEY=MIN,...] [--json]
  --fit    score the built-in weights instead (training fit: not a figure
           to report, but what `pmdraft` does today on these cases)
  --check  exit 1 when an overall figure is below its floor, e.g.
           --check key_f1=0.80,phase_acc=0.70
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus")
PHASES = ["detect", "escalate", "mitigate", "resolve"]
KEYS = ["key_f1", "phase_acc", "macro_f1", "act_f1", "owner_acc", "due_acc", "status_acc",
        "incident_fields"]


def find_cases(only=None):
    cases = []
    roots = [os.path.join(ROOT, "fixtures")]
    if os.path.isdir(CORPUS):
        roots.append(CORPUS)
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            if "gold.json" in filenames:
                gold = json.load(open(os.path.join(dirpath, "gold.json"), encoding="utf-8"))
                if "args" in gold and "phases" in gold:
                    cases.append((gold.get("case") or os.path.basename(dirpath), dirpath))
    if only:
        cases = [c for c in cases if c[0] in only]
    return cases


def tokens(s):
    return set(t for t in re.findall(r"[a-z0-9]+", (s or "").lower()) if len(t) > 2)


def overlap(a, b):
    a, b = tokens(a), tokens(b)
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def same_person(gold, pred):
    if gold is None or pred is None:
        return gold is None and pred is None
    return all(t in pred.lower() for t in re.findall(r"\w+", gold.lower())[-1:])


def parse_time(s):
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")) if s else None
    except ValueError:
        return None


def f1(p, r):
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def score(gold, draft):
    pred = {}
    for ev in draft.get("timeline") or []:
        pred[str(ev.get("id"))] = ev.get("phase")
        for m in ev.get("merged") or []:
            pred.setdefault(str(m), ev.get("phase"))
    labels = {k: v for k, v in gold["phases"].items() if v != "?"}
    tp = sum(1 for k, v in labels.items() if v and pred.get(k))
    fp = sum(1 for k, v in labels.items() if not v and pred.get(k))
    fn = sum(1 for k, v in labels.items() if v and not pred.get(k))
    kp = tp / (tp + fp) if tp + fp else 0.0
    kr = tp / (tp + fn) if tp + fn else 0.0
    keyed = [k for k, v in labels.items() if v]
    acc = sum(1 for k in keyed if pred.get(k) == labels[k]) / len(keyed) if keyed else 0.0
    macro = []
    for c in PHASES + [None]:
        if not (any(v == c for v in labels.values()) or any(pred.get(k) == c for k in labels)):
            continue
        ctp = sum(1 for k, v in labels.items() if v == c and pred.get(k) == c)
        cfp = sum(1 for k, v in labels.items() if v != c and pred.get(k) == c)
        cfn = sum(1 for k, v in labels.items() if v == c and pred.get(k) != c)
        macro.append(f1(ctp / (ctp + cfp) if ctp + cfp else 0.0, ctp / (ctp + cfn) if ctp + cfn else 0.0))
    gacts, pacts = gold.get("actions", []), draft.get("actions") or []
    used, matched = set(), []
    for g in gacts:
        best, bi = 0.0, None
        for i, p in enumerate(pacts):
            if i in used:
                continue
            s = overlap(g["text"], p.get("text"))
            if g.get("source_id") and str(p.get("source_id")) == g["source_id"]:
                s = max(s, 0.5)
            if s > best:
                best, bi = s, i
        if bi is not None and best >= 0.3:
            used.add(bi)
            matched.append((g, pacts[bi]))
    ap = len(matched) / len(pacts) if pacts else 0.0
    ar = len(matched) / len(gacts) if gacts else 1.0
    n = len(matched) or 1
    gi, pi = gold.get("incident", {}), draft.get("incident") or {}
    fields = {f: (gi.get(f) or None) == (pi.get(f) or None) for f in ("id", "severity")}
    for f in ("start", "detected", "end"):
        a, b = parse_time(gi.get(f)), parse_time(pi.get(f))
        fields[f] = (a is None and b is None) or (a is not None and b is not None and abs((a - b).total_seconds()) <= 120)
    return {
        "key_f1": f1(kp, kr), "phase_acc": acc, "macro_f1": sum(macro) / len(macro) if macro else 0.0,
        "act_f1": f1(ap, ar), "has_actions": bool(gacts or pacts), "matched": len(matched),
        "owner_acc": sum(same_person(g.get("owner"), p.get("owner")) for g, p in matched) / n,
        "due_acc": sum(g.get("due") == p.get("due") for g, p in matched) / n,
        "status_acc": sum(g.get("status") == p.get("status") for g, p in matched) / n,
        "incident": fields,
        "misses": [(k, labels[k], pred.get(k)) for k in labels if labels[k] != pred.get(k)],
    }


def run_case(binary, name, folder, others, tmp, fit):
    extra = []
    if not fit:
        learned = os.path.join(tmp, name + ".rules")
        run = subprocess.run([binary, "--learn", "--quiet", "-o", learned, "--force"] + [o[1] for o in others],
                             capture_output=True)
        if run.returncode:
            return {"case": name, "error": "learn: " + run.stderr.decode(errors="replace")[-300:]}
        extra = ["--rules", learned]
    gold = json.load(open(os.path.join(folder, "gold.json"), encoding="utf-8"))
    run = subprocess.run([binary] + gold["args"] + extra + ["--quiet", "--format", "json", "-o", "-"],
                         cwd=folder, capture_output=True)
    if run.returncode:
        return {"case": name, "error": "exit %d: %s" % (run.returncode, run.stderr.decode(errors="replace")[:300])}
    r = score(gold, json.loads(run.stdout))
    r["case"] = name
    return r


def summarise(results):
    ok = [r for r in results if "error" not in r]
    n = len(results) or 1
    s = {k: sum(r[k] for r in ok) / n for k in ("key_f1", "phase_acc", "macro_f1")}
    acts = [r for r in ok if r["has_actions"]]
    s["act_f1"] = sum(r["act_f1"] for r in acts) / len(acts) if acts else 1.0
    m = [r for r in ok if r["matched"]]
    for k in ("owner_acc", "due_acc", "status_acc"):
        s[k] = sum(r[k] for r in m) / len(m) if m else 0.0
    s["incident_fields"] = sum(sum(r["incident"].values()) for r in ok) / (5 * n)
    s["failed"] = len(results) - len(ok)
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pmdraft", default=os.path.join(ROOT, "build", "pmdraft"))
    ap.add_argument("--fit", action="store_true")
    ap.add_argument("--case", action="append")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--check", default="")
    a = ap.parse_args()
    binary = os.path.abspath(a.pmdraft)
    all_cases = find_cases()
    cases = [c for c in all_cases if not a.case or c[0] in a.case]
    if not os.path.isdir(CORPUS):
        print("loo: ../shared/corpus is not beside this checkout: fixtures only (%d cases)" % len(all_cases))
    tmp = tempfile.mkdtemp(prefix="pmdraft-loo-")
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            futures = [pool.submit(run_case, binary, name, folder,
                                   [c for c in all_cases if c[1] != folder], tmp, a.fit)
                       for name, folder in cases]
            results = [f.result() for f in futures]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    summary = summarise(results)
    if a.json:
        print(json.dumps({"summary": summary, "cases": results}, indent=1))
    else:
        print("%s over %d cases" % ("training fit (built-in weights)" if a.fit else "leave-one-incident-out", len(results)))
        print("%-30s %6s %6s %6s %6s %6s %6s %6s %6s" % ("case", "keyF1", "phase", "macro", "actF1", "owner", "due", "status", "incid"))
        for r in results:
            if "error" in r:
                print("%-30s ERROR %s" % (r["case"], r["error"]))
                continue
            print("%-30s %6.2f %6.2f %6.2f %6.2f %6.2f %6.2f %6.2f %6s" % (
                r["case"], r["key_f1"], r["phase_acc"], r["macro_f1"], r["act_f1"], r["owner_acc"],
                r["due_acc"], r["status_acc"], "%d/5" % sum(r["incident"].values())))
            if a.verbose:
                for m in r["misses"]:
                    print("    phase miss %s gold=%s got=%s" % m)
                print("    incident: %s" % " ".join(k for k, v in r["incident"].items() if not v))
        print("ALL  keyF1=%.2f phase=%.2f macro=%.2f actF1=%.2f owner=%.2f due=%.2f status=%.2f incident=%.2f failed=%d" % tuple(
            [summary[k] for k in KEYS] + [summary["failed"]]))
    bad = []
    for item in filter(None, a.check.split(",")):
        key, floor = item.split("=")
        if summary[key] < float(floor):
            bad.append("%s %.3f < %s" % (key, summary[key], floor))
    if bad or summary["failed"]:
        print("loo: below the floor: " + "; ".join(bad) if bad else "loo: %d case(s) failed" % summary["failed"])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
