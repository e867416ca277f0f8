#!/usr/bin/env bash
# --big on a large window draws the vectors themselves in big digits (not
# only the totals), and falls back to the ordinary grid where they do not
# fit; --beginner hides the line of jargon (dlv, B/op, p99) (issue #14).
. "$(dirname "$0")/harness.sh" "$@"

# 120x40, 4 nodes: each node's row is big digits, no [own] brackets.
tui_start 120 40
gc_run --big --seed 1
wait_for 'CONVERGED'
keys 1 1 3
wait_for 'true total 3'
shown=$(screen)
grep -qE '^ +node +n1 +n2 +n3 +n4 +value' <<<"$shown" ||
	fail "no header of the big vectors"
# A big digit is three rows of block glyphs under each name.
big_rows=$(grep -cE '^(. )? *(n[1-4]|truth)? *[▀▄█ ]{20,}' <<<"$shown")
((big_rows >= 10)) || fail "the vectors are not drawn big ($big_rows rows)"
grep -qE '\[[0-9]+\]' <<<"$shown" && fail "the ordinary grid is still drawn"
expect_fits 120
keys q
expect_exit 0

# 80x24 has no room for them: the ordinary grid, as before.
tmux_ kill-server
tui_start 80 24
gc_run --big --seed 1
wait_for 'CONVERGED'
wait_for_re '^. n1 +\[0\]'
expect_fits 80
keys q
expect_exit 0

# The beginner's layout: the vectors and the truth, no jargon line.
tmux_ kill-server
tui_start 80 24
gc_run --beginner --seed 1 --rate 5
wait_for_re '^. n1 +\['
wait_for 'truth'
shown=$(screen)
for word in dlv B/op p99 p50 /inc; do
	grep -qF "$word" <<<"$shown" && fail "the beginner's layout shows '$word'"
done
expect_fits 80
keys q
expect_exit 0
pass
