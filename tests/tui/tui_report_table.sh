#!/usr/bin/env bash
# What the screen says at 80x24 (issue #14): a scenario's reports are named
# by the strategy they compare, end in a table that fits, and the numbers
# line counts the phase in force (a new reader starts with no backwards
# reads; idle gossip is named, not counted per increment).
. "$(dirname "$0")/harness.sh" "$@"

cat >"$WORK/cmp.gcs" <<'GCS'
title "Three strategies"
nodes 8
seed 5
strategy relay
latency 20-60ms
reader random
read-rate 40
at 0s rate 20
after 2s rate 0
after 2s report
strategy gossip
rate 20
after 2s rate 0
after 4s report
reader sticky
strategy on-change
rate 20
after 2s rate 0
after 2s report
report table
caption "Same truth, different costs."
GCS

tui_start 80 24
gc_run --script "$WORK/cmp.gcs" --speed 8
wait_for 'report: relay: '
wait_for 'report: gossip: '
wait_for 'the reports side by side'
wait_for 'Same truth, different costs.'
# The table: a header, one row per strategy, every number there.
wait_for_re 'strategy +msgs/inc +bytes/inc +p50 +p99 +idle msgs'
wait_for_re '^ *│? *relay +[0-9.]+ +[0-9.]+ +[0-9.]+m?s +[0-9.]+m?s +[0-9]+'
wait_for_re 'gossip +[0-9.]+ +[0-9.]+'
wait_for_re 'on-change +[0-9.]+ +[0-9.]+'
screen | grep -q 'state mode:' && fail "a report still says 'state mode:'"
# The sticky reader's phase: no backwards read counted from before.
wait_for_re ' back 0( |$)'
expect_fits 80
# At the end the table stays; running on past the end gives the screen
# back to the vectors.
wait_for 'the end of the scenario'
screen | grep -q 'the reports side by side' || fail "the table went at the end"
keys Space
wait_gone 'the reports side by side'
wait_for_re '^. n1 +\['
keys q
expect_exit 0
pass
