#!/bin/sh
# test.sh [MESON-TEST-ARGS]: build (if needed, warnings as errors) and run
# every test; ends with a line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
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
