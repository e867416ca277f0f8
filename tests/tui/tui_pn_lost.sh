#!/usr/bin/env bash
# A PN-Counter's amnesia: n4 counts up twice and down once, crashes,
# comes back from zero and counts up and down again before gossip tells
# it its old counts. One increment and one decrement are lost for good,
# and the screen says so by kind, never as one sum of both.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 100 30
gc_run --crdt pncounter --seed 3
wait_for 'RUNNING'
keys 4
wait_for_re '^▸ n4 +P\+ .*\[1\]'
keys 4
wait_for_re '^▸ n4 +P\+ .*\[2\]'
keys '$'
wait_for 'every node reads 1'
keys a
wait_for 'restarts from ZERO'
keys c
wait_for 'n4 DOWN'
keys Space
wait_for 'PAUSED'
keys c
wait_for 'restarted from zero'
keys 4
wait_for_re '^▸ n4 +P\+ .*\[1\]'
keys '$'
wait_for 'LOST +1 −1'
keys Space a
wait_for 'CONVERGED'
wait_for 'LOST +1 −1'
wait_for_re 'join .* made 1 · LOST \+1 −1'
keys q
expect_exit 0
pass
