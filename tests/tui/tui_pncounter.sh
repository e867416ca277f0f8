#!/usr/bin/env bash
# A PN-Counter on the dashboard: each node shows its P vector above its N
# vector; Shift and a digit (or Backspace, for the selected node) counts
# down, the value drops below zero, and the replicas converge to
# increments minus decrements. The session saved with --save-log replays,
# headless, to the values on screen. In a G-Counter the same keys say why
# they do nothing.
. "$(dirname "$0")/harness.sh" "$@"

# The value column of each node's P row, n1 first, with ASCII minus signs:
# "0 0 0 0".
screen_values() {
	screen | grep -E '^. n[0-9]+ +P\+' | sed 's/−/-/g' |
		awk '{ for (i = NF; i > 0; i--) if ($i ~ /^-?[0-9]+$/) { print $i; break } }' |
		tr '\n' ' ' | sed 's/ $//'
}

# row_after NODE: the N row under a node's P row ("n2"), as on screen.
row_after() {
	screen | grep -E -A1 -- "^. $1 +P\+" | sed -n 2p
}

log="$WORK/pn.log"
tui_start 80 24
gc_run --crdt pncounter --seed 42 --save-log "$log"
wait_for 'CONVERGED'
screen | tail -n 1 | grep -qF '⇧1-4 dec' || fail "no decrement key in the status line"
# Paused, the presses still count and their log lines stay on screen.
keys Space
wait_for 'PAUSED'
keys 1 1 1
# Shift-2 twice, then Backspace for n2, which the last key selected.
keys '@' '@' BSpace
wait_for 'true value 0 = 3 − 3'
wait_for 'n2 −1 → +[0,0,0,0] −[0,3,0,0], value −3'
# Both vectors, labelled, each node's own slot in brackets: n1 counted up
# in P, n2 down in N; n2 reads −3, three short, and n1 three over, each
# distance in words, so that "−3 −3" cannot read as two values.
wait_for_re '^. n1 +P\+ +\[3\] +0 +0 +0 +3 +3 \(3 above\)$'
wait_for_re '^. n2 +P\+ +0‹ +\[0\] +0 +0 +0 +−3 \(3 below\)$'
[[ $(row_after n2) =~ ^\ +N−\ +0\ +\[3\]\ +0\ +0\ +3$ ]] ||
	fail "n2's N row: '$(row_after n2)'"
wait_for_re '^  truth P\+ +3 +0 +0 +0 +3 +0$'
wait_for_re '^ +N− +0 +3 +0 +0 +3$'
keys Space
wait_for 'RUNNING'
wait_for 'every node reads 0 · true value 0 = 3 − 3'
# Below zero: n3 takes two away, and everyone follows.
keys '#' '#'
wait_for 'every node reads −2 · true value −2 = 3 − 5'
# Every N row holds n2's 3 and n3's 2 (its own in brackets), sum 5.
n_row='^ +N− +\[?0\]? +\[?3\]? +\[?2\]? +\[?0\]? +5$'
for node in n1 n2 n3 n4; do
	[[ $(grid_row "$node") =~ ' −2'$ ]] || fail "$node does not read −2: '$(grid_row "$node")'"
	[[ $(row_after "$node") =~ $n_row ]] ||
		fail "$node's N row: '$(row_after "$node")'"
done
wait_for 'converged: every node holds +[3,0,0,0] −[0,3,2,0], value −2'
keys Space
wait_for 'PAUSED'
shown=$(screen_values)
[ "$shown" = "-2 -2 -2 -2" ] || fail "the screen shows '$shown'"
keys q
expect_exit 0

# The saved session replays, headless, to the values that were on screen.
[ -s "$log" ] || fail "no log saved"
grep -q '^crdt pncounter$' "$log" || fail "the log does not say it is a PN-Counter"
grep -q ' dec n3$' "$log" || fail "the log lacks the decrements"
"$GCOUNTER" --headless --replay "$log" --json >"$WORK/replay.json" ||
	fail "the headless replay failed: $(cat "$WORK/replay.json")"
replayed=$(sed 's/.*"values":\[\([-0-9,]*\)\].*/\1/' "$WORK/replay.json" | tr ',' ' ')
[ "$replayed" = "$shown" ] ||
	fail "the screen showed '$shown', the replay gives '$replayed'"

# A G-Counter only counts up: the decrement keys say so.
keys -l 'clear'
keys Enter
gc_run --seed 42
keys '!'
wait_for 'a G-Counter only counts up — start with --crdt pncounter'
screen | tail -n 1 | grep -qF 'dec' && fail "a decrement hint in a G-Counter"
keys 1
wait_for 'true total 1'
wait_gone 'only counts up'
keys BSpace
wait_for 'a G-Counter only counts up — start with --crdt pncounter'
wait_for 'true total 1'
keys q
expect_exit 0
pass
