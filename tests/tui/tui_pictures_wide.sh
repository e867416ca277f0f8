#!/usr/bin/env bash
# The pictures at 200x60: eight nodes in full boxes around the relay, each
# with its value and vector, the event log keeping its column; then the
# space-time diagram with a column per node and the relay.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 200 60
gc_run --seed 9 --nodes 8 --view network
keys 1 2 3 4 5 6 7 8
wait_for 'every node reads 8'
# Paused, so the idle gossip cannot scroll the convergence out of the
# diagram while a loaded machine is slow to read the screen.
keys Space
wait_for 'PAUSED'
for n in 1 2 3 4 5 6 7 8; do
	wait_for "n$n 8 " || fail "no box for n$n"
done
wait_for '[1,1,1,1,1,1,1,1]'
col=$(screen | grep -F 'events · newest last' | head -n 1 |
	awk '{ print index($0, "events") }')
[ -n "$col" ] && [ "$col" -gt 100 ] || fail "the log lost its column"
expect_fits 200
keys w
wait_for_re '^time +n1 +n2 +n3 +n4 +relay +n5 +n6 +n7 +n8'
wait_for 'converged: every node reads 8'
expect_fits 200
keys q
expect_exit 0
pass
