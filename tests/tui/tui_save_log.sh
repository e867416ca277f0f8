#!/usr/bin/env bash
# A live session saved with --save-log replays, headless, to the values
# the screen showed; played back live with --replay it reaches them too,
# and a key that would change the world is refused during the replay.
. "$(dirname "$0")/harness.sh" "$@"

# The value column of each node's row, n1 first: "3 3 3 2"; a crashed
# node holds nothing and shows "-".
screen_values() {
	screen | grep -E '^. n[0-9]+ ' | awk '{
		if ($0 ~ / DOWN/) { print "-"; next }
		for (i = NF; i > 0; i--) if ($i ~ /^[0-9]+$/) { print $i; break } }' |
		tr '\n' ' ' | sed 's/ $//'
}

log="$WORK/session.log"
tui_start 80 24
gc_run --seed 8 --save-log "$log"
keys 1 1 2
wait_for 'true total 3'
keys d s 3
wait_for 'strategy gossip'
keys p 4 4 c
wait_for 'faults: drop 10% · n4 DOWN · n3 cut off both ways'
keys h 1
wait_gone 'cut off'
keys Space
wait_for 'PAUSED'
shown=$(screen_values)
[ -n "$shown" ] || fail "no values on screen"
keys q
expect_exit 0
[ -s "$log" ] || fail "no log saved"
grep -q ' strategy gossip$' "$log" || fail "the log lacks the strategy switch"
grep -q ' crash n4$' "$log" || fail "the log lacks the crash"
"$GCOUNTER" --headless --replay "$log" --json >"$WORK/replay.json" ||
	fail "the headless replay failed: $(cat "$WORK/replay.json")"
replayed=$(sed 's/.*"values":\[\([0-9,]*\)\].*/\1/' "$WORK/replay.json" | tr ',' ' ')
# n4 is down at the end: the screen blanks its row.
replayed=$(echo "$replayed" | awk '{ $4 = "-"; print }')
[ "$replayed" = "$shown" ] ||
	fail "the screen showed '$shown', the replay gives '$replayed'"

# Live, the same log: keys are refused, and the end shows those values.
keys -l 'clear'
keys Enter
gc_run --replay "$log"
keys 2
wait_for 'a key that changes the world would break the replay'
keys + + + +
wait_for 'the end of the scenario'
[ "$(screen_values)" = "$shown" ] ||
	fail "the live replay ends at '$(screen_values)', not '$shown'"
keys q
expect_exit 0
pass
