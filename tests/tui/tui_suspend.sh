#!/usr/bin/env bash
# Ctrl-Z gives the terminal back to the shell (echo and icanon on); fg
# brings the dashboard back, redrawn, and it still takes keys.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
gc_run --seed 21
keys 1
wait_for 'true total 1'
keys C-z
wait_for 'Stopped'
expect_sane_tty
# The shell drops the rest of a stopped command line: fg reports the
# status instead.
run_in_pane 'fg'
wait_for 'strategy relay'
wait_for 'true total 1'
keys 1
wait_for 'true total 2'
keys q
expect_exit 0
expect_sane_tty
pass
