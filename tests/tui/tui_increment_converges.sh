#!/usr/bin/env bash
# Pressing 1 three times: node 1's own slot shows 3 at once, the true total
# is 3, and once the gossip has run every node reads 3 and the banner says
# CONVERGED.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
gc_run --seed 42
wait_for 'CONVERGED'
# Paused, the presses still count, and the log keeps their lines on screen
# (running, the gossip that follows would scroll them away at 80x24).
keys Space
wait_for 'PAUSED'
keys 1 1 1
# n1's row: its own slot, in brackets, holds 3.
wait_for_re '^. n1 +\[3\]'
wait_for_re '^  truth +3 +0 +0 +0 +3$'
wait_for 'true total 3'
wait_for 'n1 incremented its own slot'
keys Space
wait_for 'RUNNING'
# The gossip runs by itself: every node reads 3, with nothing behind.
wait_for 'CONVERGED'
wait_for 'every node reads 3'
for node in n1 n2 n3 n4; do
	row=$(grid_row "$node")
	[[ $row =~ ' 3'$ ]] || fail "$node does not read 3: '$row'"
done
wait_for 'merged n1'"'"'s [3,0,0,0]'
keys q
expect_exit 0
pass
