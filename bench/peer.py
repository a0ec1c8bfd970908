#!/usr/bin/env python3
"""peer.py: the script a user would write instead of pmdraft: json + re,
the same patterns over each message's text.
usage: peer.py [-t] PATTERNS FILE...  (-t: Teams Graph pages, value[].body.content)"""
import json
import re
import sys


def load(path):
    out, bad = [], 0
    for line in open(path, encoding="utf-8"):
        flags = re.IGNORECASE if line[0] == "i" else 0
        try:
            out.append(re.compile(line[2:].rstrip("\n"), flags))
        except re.error:
            bad += 1     # PCRE-only syntax: Python's re cannot take it
    return out, bad


def main():
    args = sys.argv[1:]
    teams = args[0] == "-t"
    if teams:
        args = args[1:]
    patterns, bad = load(args[0])
    messages = matched = 0
    for path in args[1:]:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
            for m in doc.get("value", []) if teams else doc:
                text = (m.get("body") or {}).get("content") if teams else m.get("text")
                if not isinstance(text, str):
                    continue
                messages += 1
                matched += any(p.search(text) for p in patterns)
    print(f"{messages} messages, {matched} matched one of {len(patterns)} patterns "
          f"({bad} not valid in Python re)")


if __name__ == "__main__":
    main()
