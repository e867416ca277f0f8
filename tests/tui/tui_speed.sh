#!/usr/bin/env bash
# --speed starts the dashboard at that speed (the nearest of its steps):
# slow motion for a lecture, and + and - go on from there.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
gc_run --seed 2 --speed 0.25
wait_for 'speed 1/4x'
keys +
wait_for 'speed 1/2x'
keys q
expect_exit 0
gc_run --seed 2 --speed 5
wait_for 'speed 4x'
keys q
expect_exit 0
pass
