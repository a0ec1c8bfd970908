#!/bin/sh
# fuzz.sh SECONDS [TARGET...]: build the libFuzzer targets with clang, ASan and
# UBSan (build-fuzz/), then run each for SECONDS, seeded with the same files
# as its replay test. Prints executions per target; exits 1 on any finding
# (the crashing input is saved under build-fuzz/findings/TARGET/).
set -u
cd "$(dirname "$0")/.."
seconds=${1:-60}
[ $# -gt 0 ] && shift
build=build-fuzz

if [ ! -d "$build" ]; then
	CC=clang meson setup "$build" -Dfuzz=true -Db_sanitize=address,undefined \
		-Db_lundef=false -Dc_args=-fno-sanitize-recover=all >/dev/null || exit 1
fi
ninja -C "$build" >/dev/null || exit 1
targets=${*:-$(ls "$build"/fuzz | sed -n 's/^fuzz-\([a-z]*\)$/\1/p')}

status=0
passed=0
failed=0
for t in $targets; do
	corpus="$build/corpus/$t"
	findings="$build/findings/$t"
	mkdir -p "$corpus" "$findings"
	# the replay test's arguments are the target's seeds
	python3 - "$build" "$t" "$corpus" <<'PY'
import json, os, shutil, subprocess, sys
build, target, corpus = sys.argv[1:4]
tests = json.loads(subprocess.run(['meson', 'introspect', '--tests', build],
                                  capture_output=True, text=True, check=True).stdout)
for test in tests:
    if test['name'] != 'replay-' + target:
        continue
    for seed in test['cmd'][1:]:
        paths = [seed] if os.path.isfile(seed) else [
            os.path.join(d, f) for d, _, fs in os.walk(seed) for f in fs]
        for p in paths:
            if os.path.getsize(p) <= 1 << 20:
                shutil.copy(p, os.path.join(corpus, p.replace('/', '_')[-200:]))
PY
	dict=""
	case $t in
	json|slack|teams) dict=-dict=fuzz/dict/json.dict ;;
	mrkdwn) dict=-dict=fuzz/dict/mrkdwn.dict ;;
	htmltext) dict=-dict=fuzz/dict/html.dict ;;
	notes) dict=-dict=fuzz/dict/csv.dict ;;
	rules) dict=-dict=fuzz/dict/rules.dict ;;
	esac
	log="$build/fuzz-$t.log"
	"$build/fuzz/fuzz-$t" $dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" "$corpus" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ $rc -ne 0 ]; then
		status=1
		failed=$((failed + 1))
		echo "fuzz-$t: FINDING after ${execs:-?} executions (see $log, $findings/)"
		grep -m3 -E "ERROR|SUMMARY" "$log"
	else
		passed=$((passed + 1))
		echo "fuzz-$t: ${execs:-0} executions in ${seconds}s, no finding"
	fi
done
echo "$passed passed, $failed failed"
exit $status
