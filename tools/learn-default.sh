#!/bin/sh
# learn-default.sh: re-learn rules/default.weights, the weights built into
# pmdraft, from every labelled incident: fixtures/ and, when it is beside the
# checkout, ../shared/corpus/. Deterministic; run after changing a rule, then
# rebuild and check the leave-one-incident-out figure (tests/loo.py).
set -eu
cd "$(dirname "$0")/.."
cases=$(find fixtures -name gold.json | sort)
if [ -d ../shared/corpus ]; then
	cases="$cases $(find ../shared/corpus -name gold.json | sort)"
else
	echo "learn-default: ../shared/corpus is not here: learning from fixtures only" >&2
fi
# learn with the built-in rules but without the weights being replaced
build/pmdraft --learn --quiet --force -o rules/default.weights.new $cases 2>/dev/null
{
	echo "# Learned weights of the built-in rules: written by tools/learn-default.sh"
	echo "# (pmdraft --learn over fixtures/ and the labelled corpus); do not edit by hand."
	grep -v '^#' rules/default.weights.new
} >rules/default.weights
rm -f rules/default.weights.new
ninja -C build >/dev/null
