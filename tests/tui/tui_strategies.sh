#!/usr/bin/env bash
# Every propagation strategy --help lists runs in the dashboard: messages
# of every kind (pull requests carry no vector) draw, and the cluster
# converges on what was pressed.
. "$(dirname "$0")/harness.sh" "$@"

strategies=$("$GCOUNTER" --help | sed -n '/^Strategies:/,/^Modes:/p' | awk 'NR > 1 && /^  [a-z]/ { print $1 }')
[ -n "$strategies" ] || fail "no strategies in --help"
tui_start 80 24
for strategy in $strategies; do
	keys -l 'clear'
	keys Enter
	gc_run --seed 17 --strategy "$strategy"
	wait_for "strategy $strategy"
	keys + +
	wait_for 'speed 4x'
	keys 1 2 2
	wait_for 'true total 3'
	wait_for 'every node reads 3'
	expect_fits 80
	keys q
	expect_exit 0
done
pass
