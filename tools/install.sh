#!/bin/sh
# install.sh build|test: on Debian 12, install the packages a group needs
# that are missing (apt-get, as root). "build": building and running pmdraft
# (and the README's examples); "test": everything the test suite adds on top
# (Chromium and playwright-core for the browser suite, valgrind, clang for
# the fuzzers). Only what is missing is installed; nothing is upgraded.
# Without root, prints the apt-get command instead. Exits non-zero when a
# "build" package is missing and cannot be installed; for "test" a missing
# piece only warns, and the suites needing it are skipped with that reason.
set -u
cd "$(dirname "$0")/.."
group=${1:-build}

build_packages="meson ninja-build gcc libc6-dev pkg-config libjson-c-dev libpcre2-dev
	libcsv-dev libarchive-dev liblinear-dev scdoc tzdata python3 jq"
test_packages="$build_packages chromium nodejs npm clang libclang-rt-14-dev valgrind time
	ca-certificates"
case $group in
build) packages=$build_packages ;;
test) packages=$test_packages ;;
*) echo "usage: sh tools/install.sh build|test" >&2; exit 2 ;;
esac

missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
# a node and npm from elsewhere (nodesource, nvm) are used as they are
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
	missing=$(echo "$missing" | sed 's/ nodejs\b//; s/ npm\b//')
fi

status=0
if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "install: $group: installing$missing"
		apt-get update -qq &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing ||
			status=1
	else
		echo "install: $group: missing$missing; as root: apt-get install$missing" >&2
		status=1
	fi
fi

# playwright-core drives Debian's chromium; it downloads no browser of its
# own. The version is pinned in package-lock.json to one that supports the
# nodejs Debian 12 ships (engines: node >= 18).
if [ "$group" = test ] && [ ! -d tests/browser/node_modules/playwright-core ] &&
	command -v npm >/dev/null 2>&1; then
	(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) ||
		echo "install: test: npm ci failed: the browser suite will be skipped" >&2
fi

[ "$group" = build ] && exit $status
exit 0
