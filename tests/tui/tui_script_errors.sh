#!/usr/bin/env bash
# Wrong input around scenarios and logs: a file that does not parse, and a
# --save-log path that cannot be written, are one line each before the
# screen is taken; a failed expectation shows on screen with file:line,
# and after quitting is one line on stderr and exit status 1.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
printf 'nodes 2\nat 1s incr n1\n' >"$WORK/typo.gcs"
run_in_pane "$GCOUNTER --script $WORK/typo.gcs"
expect_exit 2
screen_joined | grep -qF "typo.gcs:2:7: unknown command 'incr' (did you mean 'inc'?)" ||
	fail "not the parser's one line"
expect_sane_tty

keys -l 'clear'
keys Enter
run_in_pane "$GCOUNTER --seed 1 --save-log $WORK/no/such/dir/x.log"
expect_exit 1
screen_joined | grep -qF "gcounter: --save-log: $WORK/no/such/dir/x.log: No such file or directory" ||
	fail "no one-line error for the --save-log path"

cat >"$WORK/wrong.gcs" <<'GCS'
nodes 2
seed 3
at 0s inc n1
after 1s expect value n2 == 5
expect converged
after 10ms end
GCS
keys -l 'clear'
keys Enter
gc_run --show-checks --script "$WORK/wrong.gcs"
wait_for '✗ wrong.gcs:4: expected value n2 == 5, got 1'
wait_for '✓ wrong.gcs:5: expect converged'
wait_for 'the end of the scenario'
keys q
expect_exit 1
screen_joined | grep -qF "gcounter: $WORK/wrong.gcs:4: expected value n2 == 5, got 1 (1 failure; 2 expectations checked)" ||
	fail "no one-line verdict after quitting"
expect_sane_tty
pass
