#!/usr/bin/env bash
# With 64 nodes on 80x24 the grid scrolls: nothing is drawn past the edge,
# every row is a proper row, and the selected node stays in view.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
gc_run --seed 10 --nodes 64
wait_for 'nodes 1-'
check_screen() {
	expect_fits 80
	# Every grid row is a node's name, then numbers (own slot in
	# brackets, behind marked ‹), then its value.
	screen | grep -E '^. n[0-9]+ ' |
		grep -vqE '^. n[0-9]+ +(\[?[0-9]+[]‹]? +)+[0-9]+( −[0-9]+)?$' &&
		fail "a garbled grid row"
	return 0
}
check_screen
# Up from n1 goes to n64, which must come into view, selected.
keys Up
wait_for_re '^▸ n64 '
wait_for 'nodes 5'
check_screen
keys Enter
wait_for 'true total 1'
wait_for_re '^▸ n64 .*\[1\]'
check_screen
# Walk down through all of them: the selection stays visible throughout.
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do keys Down; done
wait_for_re '^▸ n20 '
check_screen
keys q
expect_exit 0
pass
