#!/usr/bin/env bash
# With stdin or stdout not a terminal the dashboard refuses with one line
# that suggests --headless, and exit status 2, touching nothing.
. "$(dirname "$0")/harness.sh" "$@"

"$GCOUNTER" </dev/null 2>"$WORK/err" | cat >"$WORK/out"
status=${PIPESTATUS[0]}
[ "$status" -eq 2 ] || fail "exit status $status, want 2"
[ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "stderr is not one line: $(cat "$WORK/err")"
grep -q '^gcounter: the dashboard needs a terminal .*--headless' "$WORK/err" ||
	fail "unexpected message: $(cat "$WORK/err")"
[ ! -s "$WORK/out" ] || fail "wrote to stdout: $(od -c "$WORK/out" | head)"
# stdout a TTY is not enough: stdin must be one too (and the other way).
tui_start 80 24
run_in_pane "$GCOUNTER </dev/null 2>$WORK/err2"
wait_for 'EXIT=2'
grep -q 'needs a terminal' "$WORK/err2" || fail "no message with stdin redirected"
pass
