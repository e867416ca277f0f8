#!/usr/bin/env bash
# A presenter, with keys alone: switches strategy, drops and duplicates
# messages, adds latency, partitions a node every way and heals it, crashes
# the relay and a worker (durable, then amnesiac), turns a reader on; the
# faults show in the header and on the nodes, and the numbers move.
. "$(dirname "$0")/harness.sh" "$@"

# The numbers line: "sent 123 · ..." (or "sent 123  ..." when short).
sent() {
	screen | grep -oE '^ sent [0-9]+' | head -n 1 | grep -oE '[0-9]+'
}

tui_start 80 24
gc_run --seed 21
wait_for 'CONVERGED'

# Strategies, both ways.
keys s
wait_for 'strategy gossip'
keys S
wait_for 'strategy relay'

# Drop and duplicate: the header says so, and the numbers count them.
keys d
wait_for 'faults: drop 10%'
keys d
wait_for 'faults: drop 30%'
keys u
wait_for 'dup 10%'
keys 1 2 1 2 1 2
wait_for_re '(dropped|drop) [1-9]'
wait_for_re '(duplicated|dup) [1-9]'
expect_fits 80
keys d d u u u
wait_gone 'faults:'

# Latency high enough to reorder, then back to what the world began with.
keys l
wait_for 'faults: latency 10ms-500ms'
keys l
wait_for 'faults: latency exp:200ms'
keys l
wait_gone 'faults:'

# Partition n3 every way, then heal: it diverges and catches up.
keys 3
wait_for_re '^▸ n3 '
keys p
wait_for 'faults: n3 cut off both ways'
wait_for_re '^▸ n3 .*cut off both ways'
# (1 increments n1 and selects it: back to n3 with the arrows.)
keys 1
wait_for 'DIVERGED'
keys Down Down
wait_for_re '^▸ n3 '
keys p
wait_for 'n3 cannot receive (in)'
keys p
wait_for 'n3 cannot send (out)'
keys p
wait_gone 'faults:'
keys p h
wait_gone 'faults:'
wait_for 'CONVERGED'

# The relay: under relay nothing propagates while it is down.
before=$(sent)
keys m
wait_for 'faults: relay DOWN'
wait_for 'relay DOWN  nothing propagates'
keys 2
wait_for 'DIVERGED'
wait_for 'lost on arrival: the relay is down'
keys m
wait_gone 'relay DOWN'
wait_for 'CONVERGED'
after=$(sent)
[ "${after:-0}" -gt "${before:-0}" ] || fail "sent did not grow: $before -> $after"

# A worker: crash and a durable restart lose nothing.
keys 4
wait_for_re '^▸ n4 '
keys c
wait_for_re '^▸ n4 .* DOWN'
wait_for 'faults: n4 DOWN'
keys 4
wait_for 'n4 is down (restart it first)'
keys c
wait_for 'n4 restarted with its own count from disk'
wait_gone 'faults:'
wait_for 'CONVERGED'

# Amnesia: restarted from zero, n4 counts again before gossip tells it
# its old count (paused, so no gossip can): that increment hides behind
# the old maximum, for good.
keys a
wait_for 'faults: restarts from ZERO (amnesia)'
keys c
wait_for 'n4 DOWN'
keys Space
wait_for 'PAUSED'
keys c
wait_for 'n4 restarted from zero (amnesia)'
wait_for 'restarted from zero '
keys 4
wait_for 'LOST 1'
wait_for_re 'join .* made [0-9]+ · LOST 1'
expect_fits 80
keys Space a
wait_for 'RUNNING'
wait_gone 'faults:'
wait_for 'CONVERGED'
wait_for 'LOST 1'

# The reader: random reads, then sticky, then off.
keys v
wait_for_re 'reader random: [0-9]+ from n[0-9]'
keys v
wait_for 'reader sticky'
keys v
wait_gone 'reader sticky'
expect_fits 80
keys q
expect_exit 0
pass
