#!/bin/sh
# setup.sh: on Debian 12, as root: install what building and running pmdraft
# needs (apt-get, only what is missing), build, and write the draft of the
# bundled INC-2417 example to inc-2417-draft.html. What the tests need on top
# is installed by tools/test.sh.
set -eu
cd "$(dirname "$0")/.."

sh tools/install.sh build
[ -d build ] || meson setup build
ninja -C build
build/pmdraft --export fixtures/inc-2417/slack/inc-2417-duplicate-invoices \
	--notes fixtures/inc-2417/notes.csv --tz Europe/Amsterdam \
	--force -o inc-2417-draft.html
echo "setup: wrote inc-2417-draft.html: open it in a browser"
