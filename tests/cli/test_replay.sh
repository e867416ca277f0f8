#!/bin/bash
# --save-log then --replay gives the same run: byte-identical JSON, and a
# log that saves again to the same bytes. Also for a shipped scenario.
# Usage: test_replay.sh PATH/TO/gcounter SCENARIO_DIR
set -u
GCOUNTER=$1
SCENARIOS=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

"$GCOUNTER" --headless --seed 5 --rate 30 --duration 3s --drop 0.1 \
	--duplicate 0.05 --partition n2 --crash relay --latency exp:40ms \
	--save-log "$tmp/a.log" --json >"$tmp/a.json"
"$GCOUNTER" --headless --replay "$tmp/a.log" --json --save-log "$tmp/b.log" \
	>"$tmp/b.json" || fail "replay of a headless run failed"
cmp -s "$tmp/a.json" "$tmp/b.json" || fail "replayed JSON differs"
cmp -s "$tmp/a.log" "$tmp/b.log" || fail "the log does not save back the same"

"$GCOUNTER" --headless --script "$SCENARIOS/02-partition-and-heal.gcs" \
	--json --save-log "$tmp/c.log" >"$tmp/c.json" || fail "scenario failed"
"$GCOUNTER" --headless --replay "$tmp/c.log" --json >"$tmp/d.json" ||
	fail "replay of a scenario failed"
cmp -s "$tmp/c.json" "$tmp/d.json" || fail "replayed scenario JSON differs"

# A log from another world is refused, not silently replayed wrong.
sed 's/^seed 5$/seed 6/' "$tmp/a.log" >"$tmp/wrong.log"
"$GCOUNTER" --headless --replay "$tmp/wrong.log" >/dev/null 2>"$tmp/err"
[ $? -ne 0 ] || fail "a log replayed against another seed was accepted"
grep -q "does not match this world" "$tmp/err" || fail "no mismatch message"

# An unwritable log path is one clear error, before the run (no summary).
"$GCOUNTER" --headless --duration 1s --save-log /nonexistent/dir/x.log \
	>/dev/null 2>"$tmp/err"
[ $? -eq 1 ] || fail "unwritable --save-log did not fail"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "unwritable --save-log: not one line"
grep -q "^gcounter: --save-log: /nonexistent/dir/x.log: " "$tmp/err" ||
	fail "unwritable --save-log message: $(cat "$tmp/err")"

if [ "$failures" -eq 0 ]; then
	echo "replay: all checks passed"
	exit 0
fi
exit 1
