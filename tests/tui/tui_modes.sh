#!/usr/bin/env bash
# Propagation modes from the keyboard: o cycles state, delta, op and
# op-reliable, the header names each; in plain op mode duplicates count
# twice, and the screen says a node is above the truth in plain words;
# under gossip the op modes are skipped with the reason, and in an op mode
# s skips the strategies that cannot carry ops; with --amnesia, c
# restarts a node durably in an op mode.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
gc_run --seed 7
wait_for 'strategy relay · mode state'
# (Checked before a key's message covers the hints.)
wait_for 'o mode'
keys o
wait_for 'strategy relay · mode delta'
keys o
wait_for 'strategy relay · mode op ·'
keys o
wait_for 'strategy relay · mode op-reliable'
keys o
wait_for 'strategy relay · mode state'

# Plain op with half the messages duplicated: counted twice, for good.
keys o o
wait_for 'mode op ·'
keys u u u + + +
wait_for 'dup 50%'
wait_for 'speed 8x'
keys 1 2 3 4 1 2 3 4
wait_for 'OVER THE TRUTH'
wait_for 'counted twice, never repaired'
wait_for_re '^. n[1-4] .*[0-9]↑ .* \+[0-9]+ over'
wait_for 'B/op'
expect_fits 80

# In an op mode, s skips gossip and push-pull.
keys s
wait_for 'strategy interval · mode op ·'
wait_for 'op mode skips gossip, push-pull'
keys S

# Under gossip, o skips the op modes and says why (no more duplicates,
# and the world paused: at 8x the merges of the doubled counts fill the
# log with gossip lines that push its note off the screen between two
# reads of a loaded machine).
keys u
wait_gone 'dup 50%'
keys Space
wait_for 'PAUSED'
keys o o
wait_for 'strategy relay · mode state'
keys s
wait_for 'strategy gossip · mode state'
keys o
wait_for 'strategy gossip · mode delta'
keys o
wait_for 'op modes need relay, interval, on-change or hybrid: press s'
wait_for 'strategy gossip · mode state'
wait_for 'skipped op and op-reliable: gossip passes state'
expect_fits 80
keys q
expect_exit 0

# Op modes keep replicas on disk: after --amnesia and a switch to an op
# mode, c restarts durably and says why, instead of leaving the node down.
gc_run --seed 7 --amnesia
keys o o o
wait_for 'mode op-reliable'
keys c
wait_for 'n1 DOWN'
keys c
wait_for 'n1 restarted durably: op modes keep replicas on disk'
wait_gone 'n1 DOWN'
keys q
expect_exit 0
pass
