#!/usr/bin/env bash
# space pauses (the clock stops); . and Page Down each run one event; + and
# - change the speed in steps shown in the header; r restarts the same
# seed from zero.
. "$(dirname "$0")/harness.sh" "$@"

clock() {
	screen | head -n 1 | grep -oE 't [0-9hm.]+s' | head -n 1
}

tui_start 80 24
gc_run --seed 14
keys 3
wait_for 'true total 1'
keys Space
wait_for 'PAUSED'
t1=$(clock)
# A paused clock does not move: poll a while to be sure it stays.
start=$SECONDS
while ((SECONDS - start < 1)); do
	[ "$(clock)" = "$t1" ] || fail "the clock moved while paused: $t1 -> $(clock)"
	sleep 0.1
done
keys .
wait_for_re "t [0-9.]+s" 
start=$SECONDS
while [ "$(clock)" = "$t1" ] && ((SECONDS - start < TIMEOUT)); do sleep 0.05; done
t2=$(clock)
[ "$t2" != "$t1" ] || fail "step did not move the clock"
keys NPage
start=$SECONDS
while [ "$(clock)" = "$t2" ] && ((SECONDS - start < TIMEOUT)); do sleep 0.05; done
[ "$(clock)" != "$t2" ] || fail "Page Down did not step"
wait_for 'PAUSED'
keys + +
wait_for 'speed 4x'
keys - - - - - - - -
wait_for 'speed 1/16x'
keys -
wait_for 'slowest speed'
keys Space
wait_for 'RUNNING'
# Stepping a quiet, converged cluster still shows each step in the log,
# though running it leaves such gossip out.
wait_for 'CONVERGED'
keys Space
wait_for 'PAUSED'
keys . .
wait_for '(nothing new)'
keys Space
wait_for 'RUNNING'
keys r
wait_for 'restarted with seed 14'
wait_for 'true total 0'
keys q
expect_exit 0
pass
