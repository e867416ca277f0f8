#!/usr/bin/env bash
# Ctrl-C quits cleanly (status 128+SIGINT) and restores the terminal.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
gc_run --seed 12
keys C-c
expect_exit 130
expect_sane_tty
pass
