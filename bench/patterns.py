#!/usr/bin/env python3
"""patterns.py: print the patterns of a pmdraft rule file, one a line, a
leading "i " (caseless) or "c " (a `case` rule), for the bench baselines."""
import re
import sys

RULE = re.compile(r"^([a-z][a-z0-9-]*)((?: [a-z]+(?:=[^ :]+)?)*): (.*)$")


def main():
    for line in open(sys.argv[1], encoding="utf-8"):
        m = RULE.match(line.rstrip("\n"))
        if not m or m.group(1) == "test":
            continue
        case = " case" in m.group(2)
        print(("c " if case else "i ") + m.group(3))


if __name__ == "__main__":
    main()
