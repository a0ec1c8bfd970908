#!/bin/sh
# setup.sh: on Debian 12, as root: install what is missing, build, and write
# the draft of the bundled INC-2417 example to inc-2417-draft.html.
set -eu
cd "$(dirname "$0")/.."

packages="meson ninja-build gcc pkg-config libjson-c-dev libpcre2-dev libcsv-dev libarchive-dev liblinear-dev
	scdoc tzdata python3 chromium clang libclang-rt-14-dev valgrind jq time"
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
	echo "setup: installing$missing"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

# playwright-core drives Debian's chromium; it downloads no browser of its own.
if [ ! -d tests/browser/node_modules/playwright-core ]; then
	(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

[ -d build ] || meson setup build
ninja -C build
build/pmdraft --export fixtures/inc-2417/slack/inc-2417-duplicate-invoices \
	--notes fixtures/inc-2417/notes.csv --tz Europe/Amsterdam \
	--force -o inc-2417-draft.html
echo "setup: wrote inc-2417-draft.html"
