#!/usr/bin/env bash
# A real-nodes dashboard stopped from outside (kill -STOP, as a laptop put
# to sleep would be) for longer than --answer and than what is left of
# its run: the loop takes the wall clock's jump as a pause, says so on
# the status line, and the nodes still answer their final reads: the
# checker passes (before, every final read timed out at once).
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
run_in_pane "$GCOUNTER --exec '$GCOUNTER maelstrom-node' --nodes 3 --duration 2s --settle 500ms --answer 1s --seed 5"
wait_for_re 'n2 +up +[0-9]+'
pid=$(gc_pid)
kill -STOP "$pid"
# (The shell sees its job stop, as it would Ctrl-Z's, and fg sends the
# SIGCONT; but SIGSTOP cannot be caught: gcounter never knew.)
wait_for 'Stopped'
sleep 3.5
run_in_pane 'fg'
wait_for 'stopped from outside for'
wait_for 'checker: VALID' 30
keys q
expect_exit 0
expect_sane_tty
pass
