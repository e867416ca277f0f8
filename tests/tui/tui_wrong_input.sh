#!/usr/bin/env bash
# Keys that mean nothing, or a node that does not exist, get a plain answer
# in the status line and change nothing.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
gc_run --seed 15
keys 7
wait_for 'no node n7 (nodes are n1 to n4)'
wait_for 'true total 0'
keys x
wait_for 'x does nothing here'
keys F5
wait_for 'F5 does nothing here'
keys Tab Tab Enter
wait_for_re '^▸ n3 '
wait_for 'true total 1'
# Paused, so that the gossip's own lines cannot scroll the command away.
keys Space
wait_for 'PAUSED'
keys g
wait_for 'n3 was asked to gossip now'
keys Space
wait_for 'RUNNING'
keys b
wait_for 'truth'
wait_for_re '█|▀|▄'
keys q
expect_exit 0
pass
