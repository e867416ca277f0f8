#!/usr/bin/env bash
# --render: a whole scenario to asciicast v2 with no terminal at all -
# valid (checked by cast_check), the same bytes run after run and in any
# locale, far faster than real time, a marker per caption and pause; and
# every way it can go wrong is one line and a non-zero exit.
# Usage: render.sh PATH/TO/gcounter PATH/TO/cast_check ASSETS_DIR
set -u
GCOUNTER=$1
CHECK=$2
ASSETS=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
skipped=
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

demo="$ASSETS/scenarios/01-original-design.gcs"
start=$SECONDS
"$GCOUNTER" --script "$demo" --render "$tmp/a.cast" </dev/null >"$tmp/out" 2>"$tmp/err" ||
	fail "render failed: $(cat "$tmp/err")"
elapsed=$((SECONDS - start))
grep -q "^$tmp/a.cast: 80x24, .* s, rendered from 01-original-design.gcs$" "$tmp/out" ||
	fail "no summary line: $(cat "$tmp/out")"
[ ! -s "$tmp/err" ] || fail "stderr: $(cat "$tmp/err")"
# Virtual time, not real time: a 20 s scenario in a few seconds at most.
[ "$elapsed" -le 10 ] || fail "rendering took ${elapsed}s"
LC_ALL=C LANG=C TERM=dumb COLUMNS=33 LINES=7 \
	"$GCOUNTER" --script "$demo" --render "$tmp/b.cast" >/dev/null 2>&1 </dev/null ||
	fail "second render failed"
cmp -s "$tmp/a.cast" "$tmp/b.cast" || fail "two renders differ"
captions=$(grep -c '^[^#]*caption "' "$demo")
pauses=$(grep -cE '^(after [^ ]+ |at [^ ]+ )?pause' "$demo")
"$CHECK" "$tmp/a.cast" --width 80 --height 24 \
	--markers $((captions + pauses + 1)) >"$tmp/check" 2>&1 ||
	fail "not a valid cast: $(cat "$tmp/check")"
"$CHECK" "$tmp/a.cast" --print-markers | grep -q '^marker 9.000000 pause (line 22)$' ||
	fail "no marker at the first pause"
grep -q '"title": "The original design: a master relay"' "$tmp/a.cast" ||
	fail "the scenario's title is not the cast's"
grep -q '"env": {"TERM": "xterm-256color", "SHELL": "/bin/sh"}' "$tmp/a.cast" ||
	fail "not the fixed env"
# What the audience reads is in the bytes.
grep -q 'Four workers each keep a vector' "$tmp/a.cast" || fail "no caption in the output"
grep -q 'PAUSED by the script' "$tmp/a.cast" || fail "no pause in the output"
# A video's viewer presses no keys: the presenter's lines are left out,
# and --keep-hints keeps them.
grep -q 'press space' "$tmp/a.cast" && fail "a presenter's line in a render"
grep -q ' q quit' "$tmp/a.cast" && fail "the key hints in a render"
"$GCOUNTER" --script "$demo" --render "$tmp/k.cast" --keep-hints \
	</dev/null >/dev/null 2>&1 || fail "--keep-hints render failed"
grep -q 'paused by the script: press space' "$tmp/k.cast" ||
	fail "--keep-hints lost the presenter's line"
grep -q ' q quit' "$tmp/k.cast" || fail "--keep-hints lost the key hints"
# The last picture stays unless --restore-end gives the terminal back.
tail -1 "$tmp/a.cast" | grep -qF '\u001b[?1049l' && fail "a render leaves the alternate screen"
"$GCOUNTER" --script "$demo" --render "$tmp/r.cast" --restore-end \
	</dev/null >/dev/null 2>&1 || fail "--restore-end render failed"
tail -1 "$tmp/r.cast" | grep -F '\u001b[?1049l' | grep -qF '\u001b[?25h' ||
	fail "--restore-end: no main screen and cursor at the end"

