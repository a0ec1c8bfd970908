#!/bin/sh
# test.sh [MESON-TEST-ARGS]: install what the tests need (Debian 12, as root,
# only what is missing; see tools/install.sh), build (warnings as errors) and
# run every test; ends with a line "N passed, N failed" (", N skipped" and
# each skipped test's reason when a suite could not run here).
# PMDRAFT_NO_INSTALL=1: install nothing. PMDRAFT_NO_SKIP=1: a skipped test
# counts as failed (CI: every suite must run).
set -u
cd "$(dirname "$0")/.."
[ "${PMDRAFT_NO_INSTALL:-0}" = 1 ] || sh tools/install.sh test
build=${PMDRAFT_BUILD:-build}
# PMDRAFT_SANITIZE=1: AddressSanitizer + UndefinedBehaviorSanitizer, any
# finding fatal (use another PMDRAFT_BUILD folder, e.g. build-asan);
# PMDRAFT_SANITIZE=thread: ThreadSanitizer, any data race fatal
options="-Dwerror=true"
case "${PMDRAFT_SANITIZE:-0}" in
1) options="$options -Db_sanitize=address,undefined -Db_lundef=false -Dc_args=-fno-sanitize-recover=all" ;;
thread)
	options="$options -Db_sanitize=thread -Db_lundef=false"
	TSAN_OPTIONS="halt_on_error=1 report_signal_unsafe=0 ${TSAN_OPTIONS:-}"
	export TSAN_OPTIONS ;;
esac

if [ ! -d "$build" ]; then
	meson setup "$build" $options || exit 1
else
	meson configure "$build" $options || exit 1
fi
ninja -C "$build" || exit 1
# valgrind cannot run sanitizer-instrumented binaries: that suite is for plain builds
skip=""
[ "${PMDRAFT_SANITIZE:-0}" != 0 ] && skip="--no-suite valgrind"
meson test -C "$build" --print-errorlogs $skip "$@"
status=$?
python3 - "$build/meson-logs/testlog.json" "${PMDRAFT_NO_SKIP:-0}" <<'PY'
import json, sys
passed = failed = skipped = 0
no_skip = sys.argv[2] == '1'
with open(sys.argv[1]) as f:
    for line in f:
        t = json.loads(line)
        r = t['result']
        if r in ('OK', 'EXPECTEDFAIL'):
            passed += 1
        elif r == 'SKIP':
            # the test's last line of output says why
            why = (t.get('stdout') or '').strip().splitlines() or ['no reason given']
            print('%s %s: %s' % ('FAILED (skip not allowed)' if no_skip else 'skipped',
                                 t['name'], why[-1]))
            if no_skip:
                failed += 1
            else:
                skipped += 1
        else:
            failed += 1
print('%d passed, %d failed' % (passed, failed) + (', %d skipped' % skipped if skipped else ''))
sys.exit(1 if failed else 0)
PY
summary=$?
[ $status = 0 ] && status=$summary
exit $status
