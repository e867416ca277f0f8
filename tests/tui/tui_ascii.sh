#!/usr/bin/env bash
# In a locale that is not UTF-8 the dashboard draws plain ASCII only.
TUI_LANG=C
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
# At 1/16x: the increment's log line is on screen for about a second, not
# the 50 ms before the merges it causes push it out of the log (a loaded
# machine's polls missed it).
gc_run --seed 16 --speed 0.0625
keys 1
wait_for 'true total 1'
wait_for 'n1 incremented its own slot -> [1,0,0,0]'
screen | LC_ALL=C grep -q $'[\x80-\xff]' && fail "non-ASCII bytes on screen"
keys q
expect_exit 0
pass
