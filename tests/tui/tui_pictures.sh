#!/usr/bin/env bash
# The pictures at 80x24, as a presenter sees them: the network view with a
# message on its way from n2 to the relay, n3's link cut after p, then the
# space-time diagram (a column per node and the relay, the increments with
# their vectors, the partition as a rule), and back to the table.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
gc_run --seed 4 --view network
wait_for '│ relay │'
# Paused, n2 counts and gossips: its message leaves for the relay, on
# the link between the relay's box and n2's (n2 sits on the right).
keys Space
wait_for 'PAUSED'
# Where the pause lands depends on the machine's load: from 0.9 s on, the
# gossip in flight to and from n3 would sit on its link, drawn over the
# cross. The start of the run has nothing in flight, whenever the pause
# came: the keys below change the world there (a new future from 0 s).
keys Home
wait_for_re 'THE PAST .* t 0\.000s'
keys 2 g
wait_for '║ [0,1,0,0]'
screen | grep -E '│ relay │' | grep -qE 'relay │[─ ]*.*●.*║ \[0,1,0,0\]' ||
	fail "no message between the relay and n2"
expect_fits 80
# n3 (below the relay) cut off both ways: its box says so, and its link
# below the relay is dotted with a cross in the middle.
keys 3 p
wait_for 'cut both ways'
screen | grep -qE '^ {30,}✗ *$' || fail "no cross on n3's link"
screen | grep -qE '^ {30,}· *$' || fail "n3's link is not dotted"
expect_fits 80
# The space-time diagram of the same run.
keys w
wait_for_re '^time +n1 +n2 +relay +n3 +n4'
wait_for 'partition n3: cut off both ways'
wait_for '◆ +1 [0,1,0,0]'
wait_for '◆ +1 [0,0,1,0]'
expect_fits 80
# And the table again, event log and all.
keys w
wait_for 'events · newest last'
wait_gone '│ relay │'
keys q
expect_exit 0
pass
