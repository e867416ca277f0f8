#!/bin/bash
# Robustness at the edges (issue 18), as a user meets them: hangs refused
# in bounded time, outputs that never destroy an input or leave half a
# file, what gcounter saves it reads back, one line and the right status
# for every refusal. Usage: test_robust.sh PATH/TO/gcounter
set -u
GCOUNTER=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
# run LIMIT ARGS...: gcounter with its stdout and stderr in out and err,
# killed (status 124) if it takes longer than LIMIT seconds.
run() {
	local limit=$1
	shift
	timeout "$limit" "$GCOUNTER" "$@" >out 2>err </dev/null
}
# one_line STATUS PATTERN: the last run exited STATUS with one line on
# stderr matching PATTERN (grep -E).
one_line() {
	local status=$1 want=$2 what=$3
	[ "$got" -eq "$status" ] || fail "$what: exit $got, not $status"
	[ "$(wc -l <err)" -eq 1 ] || fail "$what: not one line: $(cat err)"
	grep -Eq "$want" err || fail "$what: message: $(cat err)"
}

"$GCOUNTER" --headless --duration 2s --rate 5 --seed 3 --save-log base.log \
	>/dev/null || fail "could not save a log"

# --- Hangs ------------------------------------------------------------------

# A saved-log line whose step count cannot be reached by its time is refused
# as soon as the time is passed, not after running 2^64 events.
{
	grep -v '^at ' base.log
	echo 'at 1000000us step 18446744073709551615 inc n1'
} >huge-step.log
run 10 --headless --replay huge-step.log
got=$?
one_line 1 '^gcounter: huge-step.log:[0-9]+: the log does not match this world' \
	"a huge step"

# One partitioned node must not make a run quadratic (110 s before).
run 20 --headless --rate 1000 --duration 10m --seed 1 --partition n1 --json
got=$?
# (exit 1: a partition that never heals never converges)
[ "$got" -eq 1 ] && grep -q '"increments":600795' out ||
	fail "a partitioned 10-minute run: exit $got"

if [ "$failures" -eq 0 ]; then
	echo "robust: all checks passed"
	exit 0
fi
exit 1
