#!/usr/bin/env bash
# ? opens the help over the dashboard and pauses the run; Esc and ? close it
# and the run goes on. Every key of the status line is in the help.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
gc_run --seed 3
wait_for 'RUNNING'
# The hint names the keys of 4 nodes (checked before any message covers it).
wait_for '1-4 inc'
keys '?'
wait_for 'gcounter keys'
wait_for 'PAUSED'
for k in '1 – 9' 'Enter' 'space' '. or PgDn' '+ / -' 'q or Ctrl-C' 'Esc'; do
	wait_for "$k"
done
# The overlay owns its rows edge to edge: nothing of the dashboard shows
# beside the box (the selection mark, a log line's first letter).
screen | grep -qE '^[^ ][│┌└]' && fail "the dashboard shows beside the help box"
# A key that does nothing here says so, and the help stays.
keys 1
wait_for 'close the help first'
keys Escape
wait_gone 'gcounter keys'
wait_for 'RUNNING'
keys '?'
wait_for 'gcounter keys'
keys '?'
wait_gone 'gcounter keys'
wait_for 'RUNNING'
# A long status message is cut at a word with an ellipsis, before the hint
# for help, which always stays.
keys s
wait_for 'strategy gossip:'
screen | tail -n 1 | grep -qE '[a-z]… +\? help' ||
	fail "the status line is not cut at a word before ? help"
keys q
expect_exit 0
pass
