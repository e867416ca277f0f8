#!/usr/bin/env bash
# q quits with status 0, leaves no process, and the terminal is sane.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
gc_run --seed 11
keys q
expect_exit 0
expect_sane_tty
pass
