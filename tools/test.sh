#!/bin/sh
# test.sh: build (if needed, warnings as errors) and run every test; ends with
# a line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
build=${PMDRAFT_BUILD:-build}

if [ ! -d "$build" ]; then
	meson setup "$build" -Dwerror=true || exit 1
else
	meson configure "$build" -Dwerror=true || exit 1
fi
ninja -C "$build" || exit 1
meson test -C "$build" --print-errorlogs "$@"
status=$?
python3 - "$build/meson-logs/testlog.json" <<'PY'
import json, sys
passed = failed = skipped = 0
with open(sys.argv[1]) as f:
    for line in f:
        r = json.loads(line)['result']
        if r in ('OK', 'EXPECTEDFAIL'):
            passed += 1
        elif r == 'SKIP':
            skipped += 1
        else:
            failed += 1
print('%d passed, %d failed' % (passed, failed) + (', %d skipped' % skipped if skipped else ''))
PY
exit $status
