#!/usr/bin/env bash
# Ctrl-S (XOFF), hit by accident, must not freeze the dashboard: the
# terminal's output flow control is off while it runs, so frames keep
# coming, `q` quits, and the shell gets its ixon back afterwards.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
gc_run --seed 3 --rate 20
keys C-s
sleep 0.3
before=$(screen | head -n 1)
# The world runs on: the screen changes after the XOFF.
start=$SECONDS
while [ "$(screen | head -n 1)" = "$before" ]; do
	((SECONDS - start < TIMEOUT)) || fail "the screen froze after Ctrl-S"
	sleep 0.1
done
keys q
expect_exit 0
expect_sane_tty
keys -l "stty -a | grep -o -- '-\?ixon' > $WORK/ixon; echo IXON-DONE"
keys Enter
wait_for IXON-DONE
grep -qx ixon "$WORK/ixon" || fail "ixon not restored: $(cat "$WORK/ixon")"
pass