# Every shipped scenario renders, at another size too, its expectations
# all met (status 0): the PN-Counter ones as well, each node's P and N
# vectors drawn one above the other.
for scenario in "$ASSETS"/scenarios/*.gcs; do
	name=$(basename "$scenario" .gcs)
	"$GCOUNTER" --script "$scenario" --render "$tmp/$name.cast" \
		--cols 120 --rows 40 >/dev/null 2>"$tmp/err" </dev/null ||
		fail "$name: $(cat "$tmp/err")"
	"$CHECK" "$tmp/$name.cast" --width 120 --height 40 >/dev/null 2>"$tmp/check" ||
		fail "$name: $(cat "$tmp/check")"
	if grep -q '^crdt pncounter' "$scenario"; then
		grep -q 'P+' "$tmp/$name.cast" || fail "$name: no P row drawn"
		grep -q 'N−' "$tmp/$name.cast" || fail "$name: no N row drawn"
		grep -q 'true value' "$tmp/$name.cast" || fail "$name: no true value"
	fi
done
# A PN-Counter scenario at the default 80x24 too, twice the same bytes.
for scenario in "$ASSETS"/scenarios/*.gcs; do
	grep -q '^crdt pncounter' "$scenario" || continue
	name=$(basename "$scenario" .gcs)
	"$GCOUNTER" --script "$scenario" --render "$tmp/$name-a.cast" \
		>/dev/null 2>"$tmp/err" </dev/null || fail "$name at 80x24: $(cat "$tmp/err")"
	"$GCOUNTER" --script "$scenario" --render "$tmp/$name-b.cast" \
		>/dev/null 2>&1 </dev/null || fail "$name: second render failed"
	cmp -s "$tmp/$name-a.cast" "$tmp/$name-b.cast" || fail "$name: two renders differ"
	"$CHECK" "$tmp/$name-a.cast" --width 80 --height 24 >/dev/null 2>"$tmp/check" ||
		fail "$name at 80x24: $(cat "$tmp/check")"
done

# A saved log renders as its replay.
"$GCOUNTER" --headless --seed 5 --rate 20 --duration 2s --save-log "$tmp/run.log" >/dev/null ||
	fail "cannot make a log"
"$GCOUNTER" --replay "$tmp/run.log" --render "$tmp/log.cast" >/dev/null 2>"$tmp/err" ||
	fail "replay render: $(cat "$tmp/err")"
"$CHECK" "$tmp/log.cast" >/dev/null 2>"$tmp/check" || fail "log cast: $(cat "$tmp/check")"

# A log that does not fit its world (another seed): the one player stops
# the replay at the first line that does not fit, whatever plays it - the
# render says it in the very line a headless run does, and exits 1.
"$GCOUNTER" --replay "$tmp/run.log" --seed 99 --render "$tmp/unfit.cast" \
	>/dev/null 2>"$tmp/err-render" </dev/null
[ $? -eq 1 ] || fail "an unplayable log did not render with exit 1"
"$GCOUNTER" --replay "$tmp/run.log" --seed 99 --headless \
	>/dev/null 2>"$tmp/err-headless" </dev/null
[ $? -eq 1 ] || fail "an unplayable log did not play headless with exit 1"
grep -q "^gcounter: $tmp/run.log:[0-9]*: .*(saved with another seed or settings?)$" "$tmp/err-render" ||
	fail "unplayable log, render: $(cat "$tmp/err-render")"
cmp -s "$tmp/err-render" "$tmp/err-headless" ||
	fail "render and headless differ on an unplayable log: $(cat "$tmp/err-render") / $(cat "$tmp/err-headless")"
[ "$(wc -l <"$tmp/err-render")" -eq 1 ] || fail "more than one line for an unplayable log"
"$CHECK" "$tmp/unfit.cast" >/dev/null 2>&1 || fail "no valid cast for an unplayable log"

# A failed expectation: the cast is still written, one line, status 1.
printf 'nodes 2\nseed 1\nat 0s inc n1\nafter 1s expect value n2 == 9\n' >"$tmp/bad.gcs"
"$GCOUNTER" --script "$tmp/bad.gcs" --render "$tmp/bad.cast" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] || fail "a failed expectation did not exit 1"
[ "$(cat "$tmp/err")" = "gcounter: $tmp/bad.gcs:4: expected value n2 == 9, got 1 (1 failure; 1 expectation checked)" ] ||
	fail "verdict: $(cat "$tmp/err")"
"$CHECK" "$tmp/bad.cast" >/dev/null 2>&1 || fail "no valid cast after a failed expectation"

# Outputs that cannot be written: one line, exit 1, nothing else.
expect_error() {
	local status=$1 line=$2
	shift 2
	"$GCOUNTER" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	local got=$?
	[ "$got" -eq "$status" ] || fail "$*: exit $got, expected $status"
	[ "$(cat "$tmp/err")" = "$line" ] || fail "$*: stderr '$(cat "$tmp/err")', expected '$line'"
	[ ! -s "$tmp/out" ] || fail "$*: wrote to stdout"
}
if [ -w /dev/full ]; then
	expect_error 1 "gcounter: --render: /dev/full: cannot write: No space left on device" \
		--script "$demo" --render /dev/full
else
	skipped="/dev/full is not writable: no full-disk check"
fi
expect_error 1 "gcounter: --render: $tmp/no/dir/x.cast: No such file or directory" \
	--script "$demo" --render "$tmp/no/dir/x.cast"
expect_error 1 "gcounter: --render: /etc/passwd/x.cast: Not a directory" \
	--script "$demo" --render /etc/passwd/x.cast
expect_error 2 "gcounter: --render needs a scenario to render: --script FILE or --replay FILE" \
	--render "$tmp/x.cast"
expect_error 2 "gcounter: --cols: must be at least 80 (the dashboard's smallest)" \
	--script "$demo" --render "$tmp/x.cast" --cols 40
expect_error 2 "gcounter: nothing.gcs: No such file or directory" \
	--script nothing.gcs --render "$tmp/x.cast"

# The shipped demo cast is a valid 80x24 cast.
"$CHECK" "$ASSETS/demo.cast" --width 80 --height 24 >/dev/null 2>"$tmp/check" ||
	fail "assets/demo.cast: $(cat "$tmp/check")"

# A check that could not run here makes the test skipped (77, ctest's
# SKIP_RETURN_CODE), not passed; a failure still wins.
if [ "$failures" -eq 0 ] && [ -n "$skipped" ]; then
	echo "skip: render: $skipped"
	exit 77
fi
if [ "$failures" -eq 0 ]; then
	echo "render: all checks passed"
	exit 0
fi
exit 1
