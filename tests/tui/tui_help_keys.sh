#!/usr/bin/env bash
# Every key has its line in the help overlay, and every strategy and
# propagation mode its sentence; at 80x24 the help scrolls to show them
# all. On a wide screen the status line lists every fault key.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
gc_run --seed 5
keys '?'
wait_for 'gcounter keys'
all="$WORK/help.txt"
: >"$all"
for _ in 1 2 3 4 5 6 7 8; do
	screen >>"$all"
	keys NPage
	sleep 0.2
done
screen >>"$all"
for k in '1 – 9' 'Enter' 'g' 'space' '. or PgDn' '+ / -' 'r' 'b' \
	'? or Esc' 'q or Ctrl-C' 'Ctrl-L' 'Ctrl-Z' 's / S' 'd' 'u' 'l' 'p' \
	'h' 'c' 'a' 'm' 'v' 'o'; do
	grep -qE "│ $(printf '%s' "$k" | sed 's/[.?+]/\\&/g') +[a-z]" "$all" ||
		fail "no help line for '$k'"
done
for what in 'drop messages' 'duplicate messages' 'latency: as started' \
	'partition the selected node' 'heal every partition' \
	'crash the selected worker' 'restart mode: durable' \
	'crash the master relay' 'reader: off' \
	'propagation mode, what a message carries'; do
	grep -qF "$what" "$all" || fail "the help does not say '$what'"
done
strategies=$("$GCOUNTER" --help | sed -n '/^Strategies:/,/^Modes:/p' | awk 'NR > 1 && /^  [a-z]/ { print $1 }')
for s in $strategies; do
	grep -qE "│ (▸ |  )$s +[a-z]" "$all" || fail "no sentence for strategy $s"
done
for mode in state delta op op-reliable; do
	grep -qE "│ (▸ |  )$mode +[a-z]" "$all" || fail "no sentence for mode $mode"
done
grep -q 'lines .* of ' "$all" || fail "no scroll position shown"
keys PPage PPage PPage PPage PPage PPage PPage PPage PPage
wait_for '1 – 9'
keys Escape
wait_gone 'gcounter keys'
keys q
expect_exit 0

# Wide enough for every hint.
keys -l 'clear'
keys Enter
tmux_ resize-window -t gc -x 230 -y 30
gc_run --seed 5
for hint in 's strategy' 'o mode' 'd drop' 'u dup' 'l latency' 'p partition' \
	'h heal' 'c crash' 'a amnesia' 'm relay' 'v reader'; do
	screen | tail -n 1 | grep -qF "$hint" || fail "no '$hint' in the status line"
done
keys q
expect_exit 0
pass
