#!/usr/bin/env bash
# ? opens the help over the dashboard and pauses the run; Esc and ? close it
# and the run goes on. Every key of the status line is in the help.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
gc_run --seed 3
wait_for 'RUNNING'
keys '?'
wait_for 'gcounter keys'
wait_for 'PAUSED'
for k in '1 – 9' 'Enter' 'space' '. or PgDn' '+ / -' 'q or Ctrl-C' 'Esc'; do
	wait_for "$k"
done
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
keys q
expect_exit 0
pass
